# Sigap: the verbs a newcomer needs. `make run` and `make test` are the two that matter.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test test-fast browser-test lint fmt typecheck messages assets install install-dev migrate demo clean check-deploy benchmark

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sigap needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(DEV_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_cases
	$(PY) manage.py optimize_database

## run: fresh machine -> venv, install, migrate, regions, demo data, worker + gunicorn on :8000
# Static files as in production: hashed names, precompressed, cached for a year (docs/performance.md).
run: demo
	SIGAP_MANIFEST_STATIC=$${SIGAP_MANIFEST_STATIC:-true} $(PY) manage.py collectstatic --noinput --verbosity 0
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) ./scripts/serve.sh

## dev: Django's autoreloading server and a worker, for development
dev: demo
	$(PY) manage.py worker & trap 'kill %1' EXIT INT TERM; DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (browser tests are skipped, and say so, where Chromium is missing)
test: install-dev
	$(PY) -m pytest -n auto

browser-test: install-dev
	$(PY) -m pytest tests/browser

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install-dev
	$(VENV)/bin/mypy sigap

## messages: extract translatable strings into sigap/locale and compile them
messages: install-dev
	cd sigap && ../$(PY) ../manage.py makemessages --locale id --locale en --no-obsolete --add-location file \
		--ignore 'static/vendor/*'
	cd sigap && ../$(PY) ../manage.py makemessages --domain djangojs --locale id --locale en --no-obsolete \
		--ignore 'static/vendor/*'
	$(PY) manage.py compilemessages --ignore .venv
	$(PY) scripts/check_translations.py

## assets: refresh the vendored front-end assets from the npm registry (needs Node.js)
assets:
	./scripts/vendor-assets.sh

## benchmark: CASES (default 100000) synthetic cases in the configured database, then list and search timed
CASES ?= 100000
benchmark: migrate
	$(PY) manage.py benchmark_cases --cases $(CASES)

## check-deploy: production settings with only the required variables must pass `check --deploy`
check-deploy: install
	env -i PATH="$$PATH" HOME="$$HOME" \
	SIGAP_ENV=production SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-secret-value-xxxxxxxxxxxxxxxx \
	ALLOWED_HOSTS=sigap.example.org DATABASE_URL=sqlite:////tmp/sigap-check-deploy.sqlite3 \
	SIGAP_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	SIGAP_BLIND_INDEX_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
