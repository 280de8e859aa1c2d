# The two commands of the README: `make run` and `make test`. Everything else serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TITRESTO := $(BIN)/titresto
export DJANGO_SETTINGS_MODULE := titresto.settings

.PHONY: run test gates pytest bench assets translations messages serve-setup clean help

help:
	@echo "make run    sets everything up and serves the portal on http://127.0.0.1:$(PORT) with demo data"
	@echo "make test   sets up and runs every check and test (SQLite, or DATABASE_URL when set)"
	@echo "make bench  prints the speed figures the issues ask for"

# --- setup -----------------------------------------------------------------
$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "titresto needs Python 3.11 or newer (python3 --version).")'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.lock
	$(BIN)/pip install --quiet -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

VENDOR := titresto/static/vendor
assets: node_modules/.installed
	@mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/chartjs
	@cp node_modules/bootstrap/dist/css/bootstrap.min.css{,.map} node_modules/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} $(VENDOR)/bootstrap/
	@cp node_modules/htmx.org/dist/htmx.min.js{,.map} $(VENDOR)/htmx/
	@cp node_modules/chart.js/dist/chart.umd.min.js{,.map} $(VENDOR)/chartjs/

translations: $(VENV)/.installed
	@$(TITRESTO) compiletranslations

# Developers only (needs gettext's xgettext): refresh the English catalog from the French sources.
messages: $(VENV)/.installed
	cd titresto && ../$(TITRESTO) makemessages --locale en --no-obsolete --ignore 'static/*' --ignore '*/tests/*'

serve-setup: $(VENV)/.installed assets translations
	$(TITRESTO) migrate --noinput
	$(TITRESTO) createcachetable
	$(TITRESTO) collectstatic --noinput --verbosity 0

# --- the two commands --------------------------------------------------------
run: export DEBUG ?= true
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: serve-setup
	$(TITRESTO) demo-data
	$(TITRESTO) serve --port $(PORT)

test: $(VENV)/.installed-dev assets translations
	@bash tools/ensure_chromium.sh
	$(MAKE) --no-print-directory gates
	$(MAKE) --no-print-directory pytest

gates: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TITRESTO) makemigrations --check --dry-run
	HTTPS=true DEBUG=false ALLOWED_HOSTS=titresto.example PAYMENT_PROVIDER=stripe STRIPE_SECRET_KEY=sk_live_check STRIPE_WEBHOOK_SECRET=whsec_check SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  $(TITRESTO) check --deploy --fail-level WARNING
	$(BIN)/mypy titresto

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -n 2 --dist loadfile

bench: $(VENV)/.installed-dev assets translations
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
