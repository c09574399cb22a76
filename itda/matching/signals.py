"""Cache invalidation of the engine indexes when profiles or needs change."""
