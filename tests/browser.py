"""Why this file is long: the harness's parts (isolated server, loopback guard, blocked
requests, waiting helpers for cells, widgets and charts) are used together by every
browser test, and splitting them would spread one server's set-up over several files.

Real-browser harness: JupyterLab on 127.0.0.1 driven by Debian's headless Chromium.

The server gets isolated config, settings, workspace and runtime folders, serves a copy of
the notebooks (autosave writes live outputs back), and its kernels start with a guard that
refuses sockets to anything but loopback. The browser blocks and counts every request to a
non-loopback address; tests assert the count stays zero.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from servers import serve

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
VEGALITE = "application/vnd.vegalite.v5+json"

KERNEL_GUARD = '''
"""Installed by the course's browser tests: kernels may only open loopback sockets."""
import ipaddress as _ip
import socket as _socket

_connect = _socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            ok = _ip.ip_address(host).is_loopback
        except ValueError:
            ok = host == "localhost"
        if not ok:
            raise ConnectionRefusedError(f"course test guard: no network ({host})")
    return _connect(self, address)


_socket.socket.connect = _loopback_only
'''


def chromium_available() -> bool:
    """True when Debian's chromium and the playwright package are both installed."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


def is_loopback_url(url: str) -> bool:
    """True for URLs the page may load: loopback hosts and inline data/blob URLs."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    host = parsed.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class LabServer:
    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def notebook_url(self, rel: str) -> str:
        return f"{self.url}/lab/tree/{rel}?token={self.token}&reset"


@contextmanager
def lab_server(tmp: Path) -> Iterator[LabServer]:
    """Start JupyterLab on a copy of notebooks/ in ``tmp``; stop it afterwards."""
    root = tmp / "course"
    ignore = shutil.ignore_patterns("answers", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=ignore)
    settings = tmp / "lab-settings"
    lab_settings = {
        # No news, no update checks: nothing may leave the machine.
        ("apputils-extension", "notification"): {"fetchNews": "false", "checkForUpdates": False},
        # Render every cell (no windowing), so off-screen outputs exist in the page.
        ("notebook-extension", "tracker"): {"windowingMode": "none"},
    }
    for (plugin, name), values in lab_settings.items():
        folder = settings / "@jupyterlab" / plugin
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    ipython = tmp / "ipython"
    (ipython / "profile_default" / "startup").mkdir(parents=True)
    (ipython / "profile_default" / "startup" / "00-network-guard.py").write_text(KERNEL_GUARD)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(ipython),
        COURSE_DATA_DIR=str(ROOT / "data"),
        COURSE_ANSWERS_DIR=str(tmp / "answers"),
        TZ="UTC",
    )
    token = secrets.token_hex(16)

    def command(port: int) -> list[str]:
        cmd = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
            "--LabApp.extension_manager=readonly", "--ServerApp.port_retries=0",
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # CI runs as root in a throwaway container
        return cmd

    def status(port: int) -> str:
        return f"http://127.0.0.1:{port}/api/status?token={token}"

    with serve(command, status, env=env, cwd=ROOT, log=tmp / "jupyterlab.log", timeout=60) as up:
        yield LabServer(f"http://127.0.0.1:{up.port}", token, root, up.process, up.log)


@contextmanager
def voila_server(tmp: Path, notebook: str) -> Iterator[str]:
    """Start the course's Voilà view of ``notebook`` on 127.0.0.1; yield its URL."""
    root = tmp / "course"
    ignore = shutil.ignore_patterns("answers", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=ignore)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_PATH=str(ROOT / "share" / "jupyter"),
        COURSE_DATA_DIR=str(ROOT / "data"),
        COURSE_ANSWERS_DIR=str(tmp / "answers"),
        TZ="UTC",
    )

    def command(port: int) -> list[str]:
        return [
            sys.executable, "-m", "voila", notebook, "--no-browser", "--template=course",
            "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
        ]  # fmt: skip

    def status(port: int) -> str:
        return f"http://127.0.0.1:{port}/api/status"

    cwd = root / "notebooks"
    with serve(command, status, env=env, cwd=cwd, log=tmp / "voila.log", timeout=60) as up:
        yield f"http://127.0.0.1:{up.port}/"


@dataclass
class Blocked:
    """Requests the browser refused because they left the machine."""

    urls: list[str] = field(default_factory=list)


@contextmanager
def browser_page(blocked: Blocked) -> Iterator[object]:
    """A fresh headless Chromium page whose non-loopback requests are blocked and counted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def route(r):
            if is_loopback_url(r.request.url):
                r.continue_()
            else:
                blocked.urls.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
  // run-all resolves when execution requests finish; wait for the kernel to go idle.
  for (let i = 0; i < 600; i++) {
    const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (k && k.status === 'idle') break;
    await new Promise(r => setTimeout(r, 100));
  }
  return panel.context.path;
}
"""


def open_and_run_all(page, server: LabServer, rel: str) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, run all cells."""
    page.goto(server.notebook_url(rel))
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=60_000,
    )
    page.wait_for_function(
        "() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
        " return s.session && s.session.kernel && s.session.kernel.status === 'idle'; }",
        timeout=60_000,
    )
    page.evaluate(RUN_ALL_JS)


def screenshot(target, name: str) -> Path:
    """Keep a screenshot of a page or an element in test-artifacts/ (CI keeps it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    target.screenshot(path=str(path))
    return path


def stored_descriptions(name: str) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get(VEGALITE)
            if spec:
                out.append(spec["description"])
    return out


def assert_charts_drawn(page, name: str) -> None:
    """Every chart drew marks with the SVG renderer, labelled by its description."""
    expected = stored_descriptions(name)
    charts = page.locator(".jp-OutputArea-output .vega-embed")
    page.wait_for_function(
        f"() => document.querySelectorAll('.vega-embed svg g[class^=\"mark-\"]').length > 0 "
        f"&& document.querySelectorAll('.vega-embed').length >= {len(expected)}",
        timeout=30_000,
    )
    assert charts.count() == len(expected)
    for i, description in enumerate(expected):
        chart = charts.nth(i)
        svg = chart.locator("svg").first
        assert chart.locator('svg g[class^="mark-"] path, svg g[class^="mark-"] line').count() > 0
        labels = [svg.get_attribute("aria-label"), chart.get_attribute("aria-label")]
        assert description in labels, (description, labels)
        assert chart.locator(".vega-actions").count() == 0  # no actions menu
        chart.scroll_into_view_if_needed()
        screenshot(chart, f"browser-{Path(name).stem}-chart-{i}")


def exercise(page, exercise_id: str):
    return page.locator(".course-exercise-" + exercise_id.replace(".", "-"))


def submit_and_read(box) -> str:
    before = box.locator(".course-feedback").inner_text()
    box.locator(".course-submit").click()
    box.page.wait_for_function(
        "([el, before]) => el.innerText.trim() && el.innerText !== before",
        arg=[box.locator(".course-feedback").element_handle(), before],
        timeout=10_000,
    )
    return box.locator(".course-feedback").inner_text()


# -- exercise widgets: layout and keyboard (tests/test_browser_widgets.py) -------------------

EXERCISE_LAYOUT_JS = """
() => {
  const out = [];
  const name = el => ([...el.classList].find(c => c.startsWith('course-exercise-')) || '?');
  const text = el => JSON.stringify((el.innerText || '').trim().slice(0, 50));
  for (const ex of document.querySelectorAll('.course-exercise')) {
    const id = name(ex);
    const box = ex.getBoundingClientRect();
    if (ex.scrollWidth > ex.clientWidth + 1) out.push(`${id}: content wider than the exercise`);
    const labels = [...ex.querySelectorAll('.course-controls label')].filter(l => {
      const r = l.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    });
    const rects = labels.map(l => l.getBoundingClientRect());
    labels.forEach((l, i) => {
      const r = rects[i];
      if (l.scrollHeight > l.clientHeight + 1 || l.scrollWidth > l.clientWidth + 1)
        out.push(`${id}: label ${text(l)} is clipped or spills out of its own box`);
      if (r.left < box.left - 1 || r.right > box.right + 1)
        out.push(`${id}: label ${text(l)} runs outside the exercise`);
      for (let j = i + 1; j < labels.length; j++) {
        if (l.contains(labels[j]) || labels[j].contains(l)) continue;
        const q = rects[j];
        const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
        const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
        if (w > 1 && h > 1) out.push(`${id}: labels ${text(l)} and ${text(labels[j])} overlap`);
      }
    });
    for (const grid of ex.querySelectorAll('.course-grid')) {
      const selects = [...grid.querySelectorAll('select')].map(s => s.getBoundingClientRect());
      const first = selects[0];
      for (const s of selects) {
        if (Math.abs(s.left - first.left) > 1 || Math.abs(s.width - first.width) > 1)
          out.push(`${id}: grid controls are not one aligned column of equal width`);
      }
      for (const l of grid.querySelectorAll('label')) {
        const r = l.getBoundingClientRect();
        if (first && r.width > 0 && r.right > first.left + 1)
          out.push(`${id}: grid label ${text(l)} reaches into the control column`);
      }
    }
  }
  return out;
}
"""


def exercise_layout_problems(page) -> list[str]:
    """Overlapping, clipped or escaping labels and ragged grids in every ``.course-exercise``."""
    return page.evaluate(EXERCISE_LAYOUT_JS)


def settle(page) -> None:
    """Wait two animation frames, so the page has been laid out again (e.g. after a resize)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _focus_state(box) -> str:
    return box.evaluate(
        "(ex) => { const a = document.activeElement;"
        " if (!a || !ex.contains(a)) return 'outside';"
        " return a.classList.contains('course-submit') ? 'submit' : 'inside'; }"
    )


def tab_to_submit(box, max_presses: int = 40) -> None:
    """Press Tab until the exercise's Submit button has the focus; focus must stay inside."""
    for _ in range(max_presses):
        state = _focus_state(box)
        assert state != "outside", "keyboard focus left the exercise before its Submit button"
        if state == "submit":
            return
        box.page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the Submit button")


def keyboard_submit_and_read(box, key: str = "Enter") -> str:
    """Tab to Submit, press ``key`` (Enter or Space) on it, return the new feedback text."""
    feedback = box.locator(".course-feedback")
    before = feedback.inner_text()
    tab_to_submit(box)
    box.page.keyboard.press(key)
    box.page.wait_for_function(
        "([el, before]) => el.innerText.trim() && el.innerText !== before",
        arg=[feedback.element_handle(), before],
        timeout=10_000,
    )
    return feedback.inner_text()


SWITCH_NOTEBOOK_JS = """
async (path) => {
  const app = window.jupyterapp;
  const old = app.shell.currentWidget;
  if (old && old.sessionContext) {  // close the previous lesson and stop its kernel
    await old.sessionContext.shutdown();
    old.context.model.dirty = false;
    old.dispose();
  }
  const panel = await app.commands.execute('docmanager:open', {path});
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  for (let i = 0; i < 600; i++) {
    const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (k && k.status === 'idle') break;
    await new Promise(r => setTimeout(r, 100));
  }
  return panel.context.path;
}
"""


def open_next_and_run_all(page, rel: str) -> None:
    """In a JupyterLab page already open: close the current notebook (its kernel too), open
    ``rel`` in the same page (no second JupyterLab start-up), run all its cells."""
    page.evaluate(SWITCH_NOTEBOOK_JS, rel)
    page.evaluate(RUN_ALL_JS)
