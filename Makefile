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

.PHONY: install system-deps messages run serve demo worker test test-fast test-browser test-postgres bench lint fmt check clean

# Translations (French, Spanish): locale/<lang>/LC_MESSAGES/django.po are committed, the .mo
# files msgfmt compiles from them are not (Debian's `gettext`: scripts/system-deps.sh).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

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

install: $(STAMP) node_modules/axe-core/axe.min.js $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext (or make system-deps as root)" >&2; exit 1; }
	msgfmt --check -o $@ $<

# After changing texts in code or templates: refresh the .po files, then translate every new
# or changed entry (msgstr empty or marked fuzzy); tests/i18n fails until they are.
messages: install
	DEBUG=true $(PY) manage.py makemessages -l fr -l es --no-obsolete --add-location file \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=staticfiles --ignore=media

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

test: system-deps install
	@set +e; $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No tests were collected."; rc=0; fi; exit $$rc

test-fast: install
	@set +e; $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-browser: system-deps install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

test-postgres: system-deps install
	@bash .ci/with-postgres.sh $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: system-deps install
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
