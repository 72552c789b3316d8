# The two set-up commands are `make run` and `make test`; everything else is reached from them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed-$(shell sha1sum $(LOCK) 2>/dev/null | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench migrate demo sysdeps venv clean check-python

run: venv sysdeps migrate demo ## serve the embedded default on http://127.0.0.1:8000
	@echo ""
	@echo "API docs:  http://$(HOST):$(PORT)/api/docs/"
	@echo "Admin:     http://$(HOST):$(PORT)/admin/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv sysdeps ## the whole suite (PostgreSQL when DATABASE_URL says so, else SQLite)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv ## ruff (lint and format) and the migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv sysdeps ## performance figures as ratios to floors measured in the same run
	$(BIN)/python -m benchmarks

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: venv ## the pilot pourashavas' demo data; safe to run again
	$(BIN)/python manage.py load_demo_data

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "Python 3.11 is needed: '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Set PYTHON=python3.11."; exit 1; }

venv: check-python $(STAMP)

$(STAMP): $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	rm -f $(VENV)/.installed-*
	touch $@

# WeasyPrint needs Pango, and HarfBuzz's subsetter to embed fonts quickly (without it each PDF
# takes seconds). Install them when we can (root with apt), otherwise say what is missing.
SYSLIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
sysdeps: venv
	@if ! ldconfig -p | grep -q libharfbuzz-subset.so.0 || ! $(BIN)/python -c "import weasyprint" 2>/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing $(SYSLIBS) for WeasyPrint (apt-get)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSLIBS) >/dev/null; \
	  else \
	    echo "WeasyPrint needs system libraries. Install them first:"; \
	    echo "  sudo apt-get install $(SYSLIBS)"; \
	    exit 1; \
	  fi; \
	fi
	@$(BIN)/python -c "import weasyprint"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
