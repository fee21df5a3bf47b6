# Two commands on a fresh machine: `make app` (demo database + the workbench in a browser)
# and `make test` (the whole suite). Both bootstrap uv when it is missing.
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
UV := $(PYTHON) -m uv
APT_PACKAGES := chromium poppler-utils

.PHONY: app test setup system-packages lint bench

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen

# Debian packages the browser and PDF tests need (Chromium for Playwright, poppler for
# pdftotext/pdftoppm); installed only when missing.
system-packages:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

app: setup
	$(UV) run axos app

test: setup system-packages
	$(UV) run pytest

lint: setup
	$(UV) run ruff format --check .
	$(UV) run ruff check .

bench: setup
	$(UV) run axos bench
