# The two commands of README.rst, plus lint. Everything they need is set up
# by scripts/setup.sh (Debian and Python packages, Odoo 18, PostgreSQL).
.PHONY: demo test lint setup

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@. .build/env && python3 scripts/run_tests.py

lint:
	ruff check .
	pylint --rcfile=.pylintrc $$(git ls-files '*.py' ':!scripts' ':!bench' ':!tests/pure' ':!**/__main__.py')
