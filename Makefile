# A newcomer needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/annotate
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CHROMIUM_PATH=$${CHROMIUM_PATH:-/usr/bin/chromium}

.PHONY: run install migrate demo serve test test-fast lint format bench services-check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

## Serve the app on http://$(HOST):$(PORT) with a real Celery worker beside it.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A config worker --loglevel=INFO --pool=solo & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

services-check: install
	@$(TEST_ENV) $(BIN)/python -m tests.services_check

## The whole suite, against PostgreSQL and Redis, with real workers and Chromium.
test: install services-check
	$(TEST_ENV) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Throughput and memory figures, each beside a baseline measured in the same run.
bench: install services-check
	$(TEST_ENV) $(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) var .pytest_cache
