# Quick start: `make site` builds the sample site, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine (Python 3.11+, git, make).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test setup setup-test browser lint bench clean

site: $(VENV)/.installed
	$(BIN)/archive-site build

test: $(VENV)/.installed-test browser
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium through Playwright (Playwright cannot
# download its own browsers here), so install the distribution package once.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py --articles 1000

clean:
	rm -rf build site site.zip
