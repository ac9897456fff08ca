"""JupyterLab in a real browser: the student build of lab 00, run as a student runs it.

JupyterLab is started the way `make lab` starts it (the course venv's `jupyter lab`, its settings
overrides, the quick profile here), and headless Chromium opens the handout, runs all cells, and reads
the page. Screenshots go to build/screenshots/.
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser import ROOT, SHOTS, launch, require_browser

from labs_utils.build import build_student

pytestmark = pytest.mark.notebooks
LAB = "00_setup"
FIRST = "to_model_input"   # the lab's first exercise


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    require_browser()
    work = tmp_path_factory.mktemp("lab")
    build_student([LAB], out_dir=work)
    port, token = _free_port(), secrets.token_hex(16)
    state = tmp_path_factory.mktemp("jupyter-state")   # no user settings or workspace of this machine
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", str(work), "--no-browser",
           f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           f"--LabApp.user_settings_dir={state / 'settings'}", f"--LabApp.workspaces_dir={state / 'workspaces'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")   # as `make lab` does for root
    env = dict(os.environ, LABS_PROFILE="quick")
    log = open(state / "jupyterlab.log", "w")
    server = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (state / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield url, token, work
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _wait_for_kernel(url, token, limit=120):
    """Until the page's kernel has started and the page is connected to it (a Run All clicked before
    that is silently dropped)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        kernels = json.load(urllib.request.urlopen(f"{url}/api/kernels?token={token}", timeout=5))
        if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            time.sleep(2)
            return
        time.sleep(0.5)
    pytest.fail(f"the notebook's kernel did not start within {limit} s")


def _cell_index(path, cell_id):
    return [c.id for c in nbformat.read(path, as_version=4).cells].index(cell_id)


def test_a_student_runs_lab_00_in_jupyterlab(jupyterlab):
    from playwright.sync_api import expect, sync_playwright

    url, token, work = jupyterlab
    source = nbformat.read(ROOT / "notebooks" / f"{LAB}.ipynb", as_version=4)
    stub = next(c for c in source.cells if "stub" in c.metadata.get("tags", []) and FIRST in c.source)
    solution = next(c for c in source.cells if "solution" in c.metadata.get("tags", []) and FIRST in c.source)
    stub_at = _cell_index(work / f"{LAB}.ipynb", stub.id)
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors = []
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(f"{url}/lab/tree/{LAB}.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        _wait_for_kernel(url, token)
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        expect(idle).to_have_count(1, timeout=120_000)

        # Run > Run All Cells, as a student would: it must stop at the first exercise, with its TODO.
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        todo = page.locator(".jp-OutputArea-output", has_text=f"{FIRST}: not written yet. TODO").first
        expect(todo).to_be_attached(timeout=300_000)
        expect(idle).to_have_count(1, timeout=60_000)
        cells = page.locator(".jp-Notebook .jp-Cell")
        assert cells.count() == len(nbformat.read(work / f"{LAB}.ipynb", as_version=4).cells)
        # Up to the check cell in command mode: JupyterLab scrolls the active cell into view itself.
        page.keyboard.press("Escape")
        for _ in range(cells.count() - 1 - (stub_at + 1)):
            page.keyboard.press("ArrowUp")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "jupyterlab-lab00-todo.png"))
        # The check cell ran (and stopped); the next exercise's stub did not.
        assert cells.nth(stub_at + 1).locator(".jp-InputPrompt").inner_text().strip() not in ("[ ]:", "")
        next_stub = next(i for i, c in enumerate(nbformat.read(work / f"{LAB}.ipynb", as_version=4).cells)
                         if i > stub_at + 1 and "stub" in c.metadata.get("tags", []))
        assert cells.nth(next_stub).locator(".jp-InputPrompt").inner_text().strip() == "[ ]:", \
            "Run All went past the unsolved exercise"
        # No "get Jupyter news?" prompt: the course turns it off.
        assert page.locator(".jp-Notification-Toast", has_text="news").count() == 0

        # Solve it: paste the answer over the stub (a paste is not re-indented), run it and its check.
        stub_cell = cells.nth(stub_at)
        stub_cell.scroll_into_view_if_needed()
        stub_cell.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.evaluate("text => navigator.clipboard.writeText(text)", solution.source)
        page.keyboard.press("Control+V")
        page.keyboard.press("Shift+Enter")   # the answer
        page.keyboard.press("Shift+Enter")   # its check
        correct = page.locator(".jp-OutputArea-output", has_text=f"\u2714 {FIRST} values: correct").first
        expect(correct).to_be_attached(timeout=120_000)
        page.screenshot(path=str(SHOTS / "jupyterlab-lab00-solved.png"))   # the answer and its check
        assert page.locator(".jp-OutputArea-output", has_text=f"{FIRST}: not written yet").count() == 0
        browser.close()
    assert not errors, errors
