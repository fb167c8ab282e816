# Clinical-trial pre-screening assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/prescreen.tar.gz
UNDERSTANDING := models/understanding.pkl
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
UNDERSTANDING_DATA := $(wildcard bot/understanding/corpus/*/train.yml) bot/understanding/corpus/questions/seed.yml $(wildcard bot/understanding/lexicons/*.yml) $(wildcard bot/understanding/*.py)
VIGNETTES ?= ../shared/vignettes/public.yml
PATIENTS ?= 1,10,50
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3
# Rasa would otherwise send usage telemetry to its vendor from a hospital server.
export RASA_TELEMETRY_ENABLED := false


.PHONY: model understand-report redflag-report readability
.PHONY: help run test lint audit eval nlu-report intent-cv domain shell unit e2e stories validate clean browser-deps coordinator prod-deps scale bench

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@PY=$$(scripts/find-python310.sh) || exit 1; \
	  [[ -x $(BIN)/python ]] || $$PY -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check "pip==26.3"
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip check
	touch $@

venv: $(BIN)/.installed ## Create .venv with Python 3.10 and the pinned dependencies

$(MODEL): $(BIN)/.installed $(TRAINING_DATA)
	$(BIN)/rasa train --fixed-model-name prescreen --out models --quiet
	touch $@

# The per-question answer classifiers, trained on the corpus's training split only.
$(UNDERSTANDING): $(BIN)/.installed $(UNDERSTANDING_DATA)
	$(BIN)/python -m bot.understanding.classifier

model: $(MODEL) $(UNDERSTANDING) ## Train the Rasa model and the answer classifiers (only when their data changed)

run: model ## Start Rasa, the action server and the outbox worker on 127.0.0.1 (SQLite under var/)
	scripts/run.sh

shell: $(BIN)/.installed ## Chat with the running assistant in this terminal
	$(BIN)/python scripts/chat.py

lint: $(BIN)/.installed ## ruff, the domain/trial sync check and rasa data validate
	$(BIN)/ruff check bot actions tests scripts tools migrations web portal rasa_addons
	$(BIN)/python scripts/gen_domain.py --check
	$(BIN)/rasa data validate --domain domain.yml --data data --quiet

domain: $(BIN)/.installed ## Regenerate the form part of domain.yml from the trial definition
	$(BIN)/python scripts/gen_domain.py

unit: $(BIN)/.installed ## Engine and action tests (no servers)
	$(BIN)/pytest -q tests/unit tests/actions

stories: $(MODEL) ## Test stories in both languages against the trained model
	$(BIN)/rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/stories --quiet

browser-deps: ## Debian's chromium and axe-core for the browser tests
	@(command -v chromium && fc-list | grep -qi wqy) >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei)
	@[[ -f var/npm/node_modules/axe-core/axe.min.js ]] || (mkdir -p var/npm && cd var/npm && \
	  npm install --no-save --no-audit --no-fund --loglevel=error axe-core@4.11.4)

e2e: model browser-deps ## End-to-end: real Rasa, action server, page in Chromium, real SMTP
	$(BIN)/pytest -q tests/e2e tests/browser

prod-deps: ## Redis, nginx and the PostgreSQL server for the production-profile tests (Debian packages)
	@(command -v redis-server && command -v nginx && [[ -x /usr/lib/postgresql/15/bin/initdb ]]) >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx postgresql)

scale: model prod-deps ## Scale-out test: PostgreSQL, Redis, 2 Rasa servers, nginx, one server killed
	$(BIN)/pytest -q -s tests/scale

test: lint unit stories e2e scale ## Everything, from nothing: venv, model, lint, unit, stories, end-to-end, scale-out

bench: model ## Load, latency, memory, training and start-up figures vs Rasa's starter bot (prints; never fails on speed)
	$(BIN)/python -m tools.bench --patients $(PATIENTS)

eval: $(BIN)/.installed ## Play VIGNETTES against the running bot (make run first) and print metrics
	$(BIN)/python -m tools.vignettes $(VIGNETTES)

AUDIT_VENV := var/audit-venv
AUDIT_SERVICE ?= pypi

$(AUDIT_VENV)/.installed: requirements-audit.txt
	@PY=$$(scripts/find-python310.sh) || exit 1; \
	  [[ -x $(AUDIT_VENV)/bin/python ]] || $$PY -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-audit.txt
	touch $@

audit: $(BIN)/.installed $(AUDIT_VENV)/.installed ## Dependency audit: pip-audit judged by security/audit-allowlist.yml (needs the vulnerability service)
	$(BIN)/python -m tools.audit --pip-audit $(AUDIT_VENV)/bin/pip-audit --service $(AUDIT_SERVICE)

understand-report: $(BIN)/.installed $(UNDERSTANDING) ## How well answers and emergencies are understood, per question, language and split
	$(BIN)/python -m tools.understand_report

redflag-report: $(BIN)/.installed $(UNDERSTANDING) ## Emergency recall and false alarms per category, language and split
	$(BIN)/python -m tools.understand_report redflags

nlu-report: $(BIN)/.installed $(UNDERSTANDING) ## How well people's questions are understood: topic accuracy per topic, language and split
	$(BIN)/python -m tools.understand_report questions

readability: $(BIN)/.installed ## Reading level of every patient-facing text (English grade, Chinese sentences, unexplained terms)
	$(BIN)/python -m tools.readability

intent-cv: $(BIN)/.installed ## Rasa NLU intent cross-validation (English and Chinese) into results/nlu
	$(BIN)/rasa test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 --out results/nlu --quiet
	$(BIN)/python -m tools.nlu_report results/nlu

clean: ## Remove the venv, models, results and local data
	rm -rf $(VENV) models results var .pytest_cache .ruff_cache

coordinator: $(BIN)/.installed ## Create a coordinator account: make coordinator NAME=alice (asks for the password)
	@[[ -n "$(NAME)" ]] || (echo "usage: make coordinator NAME=username" && exit 2)
	$(BIN)/python -m bot.accounts "$(NAME)"
