"""Headless Chromium for the browser tests: Debian's `chromium` driven by Playwright (`make browser`)."""
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"


NO_BROWSER = "no browser: `make browser` installs Debian's chromium (or set LABS_CHROMIUM)"


def chromium_path():
    """The browser binary, or None: $LABS_CHROMIUM, else chromium on PATH."""
    return os.environ.get("LABS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    """A headless Chromium, or a skip that says how to get one."""
    path = chromium_path()
    if not path:
        pytest.skip(NO_BROWSER)
    # --no-sandbox: the sandbox needs user namespaces, which containers and root (CI) often lack.
    return playwright.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])


def require_browser():
    """Skip (before any expensive set-up) unless Playwright and a Chromium are both here."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed: `make venv`")
    if not chromium_path():
        pytest.skip(NO_BROWSER)
