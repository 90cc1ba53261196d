# Two commands matter: `make site` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast test-browser check lint browser pdf-libs office bench clean upgrade test-oldest editor edit node

# Installs come from uv.lock (uv sync --frozen), so every machine gets the same versions.
# uv itself lives in its own small venv, so syncing .venv never removes it.
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON := $(PYTHON)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q uv==$(UV_VERSION)

# Bytecode compiled at install: with PYTHONDONTWRITEBYTECODE set (as in this workplace) every
# process would otherwise compile each module it imports again, about 0.7 s of CPU per build.
$(BIN)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --extra test --compile-bytecode
	touch $@

# The oldest Material pyproject.toml allows, over the locked rest (see README: Installs).
MATERIAL_FLOOR := $(shell sed -n 's/.*"mkdocs-material>=\([0-9.]*\),.*/\1/p' pyproject.toml)
test-oldest: $(BIN)/.installed pdf-libs editor
	$(UV) run --frozen --extra test --with mkdocs-material==$(MATERIAL_FLOOR) pytest -m "not browser" -q

# Move the lock to the newest versions pyproject.toml allows, install them, run every test.
upgrade: $(UV)
	$(UV) lock --upgrade
	$(UV) sync --frozen --extra test
	touch $(BIN)/.installed
	$(MAKE) test
	$(MAKE) test-oldest

site: $(BIN)/.installed pdf-libs editor
	$(BIN)/mkdocs build --strict -d site
	@echo "The site is built in $(CURDIR)/site/ (open site/index.html, or run 'make serve')."

# PDFs are skipped while previewing (pdf_serve: true in mkdocs.yml makes them).
serve: $(BIN)/.installed editor
	$(BIN)/mkdocs serve --livereload

# The browser editor (/admin/): `sosafe edit` runs it on this repository (see README).
edit: $(BIN)/.installed editor
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" $(BIN)/sosafe edit

check: $(BIN)/.installed
	$(BIN)/sosafe check content

lint: $(BIN)/.installed
	$(BIN)/ruff check sosafe_gen tests bench
	$(BIN)/ruff format --check sosafe_gen tests bench
	$(BIN)/lint-imports --no-cache

# Pango and a font for WeasyPrint, which makes each strategy's and plan's PDF.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-libs:
	@dpkg -s $(PDF_DEBS) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PDF_DEBS) >/dev/null; \
	  else echo "Install Pango and a font for the PDFs (sudo apt-get install $(PDF_DEBS))"; exit 1; fi; }

# Debian's chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; exit 1; fi; }

# LibreOffice, headless, for the tests' round trips of office files (.ods, .xls, Word).
OFFICE_DEBS := libreoffice-calc-nogui libreoffice-writer-nogui
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OFFICE_DEBS) >/dev/null; \
	  else echo "Install LibreOffice for the office-file tests (sudo apt-get install $(OFFICE_DEBS)); they are skipped without it"; fi; }

# Node and npm for the editor's scripts (Debian's, as chromium is).
node:
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "Install Node.js and npm (sudo apt-get install nodejs npm) for the editor"; exit 1; fi; }

# Every npm package, exactly as package-lock.json pins it: Decap CMS, decap-server, the yaml
# writer, esbuild and the HTML checker. Install scripts are not run (none is needed).
node_modules/.installed: package.json package-lock.json | node
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The editor's files the package serves at /admin/ and ships in its wheel (not in git).
EDITOR_DIST := sosafe_gen/render/admin/dist/sosafe-cms.js
$(EDITOR_DIST): node_modules/.installed editor/build.mjs $(wildcard editor/src/*.js editor/*.css editor/*.js)
	node editor/build.mjs
editor: $(EDITOR_DIST)

# The Nu Html Checker (vnu.jar, from npm via the lock; needs Java) for the valid-HTML test.
VNU := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): node_modules/.installed
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Install Java (sudo apt-get install default-jre-headless) for the HTML checker"; exit 1; fi; }

# Everything, browser suite included (axe, vnu, keyboard, reflow, print, search), on every
# core (pytest-xdist): tests reading one audit share a group, so it runs once (see README).
PYTEST := $(BIN)/python -m compileall -q sosafe_gen tests && PATH="$(CURDIR)/node_modules/.bin:$$PATH" $(BIN)/pytest -n auto --dist loadgroup
test: $(BIN)/.installed pdf-libs browser office $(VNU) editor lint
	$(PYTEST)

# Quicker loops while working: without, or only, the browser suite.
test-fast: $(BIN)/.installed pdf-libs office editor lint
	$(PYTEST) -m "not browser"

test-browser: $(BIN)/.installed pdf-libs browser $(VNU) editor
	$(PYTEST) -m browser

bench: $(BIN)/.installed pdf-libs editor
	$(BIN)/python bench/build_scaling.py

clean:
	rm -rf site .pytest_cache node_modules sosafe_gen/render/admin/dist
