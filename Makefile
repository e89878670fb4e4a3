# Partnership Timeline — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS ?= never
export UV_PROJECT_ENVIRONMENT ?= .venv

# uv from PATH when it runs; otherwise a private copy in .tools/ (pyenv shims
# can hide a uv installed for another Python version).
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo $(CURDIR)/.tools/bin/uv)
# A Python >= 3.12 to bootstrap uv with (python3 may be 3.11 here); uv itself finds
# the interpreter through .python-version.
PYTHON := $(shell for p in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)

.PHONY: run test install lint format db-start db-stop db-status db-shell backup restore \
	bench bench-fuzz bench-db-restart bench-slowloris clean

$(CURDIR)/.tools/bin/uv:
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (tried python3.13, python3.12, python3, pyenv)"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

install: $(if $(filter uv,$(UV)),,$(CURDIR)/.tools/bin/uv)
	$(UV) sync --frozen --quiet

run: install
	@$(UV) run --frozen python -m config.devdb supervise -- bash -c '\
	  set -e; \
	  python manage.py migrate --no-input -v 0; \
	  python manage.py loaddemo --if-empty; \
	  echo; echo "  Partnership Timeline: http://127.0.0.1:$(PORT)/"; \
	  echo "  Admin: http://127.0.0.1:$(PORT)/admin/ — create an account with:"; \
	  echo "    $(UV) run python manage.py createsuperuser"; echo; \
	  exec python manage.py runserver 127.0.0.1:$(PORT)'

test: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen python -m config.devdb supervise -- pytest $(PYTEST_ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: install
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

db-start: install
	@$(UV) run --frozen python -m config.devdb start

db-stop: install
	@$(UV) run --frozen python -m config.devdb stop

db-status: install
	@$(UV) run --frozen python -m config.devdb status

db-shell: install
	@$(UV) run --frozen python -m config.devdb shell

# make backup [FILE=…] [DB=…]; make restore FILE=… [DB=…] [FORCE=1] (see config/backup.py).
BACKUP_DB = $(if $(DB),--database "$(DB)")

backup: install
	@$(UV) run --frozen python -m config.devdb supervise -- \
	  python -m config.backup backup $(BACKUP_DB) $(if $(FILE),"$(FILE)")

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<name>.dump [DB=name] [FORCE=1]"; exit 2; }
	@$(UV) run --frozen python -m config.devdb supervise -- \
	  python -m config.backup restore $(BACKUP_DB) $(if $(filter 1 yes true,$(FORCE)),--force) "$(FILE)"

bench: install
	$(UV) run --frozen python bench/timeline.py

# 10,000 malformed requests to gunicorn with production settings; fails on any 500.
bench-fuzz: install
	$(UV) run --frozen python bench/fuzz.py $(FUZZ_ARGS)

# A PostgreSQL restart under load: 503s with one log line each, no 500, recovery time.
bench-db-restart: install
	$(UV) run --frozen python bench/db_restart.py

# Slow-loris probe against a running server: make bench-slowloris URL=http://127.0.0.1:8000/
bench-slowloris: install
	$(UV) run --frozen python bench/slowloris.py $(or $(URL),http://127.0.0.1:$(PORT)/)

clean:
	-$(UV) run --frozen python -m config.devdb stop
	rm -rf .devdb .venv .tools
