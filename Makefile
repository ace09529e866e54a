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

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help setup run test lint format debs python messages migrate catalog

help:
	@echo "make run    start the app on http://$(HOST):$(PORT) (SQLite, no other setup)"
	@echo "make test   ruff and the whole test suite"
	@echo "make setup  everything but serving and testing"

setup: debs $(VENV)/.installed $(BOOTSTRAP_STAMP) messages migrate catalog

run: setup
	@echo
	@echo "  Kundenkompass runs on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

debs:
	@missing=""; \
	for pkg in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	for cmd in $(DEB_COMMANDS); do command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$cmd"; done; \
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

python:
	@test -n "$(BASE_PYTHON)" || { echo "No python3 found. Kundenkompass needs Python 3.12 or newer." >&2; exit 1; }
	@$(BASE_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "Kundenkompass needs Python 3.12 or newer, but $(BASE_PYTHON) is $$($(BASE_PYTHON) --version 2>&1)." >&2; \
		echo "Install Python $(PYTHON_VERSION) (e.g. 'pyenv install $(PYTHON_VERSION)') and run make again." >&2; \
		exit 1; }

$(VENV)/.installed: pyproject.toml | python
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev]"
	touch $@

# Bootstrap comes from the npm registry, pinned by version; it is not kept in git.
$(BOOTSTRAP_STAMP):
	@set -e; tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) >/dev/null && tar -xzf bootstrap-$(BOOTSTRAP_VERSION).tgz); \
	mkdir -p $(BOOTSTRAP_DIR); \
	cp $$tmp/package/dist/css/bootstrap.min.css $$tmp/package/dist/css/bootstrap.min.css.map \
		$$tmp/package/dist/js/bootstrap.bundle.min.js $$tmp/package/dist/js/bootstrap.bundle.min.js.map \
		$$tmp/package/LICENSE $(BOOTSTRAP_DIR)/; \
	rm -rf $$tmp; touch $@; echo "Installed Bootstrap $(BOOTSTRAP_VERSION) into $(BOOTSTRAP_DIR)"

messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

migrate: $(VENV)/.installed
	@mkdir -p var/staticfiles
	@$(MANAGE) migrate --no-input -v0

catalog: migrate
	@$(MANAGE) load_catalog
