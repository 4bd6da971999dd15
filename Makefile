# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock 2>/dev/null | sha1sum | cut -c1-12)
# Tests run with production-like settings (DEBUG off) and a throwaway secret.
# With DEBUG off the embedded PostgreSQL/Redis start only when asked for (EMBEDDED_SERVICES=1);
# a DATABASE_URL/REDIS_URL in the environment is used instead when set.
TEST_ENV := SECRET_KEY=test-only-secret-key-not-for-production-0123456789 SECURE_HTTPS=0 \
	DEBUG=0 ALLOWED_HOSTS=localhost,127.0.0.1,testserver CELERY_TASK_ALWAYS_EAGER=1 \
	EMBEDDED_SERVICES=1
# `check --deploy` reads production settings only; it connects to neither server.
DEPLOY_ENV := SECRET_KEY=check-deploy-secret-key-0123456789abcdefghijklmnopqrstuvwxyzABCD \
	CREDENTIALS_KEY=check-deploy-credentials-key-0123456789abcdefghijklmnopqrstuvwxyz \
	DATABASE_URL=postgres://alpr@postgres.invalid/alpr REDIS_URL=redis://redis.invalid:6379/0 \
	DEBUG=0 ALLOWED_HOSTS=alpr.example.org SECURE_HTTPS=1
# Benchmarks and other manage.py commands from a fresh clone: production-like (DEBUG off, so
# no query log grows during a long run), a throwaway key unless SECRET_KEY is set, and the
# embedded servers unless DATABASE_URL/REDIS_URL are set.
LOCAL_ENV := SECRET_KEY=$${SECRET_KEY:-local-only-secret-key-not-for-production-0123456789} \
	DEBUG=0 SECURE_HTTPS=0 ALLOWED_HOSTS=localhost,127.0.0.1 EMBEDDED_SERVICES=1

.PHONY: run test check conformance venv browser poppler fmt bench-ingest bench-search manage clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests (never a browser downloaded at run time).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (apt-get install chromium) for the browser tests."; exit 1; fi; }

# Debian's poppler-utils: the audit tests read the packet's text with pdftotext.
poppler:
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "Install Debian's poppler-utils (apt-get install poppler-utils) for the audit tests."; exit 1; fi; }

run: venv
	DEBUG=$${DEBUG:-1} EMBEDDED_SERVICES=$${EMBEDDED_SERVICES:-1} $(BIN)/python manage.py runstack

test: venv browser poppler
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Vendors' published payloads (../shared/data/vendor-payloads, or VENDOR_PAYLOADS_DIR), posted
# to a live server against a real database; fails with a clear message when the folder is missing.
conformance: venv
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(BIN)/python -m pytest conformance $(PYTEST_ARGS)

check: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	./deploy/check-compose.sh

# make bench-ingest ARGS="--reads 1000000 --json bench-1m.json"
bench-ingest: venv
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(LOCAL_ENV) $(BIN)/python manage.py bench_ingest $(ARGS)

# make bench-search ARGS="--reads 2000000 --json bench-search.json --explain plans.txt"
bench-search: venv
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(LOCAL_ENV) $(BIN)/python manage.py bench_search $(ARGS)

# Any management command the same way: make manage ARGS="create_agency --preset cdcr --slug cdcr"
manage: venv
	$(LOCAL_ENV) $(BIN)/python manage.py $(ARGS)

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .data staticfiles
