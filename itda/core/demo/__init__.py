"""A demo Gwangju for itda: Korean text corpora and a seeded generator (see `demo_city`)."""
