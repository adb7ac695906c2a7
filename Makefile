# Collegium: `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MAILBOX_PORT ?= 2525
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-postgres lint audit bench deps install messages demo worker clean

deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

install: deps $(STAMP) messages

messages: $(STAMP)
	@cd src/collegium && ../../$(BIN)/collegium compilemessages -v 0 >/dev/null

run: install
	$(BIN)/collegium migrate --noinput -v 0
	$(BIN)/collegium demo
	$(BIN)/collegium collectstatic --noinput -v 0
	@echo "Collegium: http://127.0.0.1:8000  (worker and local mailbox run beside the web server; Ctrl+C stops all)"
	@echo "Mail goes to the local mailbox only (var/mail); read it with: $(BIN)/collegium mailbox --list"
	@trap 'kill 0' EXIT; export COLLEGIUM_EMAIL_URL=smtp://127.0.0.1:$(MAILBOX_PORT); \
	$(BIN)/collegium mailbox --port $(MAILBOX_PORT) & sleep 1; \
	$(BIN)/collegium worker & \
	$(BIN)/collegium runserver 127.0.0.1:8000

# The whole suite on SQLite; and on PostgreSQL too when COLLEGIUM_TEST_POSTGRES_URL is set (CI sets it).
test: install
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$COLLEGIUM_TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite:
	@echo "== tests on SQLite =="
	COLLEGIUM_DATABASE_URL= $(BIN)/python -m pytest src $(PYTEST_ARGS)

test-postgres:
	@echo "== tests on PostgreSQL =="
	COLLEGIUM_DATABASE_URL=$$COLLEGIUM_TEST_POSTGRES_URL $(BIN)/python -m pytest src $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/collegium check

# Known vulnerabilities in the installed packages (pip-audit asks PyPI's advisory API; where that is
# unreachable the script says the audit was not done instead of passing silently).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var/*.sqlite3* var/static var/uploads
