# Terbuka: every target bootstraps .venv from the pinned requirements first.
#   make html          build output/ from data/ (DATADIR=..., OUTPUTDIR=... to change)
#   make check-data    validate data/ only; exit 1 on any error
#   make serve         serve the built site on http://localhost:$(PORT)
#   make devserver     rebuild on every change and serve
#   make test          lint (ruff, mypy), format check and the whole test suite
#   make check         lint and every test that builds no site (the fast floor, about a minute)
#   make publish       build with publishconf.py and switch it in at TERBUKA_DEPLOY_TARGET
#   make rollback      switch the deploy target back to the previous tree
#   make versions      list the trees kept at the deploy target (the live one starred)
#   make server-config write nginx and Apache configuration for the public site
#   make kunci KUNCI=~/terbuka.key              a new secret key for signing releases
#   make release VERSION=2026-TW3 NOTE="..." KUNCI=~/terbuka.key   freeze and sign data/ as a release in rilis/
#   make verify [SITUS=https://...]   check every release's files, signatures and hash chain
#                      (and, with SITUS, against the chain a published site shows)
#   make bench         build times at three scales, per stage, against plain Pelican -> bench/results.json, .png
#   make sample-data   regenerate the synthetic sample in data/
#   make clean         remove build products

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
TERBUKA := PYTHONPATH=plugins $(BIN)/python -m terbuka

DATADIR ?= data
OUTPUTDIR ?= output
PUBLISHDIR ?= output-publish
PORT ?= 8000
SETTINGS ?= pelicanconf.py
# System packages are installed as root: through sudo on a CI runner's user.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: bench system-tools test-tools html check-data serve devserver test check lint publish rollback versions server-config release kunci verify sample-data clean lock venv

venv: $(STAMP)

# The stamp's name carries a checksum of requirements.txt, so a changed pin
# reinstalls even when file times lie (fresh clones, checkouts).
$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

html: $(STAMP)
	$(TERBUKA) build --datadir "$(DATADIR)" --output "$(OUTPUTDIR)" --settings "$(SETTINGS)"

check-data: $(STAMP)
	$(TERBUKA) check --datadir "$(DATADIR)" --settings "$(SETTINGS)"

serve: $(STAMP)
	$(TERBUKA) serve --output "$(OUTPUTDIR)" --port $(PORT)

devserver: $(STAMP)
	$(TERBUKA) devserver --datadir "$(DATADIR)" --output "$(OUTPUTDIR)" --settings "$(SETTINGS)" --port $(PORT)

publish: $(STAMP)
	$(TERBUKA) publish --datadir "$(DATADIR)" --output "$(PUBLISHDIR)" --settings publishconf.py $(if $(TARGET),--target "$(TARGET)")

rollback: $(STAMP)
	$(TERBUKA) rollback --settings publishconf.py $(if $(TARGET),--target "$(TARGET)")

versions: $(STAMP)
	$(TERBUKA) versions --settings publishconf.py $(if $(TARGET),--target "$(TARGET)")

server-config: $(STAMP)
	$(TERBUKA) server-config --settings publishconf.py

# What people type reaches the release exactly: NOTE and VERSION travel as
# environment variables taken with $(value ...), so neither make nor the
# shell expands quotes, $ or backticks in them; unexported, make never
# expands them for a recipe's environment either ($(shell ...) stays text).
# KUNCI (the secret key's file) and SITUS (a published site) travel the same way.
unexport NOTE VERSION KUNCI SITUS
release: export RILIS_VERSI = $(value VERSION)
release: export RILIS_CATATAN = $(value NOTE)
release: export RILIS_KUNCI = $(value KUNCI)
release: $(STAMP)
	@test -n "$$RILIS_VERSI" || { echo "Tulis versinya: make release VERSION=2026-TW3 NOTE='...' KUNCI=~/terbuka.key"; exit 1; }
	$(TERBUKA) release --datadir "$(DATADIR)" --settings "$(SETTINGS)" --version "$$RILIS_VERSI" --note "$$RILIS_CATATAN" $${RILIS_KUNCI:+--key "$$RILIS_KUNCI"}

# A new secret key for signing releases (minisign's format), outside the project.
kunci: export RILIS_KUNCI = $(value KUNCI)
kunci: $(STAMP)
	@test -n "$$RILIS_KUNCI" || { echo "Tulis tempat kuncinya, di luar folder proyek: make kunci KUNCI=~/terbuka.key"; exit 1; }
	$(TERBUKA) key --settings "$(SETTINGS)" --output "$$RILIS_KUNCI"

verify: export RILIS_SITUS = $(value SITUS)
verify: $(STAMP)
	$(TERBUKA) verify --settings "$(SETTINGS)" $${RILIS_SITUS:+--site "$$RILIS_SITUS"}

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# What the suite runs besides Python: Debian's Chromium (browser tests), Java
# (the Nu HTML Checker), minisign and sqlite3 (the tools journalists run on
# our files), LibreOffice Calc (how an Indonesian spreadsheet opens our
# downloads; without its recommends, 210 MB) and the npm packages of
# package-lock.json. Installed here when missing, so a fresh machine needs
# nothing by hand.
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

system-tools:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v rsync >/dev/null || missing="$$missing rsync"; \
	command -v minisign >/dev/null || missing="$$missing minisign"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx libnginx-mod-http-brotli-filter"; \
	[ -x /usr/sbin/apache2 ] || missing="$$missing apache2"; \
	[ -x /usr/sbin/sshd ] || missing="$$missing openssh-server"; \
	if [ -n "$$missing" ]; then \
	  echo "Memasang:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	if ! command -v soffice >/dev/null; then \
	  echo "Memasang: libreoffice-calc"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null; \
	fi

test-tools: $(STAMP) system-tools $(NODE_STAMP)

# The suite on every core (up to 4): its builds, servers and browser are
# processes of their own. Fixtures that build sites are made once for all
# workers (tests/conftest.py: SampleBuild, once_per_run).
WORKERS = --numprocesses=auto --maxprocesses=4

test: lint test-tools
	$(BIN)/python -m pytest $(WORKERS)

check: lint
	$(BIN)/python -m pytest -m "not site" -q $(WORKERS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

sample-data: $(STAMP)
	$(BIN)/python scripts/generate_sample.py --out "$(DATADIR)"

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	{ echo "# Generated by 'make lock' from requirements.in. Do not edit by hand."; \
	  .venv-lock/bin/pip freeze --all --exclude-editable | grep -v -E '^(pip|setuptools)=='; } > requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf "$(OUTPUTDIR)" "$(PUBLISHDIR)" cache laporan-data.json .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
