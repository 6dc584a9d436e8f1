# SSC Reports. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# make run DEMO=network: the demo with 200 groups beside SMSG (see load_demo --network).
DEMO ?=

.PHONY: install system-deps run serve demo worker test test-fast test-browser test-postgres bench lint fmt check clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# axe-core and the Nu HTML checker for the accessibility tests, at the exact versions of
# package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || bash scripts/system-deps.sh
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

install: $(STAMP) node_modules/axe-core/axe.min.js

# Debian packages the PDF and browser tests use (installed only where missing, as root).
system-deps:
	@bash scripts/system-deps.sh

# The web server and the background worker together; one Ctrl-C stops both (scripts/run.sh).
run: install
	@bash scripts/system-deps.sh --check-only
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo $(if $(filter network,$(DEMO)),--network)
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

# The background worker alone (`make run` starts it beside the web server): it renders the
# reports' PDFs and compiles the network report, and recovers compilations whose worker died.
worker: install
	$(PY) manage.py run_worker

test: install system-deps
	@set +e; $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No tests were collected."; rc=0; fi; exit $$rc

test-fast: install
	@set +e; $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-browser: install system-deps
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

test-postgres: install system-deps
	@bash .ci/with-postgres.sh $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: install system-deps
	$(PY) tests/benchmarks/bench_pdf.py
	$(PY) tests/benchmarks/bench_compile.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_imports.py

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var media staticfiles test-artifacts
