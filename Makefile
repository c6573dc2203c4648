# Salkku: `make demo` and `make test` do all the set-up on a fresh machine
# (Python 3.11+, Node.js 20+; gettext from the system's package manager for the translations).

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED_DATA ?= ../shared/data
EURA2014 := $(SHARED_DATA)/fi_eura2014_erdf_esf_2014-2020_projektilista.csv
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

UV_VERSION := 0.13.9
UV := .tools/bin/uv
BIN := .venv/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: help install assets messages demo serve test test-only test-pg test-browser lint bench soak clean install-check api-check

help:
	@echo "make demo          install everything, build the demo database, serve http://$(HOST):$(PORT)"
	@echo "make test          install what tests need and run the suite (SQLite)"
	@echo "make test-pg       the same suite on PostgreSQL ($(PG_URL))"
	@echo "make test-browser  the browser tests in Debian's Chromium"
	@echo "make lint          ruff, mypy, import contracts, migrations check, OpenAPI schema validation"
	@echo "make bench         the benchmarks (figures in benchmarks/RESULTS.md)"
	@echo "make soak          10 minutes of the real mix against gunicorn + PostgreSQL, errors and memory growth"
	@echo "make install-check build the wheel, install it outside the checkout, serve it on PostgreSQL"
	@echo "make api-check     schemathesis over the whole API as each role, against a live server (SQLite)"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/build/.built: node_modules/.installed $(shell find static/src -type f 2>/dev/null) package.json
	npm run --silent build
	@touch $@

LOCALE_SOURCES := $(wildcard locale/*/LC_MESSAGES/django.po)
messages: .venv/.installed $(LOCALE_SOURCES:.po=.mo)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (e.g. apt-get install gettext)"; exit 1; }
	msgfmt --check -o $@ $<

install: .venv/.installed static/build/.built messages

demo: install
	$(BIN)/salkku migrate --no-input
	$(BIN)/salkku agreement load --all
	$(BIN)/salkku demo-data
	@if [ -f "$(EURA2014)" ]; then \
		$(BIN)/salkku import eura "$(EURA2014)" --skip-invalid --quiet; \
	else echo "($(EURA2014) not found: the historical EURA 2014 projects are not loaded)"; fi
	$(BIN)/salkku collectstatic --no-input -v0
	$(BIN)/salkku demo-data --users
	@echo "Salkku: http://$(HOST):$(PORT)  (Ctrl-C stops it; a background worker runs optimisation runs, annual reports and the monitoring figures, its log in var/worker.log)"
	@$(WITH_WORKER) $(BIN)/salkku runserver $(HOST):$(PORT) --noreload

# The server with a background worker beside it (stopped with the server), for the tasks' queue.
WITH_WORKER = mkdir -p var; $(BIN)/salkku db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM;

serve: install
	@$(WITH_WORKER) $(BIN)/salkku runserver $(HOST):$(PORT)

test: install test-only

test-only:
	SALKKU_MODE=test $(BIN)/salkku makemigrations --check --dry-run
	SALKKU_MODE=test $(BIN)/pytest -m "not browser" -q -n auto

test-pg: install
	DATABASE_URL=$(PG_URL) $(MAKE) --no-print-directory test-only

test-browser: install
	@test -x /usr/bin/chromium || { echo "Debian's Chromium is missing: apt-get install -y chromium"; exit 1; }
	SALKKU_MODE=test $(BIN)/pytest -m browser -q -n auto

lint: .venv/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	SALKKU_MODE=test $(BIN)/salkku spectacular --validate --fail-on-warn --file /dev/null

bench: install
	$(BIN)/python benchmarks/import/run.py
	$(BIN)/python benchmarks/portfolio/run.py
	$(BIN)/python benchmarks/reporting/run.py
	$(BIN)/python benchmarks/overlap/accuracy.py
	$(BIN)/python benchmarks/overlap/duplicates.py
	$(BIN)/python benchmarks/overlap/scale.py
	$(BIN)/python benchmarks/search/run.py
	$(BIN)/python benchmarks/load/run.py --steps 10,20,40 --step-seconds 30 --database $(LOAD_DB)

# Load and soak against gunicorn + PostgreSQL on 127.0.0.1 (benchmarks/load/; figures in benchmarks/RESULTS.md).
LOAD_DB ?= salkku_load
soak: install
	$(BIN)/python benchmarks/load/run.py --steps 10 --step-seconds 30 --soak-minutes 10 --database $(LOAD_DB)

# The wheel installed as an operator would, migrated on a fresh PostgreSQL database and served by gunicorn
# (PG_ADMIN_URL: a role that may create databases).
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
install-check: install
	scripts/install-check.sh $(PG_ADMIN_URL)

# Schemathesis over the whole OpenAPI schema, signed in as each role, against the demo on a live server
# (scripts/api-check.sh; API_CHECK_PORT, reports in var/api-check).
# CI gives the coverage phase to the two roles that write the most (API_CHECK_ARGS); `make api-check` alone runs it for all.
API_CHECK_ARGS ?=
api-check: install
	scripts/api-check.sh $(API_CHECK_ARGS)

clean:
	rm -rf .venv .tools node_modules static/build staticfiles
