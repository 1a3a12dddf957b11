# Two commands on a fresh clone with only python3:
#   make run   — virtualenv, install, migrate, demo data, serve on http://127.0.0.1:5000
#   make test  — the whole suite on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app facilitate
CATALOGUES := $(wildcard facilitate/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test test-sqlite test-postgres install chromium lint format messages bench-selection

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics

instance/config.py: | $(STAMP)
	$(BIN)/python -m facilitate.instance_config

run: $(STAMP) $(COMPILED) instance/config.py
	$(FLASK) db upgrade
	$(FLASK) demo seed
	$(FLASK) run --host 127.0.0.1 --port 5000

# Browser tests drive Debian's chromium; install it when missing and we may (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install -y chromium' for the browser tests" >&2; exit 1; fi; }

test: $(STAMP) $(COMPILED) chromium
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)."; fi

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres:
	@echo "== test suite on PostgreSQL =="
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract messages and update the catalogues after changing user-facing text.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o facilitate/translations/messages.pot --no-location --sort-output --project facilitate --copyright-holder "facilitate contributors" .
	$(BIN)/pybabel update -i facilitate/translations/messages.pot -d facilitate/translations --no-fuzzy-matching --ignore-obsolete

bench-selection: $(STAMP)
	$(BIN)/python benchmarks/selection.py
