"""pytest plugin for the pure tests of lib/: they run without Odoo.

The repository root is the addon, whose ``__init__.py`` imports Odoo models,
and ``tests/`` holds the Odoo tests: pytest must see both as plain folders,
never import them as packages.
"""

from pathlib import Path

import pytest

ADDON_ROOT = Path(__file__).resolve().parent.parent
ODOO_PACKAGES = {ADDON_ROOT, ADDON_ROOT / "tests"}


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path, parent):
    if path in ODOO_PACKAGES:
        return pytest.Dir.from_parent(parent, path=path)
    return None
