# ШМО-бот — the two set-up commands are `make run` and `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test migrate lint format bench clean demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,browser,redis]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p data
	$(BIN)/shmo-bot migrate
	$(BIN)/shmo-bot run

# Try it without a token: the real bot against a local Telegram double, a scripted story.
demo: $(STAMP)
	$(BIN)/shmo-bot demo

migrate: $(STAMP)
	$(BIN)/shmo-bot migrate

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.broadcast
	$(BIN)/python -m bench.reminders
	$(BIN)/python -m bench.updates
	$(BIN)/python -m bench.deadlines
	$(BIN)/python -m bench.surveys
	$(BIN)/python -m bench.survey_answers
	$(BIN)/python -m bench.cluster

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
