# Halfway: the commands people type. `make run` and `make test` work on a fresh machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test smoke lint format messages clean bench soak

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# The terminal ends with the address and the logins; the processes log to var/log/
# (VERBOSE=1: to the terminal too).
run: $(VENV)/.runtime
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py compile_catalogs -v0 >/dev/null
	@$(PY) manage.py collectstatic --noinput -v0
	@LOG_LEVEL=$${LOG_LEVEL:-WARNING} $(PY) manage.py seed_demo
	@$(if $(VERBOSE),HALFWAY_VERBOSE=$(VERBOSE) )$(PY) -m halfway.embedded

test: $(VENV)/.dev
	@scripts/require-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@DJANGO_SETTINGS_MODULE=halfway.settings.test $(PY) manage.py compile_catalogs >/dev/null
	$(PY) -m pytest

# Production as shipped (scripts/smoke.py): a virtualenv from requirements.txt alone, the
# production settings, PostgreSQL and Redis (DATABASE_URL and REDIS_URL, or 127.0.0.1).
SMOKE_VENV := var/smoke-venv
smoke:
	rm -rf $(SMOKE_VENV)
	$(PYTHON) -m venv $(SMOKE_VENV)
	$(SMOKE_VENV)/bin/python -m pip install --quiet -r requirements.txt
	$(SMOKE_VENV)/bin/python scripts/smoke.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var

# HTTP load in production mode with wrk, each page against the bare ceiling, with writes going
# on (docs/benchmarks.md); PostgreSQL and Redis must answer on 127.0.0.1.
# Quick: make bench BENCH_ARGS="--size small --duration 3"; all options: --help.
BENCH_ARGS ?=
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; \
	  else echo "make bench needs wrk, the HTTP load generator: sudo apt-get install wrk"; exit 1; fi; }
	$(PY) bench/http_load.py $(BENCH_ARGS)

# Mixed load in production mode for SOAK_MINUTES (bench/soak.py says what it checks); the
# report goes to docs/benchmarks/soak.json. PostgreSQL and Redis must answer on 127.0.0.1.
SOAK_MINUTES ?= 30
soak: $(VENV)/.dev
	$(PY) bench/soak.py --minutes $(SOAK_MINUTES)

clean:
	rm -rf var staticfiles
