# itda — two commands: `make demo` and `make test`. Everything else is set up from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
PG_DIR ?= /tmp/itda-pg-$(shell id -u)

.PHONY: demo test install system-deps-demo system-deps-test lint typecheck messages \
        test-sqlite test-postgres test-e2e serve worker clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

system-deps-demo:
	@scripts/system-deps.sh demo

system-deps-test:
	@scripts/system-deps.sh test

messages: $(STAMP)
	@DEBUG=1 $(PY) manage.py compilemessages -v0 --ignore '.venv/*' --ignore 'itda_match/*'

## make demo: set up, fill the demo city (once), start the task workers and serve http://127.0.0.1:8000
demo: system-deps-demo install messages
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate -v0
	DEBUG=1 $(PY) manage.py demo_city
	@set -e; trap 'kill $$(jobs -p) 2>/dev/null || true' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py db_worker --interval 1 --no-startup-delay --no-reload > var/worker.log 2>&1 & \
	  DEBUG=1 $(PY) manage.py db_worker --queue-name batch --interval 5 --no-startup-delay --no-reload > var/batch-worker.log 2>&1 & \
	  DEBUG=1 $(PY) manage.py itda_scheduler > var/scheduler.log 2>&1 & \
	  echo; echo "  itda is running on http://$(HOST):$(PORT)/   (stop with Ctrl+C)"; \
	  echo "  task worker logs: var/worker.log, var/batch-worker.log; scheduler log: var/scheduler.log"; echo; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT) --noreload

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy .

test-sqlite: $(STAMP)
	$(BIN)/pytest -p no:cacheprovider -m "not e2e"

test-postgres: $(STAMP)
	@set -e; url=$$(scripts/pg-throwaway.sh start $(PG_DIR)); \
	  trap 'scripts/pg-throwaway.sh stop $(PG_DIR)' EXIT; \
	  echo "PostgreSQL throwaway cluster: $$url"; \
	  DATABASE_URL="$$url" $(BIN)/pytest -p no:cacheprovider -m "not e2e" --ignore=tests/engine

test-e2e: $(STAMP)
	$(BIN)/pytest -p no:cacheprovider -m e2e

## make test: set up and run lint, types and the whole suite (SQLite, PostgreSQL, browser)
test: system-deps-test install messages lint typecheck test-sqlite test-postgres test-e2e

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache
