"""pytest settings for the pure tests of lib/ (run without Odoo)."""

from pathlib import Path

import pytest

ADDON_ROOT = Path(__file__).parent


class AddonRootAsFolder:
    """Collect the addon root as a plain folder: its __init__ needs Odoo."""

    @staticmethod
    def pytest_collect_directory(path, parent):
        if path == ADDON_ROOT:
            return pytest.Dir.from_parent(parent, path=path)
        return None


def pytest_configure(config):
    config.pluginmanager.register(AddonRootAsFolder())
