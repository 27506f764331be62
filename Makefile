# Bianmin: `make demo` serves a demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench install install-dev messages serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then $(BIN)/bianmin compilemessages --ignore=.venv -v 0; fi

# The demo serves on this machine, so its notices' QR codes point here; a real server sets its own address
# (bianmin.W001 warns at start-up when BIANMIN_PUBLIC_URL is missing).
demo: export BIANMIN_PUBLIC_URL ?= http://$(HOST):$(PORT)
demo: install messages
	$(BIN)/bianmin migrate --no-input -v 0
	$(BIN)/bianmin demo
	@echo "Serving the demo on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/gunicorn bianmin.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

# Runs every test on SQLite, then again on PostgreSQL when BIANMIN_TEST_DATABASE_URL is set.
test: install-dev messages
	env -u BIANMIN_TEST_DATABASE_URL $(BIN)/python -m pytest -n 2 --dist loadgroup -q
	@if [ -n "$$BIANMIN_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$BIANMIN_TEST_DATABASE_URL)"; \
		$(BIN)/python -m pytest -n 2 --dist loadgroup -q; \
	fi

lint: export BIANMIN_PUBLIC_URL ?= http://127.0.0.1:8000
lint: install-dev
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy src
	$(BIN)/bianmin makemigrations --check --dry-run

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/test*.sqlite3*
