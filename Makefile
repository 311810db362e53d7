# The two commands a new user needs: `make demo` (the main job) and `make test` (the whole suite).
# Every step is idempotent: running either again reuses the venv, the Maven cache and the server.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml tools/pyproject.toml | md5sum | cut -c1-12)

# Tests use their own server and state so they never touch the demo's data (the ports can be moved, so
# that two checkouts on one machine can each run their suite).
TEST_BOLT_PORT ?= 17687
TEST_HTTP_PORT ?= 17474
TEST_ENV := CHUNGBAEK_STATE_DIR=$(CURDIR)/.state/test CHUNGBAEK_NEO4J_BOLT_PORT=$(TEST_BOLT_PORT) \
            CHUNGBAEK_NEO4J_HTTP_PORT=$(TEST_HTTP_PORT) CHUNGBAEK_NEO4J_HEAP=1g CHUNGBAEK_NEO4J_PAGECACHE=1g

.PHONY: setup demo test lint neo4j clean-state system-deps node-deps

setup: $(STAMP) node-deps

$(STAMP): pyproject.toml tools/pyproject.toml
	@command -v java >/dev/null || { echo "Java 17 is missing: apt-get install -y openjdk-17-jre-headless"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is missing: apt-get install -y maven"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]" -e ./tools
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Front-end packages for the explorer (Cytoscape.js ...), when the explorer has a package.json.
node-deps: api/explorer/node_modules/.package-lock.json

api/explorer/node_modules/.package-lock.json: api/explorer/package-lock.json
	cd api/explorer && npm ci --no-audit --no-fund --loglevel=error

# Headless Chromium and a Korean font for the explorer's browser tests, from Debian.
DEBIAN_PACKAGES := chromium chromium-driver fonts-nanum
system-deps:
	@if ! dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing $(DEBIAN_PACKAGES) from Debian (needs root)..."; \
	  (apt-get update -qq && apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null) \
	  || echo "warning: could not install $(DEBIAN_PACKAGES); the browser tests will fail"; fi

neo4j: setup
	$(BIN)/chungbaek neo4j start

demo: setup
	$(BIN)/chungbaek demo

test: setup system-deps
	$(TEST_ENV) $(BIN)/chungbaek neo4j start
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean-state:
	-$(BIN)/chungbaek neo4j stop
	-$(TEST_ENV) $(BIN)/chungbaek neo4j stop
	rm -rf .state
