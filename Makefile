# Kundenkompass: `make run` serves the app, `make test` runs every check. Both start with `make setup`,
# which does only what is not done yet, so a second run starts in seconds.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version 2>/dev/null)
# pyenv's interpreter for .python-version when there is one, else python3 from PATH.
BASE_PYTHON ?= $(shell \
	if command -v pyenv >/dev/null 2>&1 && pyenv prefix $(PYTHON_VERSION) >/dev/null 2>&1; then \
		echo "$$(pyenv prefix $(PYTHON_VERSION))/bin/python"; \
	else command -v python3; fi)
VENV := .venv
PY := $(VENV)/bin/python
# Every package, transitive ones included, is pinned with its hashes in these locks (`make lock`
# writes them from pyproject.toml). `make run` needs the runtime lock only; `make test` adds dev.
LOCK := requirements/base.txt
DEV_LOCK := requirements/dev.txt
# Tools that must not share the app's environment (lock writer, vulnerability audit) live apart.
TOOLS_VENV := var/tools-venv
TOOLS_LOCK := requirements/tools.txt
MANAGE := DEBUG=$${DEBUG:-true} $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

BOOTSTRAP_VERSION := 5.3.8
BOOTSTRAP_DIR := static/vendor/bootstrap-$(BOOTSTRAP_VERSION)
# Bumped when what the setup copies changes, so existing checkouts fetch again.
BOOTSTRAP_STAMP := $(BOOTSTRAP_DIR)/.installed-2

# Debian packages: weasyprint's libraries and fonts, chromium for the PDF chart (kaleido) and the
# browser tests, gettext for compiling translations, npm to fetch Bootstrap from its registry.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
	fonts-dejavu-core fonts-liberation fonts-inter chromium gettext poppler-utils
DEB_COMMANDS := npm

# axe-core, for the accessibility tests only: from the npm registry, pinned, kept under var/.
AXE_VERSION := 4.14.1
AXE_FILE := var/axe-core-$(AXE_VERSION)/axe.min.js

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help setup run manage test check format debs python messages migrate catalog lock audit scan bench bench-scale bench-debs FORCE

help:
	@echo "make run    start the app on http://$(HOST):$(PORT) (SQLite, no other setup)"
	@echo "make test   static checks and the whole test suite"
	@echo "make check  static checks only: ruff, missing migrations, mypy, bandit"
	@echo "make setup  everything but serving and testing"
	@echo "make manage ARGS=\"…\"  a management command in the development setup"
	@echo "make audit  known vulnerabilities in the locked packages (pip-audit)"
	@echo "make scan   wapiti3 against the app on loopback (bench/security_scan.py)"
	@echo "make bench  load test: the app, floor-lite, floor and the peer side by side (BENCH_QUICK=1: 2 s each)"
	@echo "make bench-scale  two app servers on one PostgreSQL and Redis, 200 participants (bench/scale.py)"
	@echo "make lock   rewrite the lock files after a change to pyproject.toml"

setup: debs $(VENV)/.runtime $(BOOTSTRAP_STAMP) messages migrate catalog

# On an empty database only, `run` first adds demo data to look around with (login printed once).
# Reports are made by a task worker (manage.py db_worker), which `run` starts and stops with it.
run: setup
	@$(MANAGE) seed_demo --if-empty --base-url http://$(HOST):$(PORT)
	@echo
	@echo "  Kundenkompass runs on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo
	@# The report worker (PDF, DOCX) beside the server, in a process group of its own that
	@# leaves with the server, however it stops.
	DEBUG=$${DEBUG:-true} setsid $(PY) manage.py db_worker --interval 0.5 & worker=$$!; \
	trap 'kill -- -'$$worker' 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Any management command in the development setup: make manage ARGS="report 12 --format json"
manage: setup
	$(MANAGE) $(ARGS)

test: setup $(VENV)/.dev $(AXE_FILE) check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Static checks: style, migrations that nobody wrote, types, and bandit's medium and high findings.
check: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -q -r assessment pillars reports config -ll

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

debs:
	$(call install_debs,$(DEB_PACKAGES),$(DEB_COMMANDS))

# Installs the Debian packages $(1) and the packages named like the commands $(2) where missing
# (as root; otherwise prints the apt-get line and fails).
define install_debs
	@missing=""; \
	for pkg in $(1); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	for cmd in $(2); do command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$cmd"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing Debian packages. Install them with:" >&2; \
			echo "  sudo apt-get install -y$$missing" >&2; \
			exit 1; \
		fi; \
	fi
endef

python:
	@test -n "$(BASE_PYTHON)" || { echo "No python3 found. Kundenkompass needs Python 3.12 or newer." >&2; exit 1; }
	@$(BASE_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "Kundenkompass needs Python 3.12 or newer, but $(BASE_PYTHON) is $$($(BASE_PYTHON) --version 2>&1)." >&2; \
		echo "Install Python $(PYTHON_VERSION) (e.g. 'pyenv install $(PYTHON_VERSION)') and run make again." >&2; \
		exit 1; }

# The venv remembers the Python version that built it. This check runs every time but rewrites
# the stamp only when the version changes, so only then does everything below run again; a venv
# built by another Python version is removed, not patched.
$(VENV)/.python: FORCE | python
	@want=$$($(BASE_PYTHON) -c 'import platform; print(platform.python_version())'); \
	have=$$($(PY) -c 'import platform; print(platform.python_version())' 2>/dev/null || true); \
	if [ -d $(VENV) ] && [ "$$have" != "$$want" ]; then \
		echo "$(VENV) was built with Python $${have:-?}, this checkout wants $$want: rebuilding it"; \
		rm -rf $(VENV); \
	fi; \
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV); \
	[ "$$(cat $@ 2>/dev/null)" = "$$want" ] || echo "$$want" > $@

# Installs exactly what lock $(1) lists, each file checked against its hash, and removes packages
# the lock does not list (left over from an older lock, or dev tools when only the runtime is asked).
define sync_venv
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r $(1)
	@extra=$$(comm -23 \
		<($(PY) -m pip freeze -q --disable-pip-version-check --exclude-editable | sed 's/[ =@].*//' | tr 'A-Z_.' 'a-z--' | sort -u) \
		<(sed -n 's/^\([A-Za-z0-9._-]*\)==.*/\1/p' $(1) | tr 'A-Z_.' 'a-z--' | sort -u)); \
	if [ -n "$$extra" ]; then echo "Removing packages $(1) does not list:" $$extra; $(PY) -m pip uninstall -q -y $$extra; fi
	touch $@
endef

$(VENV)/.runtime: $(VENV)/.python .python-version $(LOCK)
	$(call sync_venv,$(LOCK))
	@rm -f $(VENV)/.dev

$(VENV)/.dev: $(VENV)/.runtime $(DEV_LOCK)
	$(call sync_venv,$(DEV_LOCK))

$(TOOLS_VENV)/.installed: $(TOOLS_LOCK) | python
	test -x $(TOOLS_VENV)/bin/python || $(BASE_PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r $(TOOLS_LOCK)
	touch $@

# Rewrites the locks from pyproject.toml (and the tool and scanner pins); commit the result.
UV_COMPILE := $(TOOLS_VENV)/bin/uv pip compile -q --universal --python-version 3.12 --generate-hashes \
	--no-emit-package setuptools --custom-compile-command "make lock"
lock: $(TOOLS_VENV)/.installed
	$(UV_COMPILE) pyproject.toml -o $(LOCK)
	$(UV_COMPILE) pyproject.toml --extra dev -c $(LOCK) -o $(DEV_LOCK)
	$(UV_COMPILE) requirements/tools.in -o $(TOOLS_LOCK)
	$(UV_COMPILE) bench/scan-requirements.in -o bench/scan-requirements.txt
	$(UV_COMPILE) bench/peer/requirements.in -c $(LOCK) -o $(PEER_LOCK)

# Known vulnerabilities in every locked package (runtime and dev), looked up on PyPI. A finding
# fails; where the data cannot be reached it says NOT AUDITED and succeeds, so that a machine
# without that access can still build.
audit: $(TOOLS_VENV)/.installed
	@$(TOOLS_VENV)/bin/python bench/dependency_audit.py $(TOOLS_VENV)/bin/pip-audit $(DEV_LOCK)

# wapiti3 in its own venv against gunicorn on loopback; the report goes to bench/results/.
scan: setup
	$(PY) bench/security_scan.py

# The load test (bench/harness.py, docs/performance.md): wrk from Debian, the peer
# (django-survey-and-report) in a venv of its own under var/, never in the app's locks.
# BENCH_QUICK=1 runs every scenario for 2 s; BENCH_DB=postgres uses PostgreSQL (DATABASE_URL).
BENCH_DEB_PACKAGES := wrk
PEER_VENV := var/bench-peer-venv
PEER_LOCK := bench/peer/requirements.txt
bench-debs:
	$(call install_debs,$(BENCH_DEB_PACKAGES),)

$(PEER_VENV)/.installed: $(PEER_LOCK) | python
	test -x $(PEER_VENV)/bin/python || $(BASE_PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r $(PEER_LOCK)
	touch $@

bench: setup bench-debs $(PEER_VENV)/.installed
	BENCH_QUICK=$(BENCH_QUICK) BENCH_DB=$(BENCH_DB) $(PY) bench/harness.py

# The scale-out proof (bench/scale.py, docs/performance.md "Scale-out"): two gunicorn instances
# on one PostgreSQL database and one Redis (both must run on this machine; DATABASE_URL and
# BENCH_REDIS_URL override where), 200 participants through one, the facilitator on the other.
bench-scale: setup
	$(PY) bench/scale.py

# Bootstrap comes from the npm registry, pinned by version; it is not kept in git.
$(BOOTSTRAP_STAMP):
	@set -e; tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) >/dev/null && tar -xzf bootstrap-$(BOOTSTRAP_VERSION).tgz); \
	mkdir -p $(BOOTSTRAP_DIR); \
	cp $$tmp/package/dist/css/bootstrap.min.css $$tmp/package/dist/css/bootstrap.min.css.map \
		$$tmp/package/dist/js/bootstrap.bundle.min.js $$tmp/package/dist/js/bootstrap.bundle.min.js.map \
		$$tmp/package/LICENSE $(BOOTSTRAP_DIR)/; \
	rm -rf $$tmp; touch $@; echo "Installed Bootstrap $(BOOTSTRAP_VERSION) into $(BOOTSTRAP_DIR)"

# axe-core (AXE_FILE, defined above) from the npm registry.
$(AXE_FILE):
	@set -e; tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar -xzf axe-core-$(AXE_VERSION).tgz); \
	mkdir -p $(dir $@); cp $$tmp/package/axe.min.js $$tmp/package/LICENSE $(dir $@); \
	rm -rf $$tmp; echo "Installed axe-core $(AXE_VERSION) into $(dir $@)"

messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

migrate: $(VENV)/.runtime
	@mkdir -p var/staticfiles
	@$(MANAGE) migrate --no-input -v0

catalog: migrate
	@$(MANAGE) load_catalog

FORCE:
