# Two commands on a fresh clone with only python3:
#   make run   — virtualenv, install, migrate, demo data, serve on http://127.0.0.1:5000
#   make test  — the whole suite on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LOCK_VENV := .lock-venv
FLASK := $(BIN)/flask --app facilitate
CATALOGUES := $(wildcard facilitate/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test test-sqlite test-postgres install lock chromium lint format messages bench-selection

# Installs take the exact versions in requirements.lock, then the project itself without
# resolving anything again, so every checkout runs the versions the suite last passed with.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# After changing the dependencies in pyproject.toml: resolve them afresh in a scratch
# virtualenv and pin every version installed. Commit requirements.lock with the change.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet '.[test]'
	{ echo "# Exact versions for 'make install'; refresh with 'make lock' (resolved from pyproject.toml)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude facilitate; } > $(LOCK)
	rm -rf $(LOCK_VENV)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics

instance/config.py: | $(STAMP)
	$(BIN)/python -m facilitate.instance_config

# An instance/config.py written before PUBLIC_URL was required lacks it; the demo serves here.
run: export PUBLIC_URL ?= http://127.0.0.1:5000
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
