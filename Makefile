# Halfway: the commands people type. `make run` and `make test` work on a fresh machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format messages clean

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py compile_catalogs -v0 >/dev/null
	@$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py seed_demo
	@$(PY) -m halfway.embedded

test: $(VENV)/.dev
	@scripts/require-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@$(PY) manage.py compile_catalogs >/dev/null
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var

clean:
	rm -rf var staticfiles
