# Two commands: `make run` (set up and serve the demo) and `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2

.PHONY: run test install lint bench load demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p var
	WTS_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_geography
	$(BIN)/python manage.py load_demo

# The background worker (emails, exports, scheduled reminders) runs beside the web server and
# stops with it. The demo shows what users see (the Thai error pages; WhiteNoise serves the static
# files); `make run DEBUG=1` shows Django's debug pages instead. Development mail is written to
# var/mail/ and listed at /dev/mail/.
RUN_ENV := $(if $(filter 1,$(DEBUG)),WTS_DEBUG=1,WTS_DEBUG=0)
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker  (Ctrl+C stops both); mail sent goes to var/mail/ (/dev/mail/)"
	$(RUN_ENV) $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check wts demo tests bench conftest.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	# Two workers for everything but the browser group (pytest-xdist gives each its own test
	# database), then the browser tests in one process; exit 5 (nothing selected) is no failure.
	WTS_ENVIRONMENT=test $(BIN)/python -m pytest -q -p no:randomly -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	WTS_ENVIRONMENT=test $(BIN)/python -m pytest -q -p no:randomly -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(BIN)/ruff check wts demo tests bench conftest.py
	$(BIN)/lint-imports --no-cache

# In-process benchmarks (ratios against a floor measured in the same run); `make load` is the
# gunicorn + PostgreSQL + locust deadline-day surge (docs/performance.md).
bench: install
	for b in entry review monitoring spreadsheets analytics sqlite_writers jobs; do $(BIN)/python bench/bench_$$b.py || exit 1; done

load: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	bash bench/run_load.sh all
	bash bench/run_multi.sh

clean:
	rm -rf $(VENV) var
