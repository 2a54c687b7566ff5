# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test


.PHONY: install install-test run test migrate seed bench clean

$(PY):
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py seed_demo

run: seed
	@echo "Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "API:    http://$(HOST):$(PORT)/api/v1/   (docs: http://$(HOST):$(PORT)/api/docs/)"
	@echo "Reader: http://$(HOST):$(PORT)/"
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(PY) manage.py runserver $(HOST):$(PORT)

test: install-test
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# Not part of `make test`: seeds 10,000 articles (BENCH_ARTICLES), serves them with gunicorn and loads
# each hot endpoint with wrk; PostgreSQL too when DATABASE_URL is set. Writes bench/RESULTS.md.
bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
