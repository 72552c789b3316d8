# The two set-up commands are `make run` and `make test`; everything else is reached from them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed-$(shell sha1sum $(LOCK) 2>/dev/null | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run walk test lint format bench migrate demo messages sysdeps chromium venv clean check-python

run: venv sysdeps migrate demo ## serve the embedded default on http://127.0.0.1:8000 (PORT=8103: payments come back to :8103 too)
	@echo ""
	@echo "API docs:  http://$(HOST):$(PORT)/api/docs/"
	@echo "Admin:     http://$(HOST):$(PORT)/admin/"
	PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

walk: venv sysdeps ## the README's citizen and certificate walks, as written, against a fresh server
	$(BIN)/python scripts/walk_readme.py

test: venv sysdeps chromium ## the whole suite, browser tests included (PostgreSQL when DATABASE_URL says so, else SQLite)
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

# The Bangla catalogs. Compiled .mo files are committed (a fresh clone needs no gettext tools;
# tests/backend/panel/test_catalogs.py checks they match the .po files). After changing strings:
# `make messages`, translate what is new, and run it again. A string goes to the nearest catalog:
# an app with its own `locale/` directory keeps its strings there (so apps are translated without
# touching one shared file), everything else goes to backend/locale. backend/panel/locale (fixes to
# Django's own catalogs) and djangojs.po (the admin's JavaScript) are kept by hand.
LOCALE_PO = $(wildcard backend/locale/bn/LC_MESSAGES/*.po backend/*/locale/bn/LC_MESSAGES/django.po \
  services/*/locale/bn/LC_MESSAGES/django.po)
messages: venv ## extract the translatable strings and compile the Bangla catalogs (needs gettext)
	$(BIN)/python manage.py makemessages -l bn --no-location --no-obsolete \
	  -i 'backend/panel/locale' -i tests -i benchmarks -i var -i deploy -i requirements -i .venv
	for po in $(LOCALE_PO); do msgfmt --check-format -o $${po%.po}.mo $$po || exit 1; done

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

# The browser tests (tests/e2e) drive Debian's Chromium through Playwright: `playwright install`
# downloads its own browser build, which cannot be fetched here. PLAYWRIGHT_CHROMIUM_EXECUTABLE
# names another Chromium; without it, `chromium` on the PATH, installed here when missing.
chromium:
	@if [ -z "$$PLAYWRIGHT_CHROMIUM_EXECUTABLE" ] && ! command -v chromium >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing chromium for the browser tests (apt-get)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium. Install it first:"; \
	    echo "  sudo apt-get install chromium"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
