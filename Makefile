# Two commands matter: `make demo` and `make test`. Both work on a fresh machine with Python 3.11,
# git and make; everything else is installed by them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.installed-run-stamp
TRAIN_STAMP := $(VENV)/.installed-train-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-train demo test lint format bench bench-quick clean

# Tests need the dev tools and the `eval` extra (scikit-learn, scipy, matplotlib, the
# alt-profanity-check peer), never torch or transformers; `make install-train` adds the `train`
# extra for `townsquare civility train` and the encoder benches.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,eval]'
	touch $(STAMP) $(RUN_STAMP)

$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	touch $(TRAIN_STAMP)

# The demo needs only the package.
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

install: $(STAMP)

install-train: $(TRAIN_STAMP)

# The demo runs background tasks (e-mail) in the web server as soon as each decision is saved,
# so its mail is printed in this terminal with no worker to start; see docs/configuration.md.
DEMO_ENV = SITE_URL=http://$(HOST):$(PORT) TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

demo: $(RUN_STAMP)
	$(DEMO_ENV) $(BIN)/townsquare demo
	@echo "Open http://$(HOST):$(PORT)/ in your browser."
	$(DEMO_ENV) $(BIN)/townsquare serve --bind $(HOST):$(PORT)

# Browser tests always run in CI (CI=true); `make test BROWSER=0` leaves them out locally.
test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache test-artifacts

# The read, post and fault benches need wrk and nginx (apt-get install wrk nginx) and make Isso's
# venv in bench/.venv-isso on first use; docs/benchmarks.md says what each measures.
bench: install
	$(BIN)/python bench/civility_bench.py
	$(BIN)/python bench/submit_bench.py
	$(BIN)/python bench/read_bench.py
	$(BIN)/python bench/post_bench.py
	$(BIN)/python bench/faults_bench.py

# A smoke run of the read, post and fault benches, about two minutes each; not figures to quote.
bench-quick: install
	$(BIN)/python bench/read_bench.py --quick
	$(BIN)/python bench/post_bench.py --quick
	$(BIN)/python bench/faults_bench.py --quick
