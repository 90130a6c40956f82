"""A real browser and real Jupyter servers for the browser tests, started and always stopped.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser-deps`), driven by the Python
playwright package; no browser is ever downloaded. A Jupyter server runs on 127.0.0.1 with a
random free port and token, on a temporary copy of the lessons, with temporary HOME, config,
runtime, settings and workspace directories, so that nothing it writes reaches the repository
or the virtual environment.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("W2V_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "build" / "screenshots"
LESSON_GLOB = "[0-9][0-9]*_*.ipynb"
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[A-Za-z0-9_]+\.ipynb$")  # NN_slug or NNx_slug


def lessons() -> list[Path]:
    """Every lesson, in reading order (as delivery/build.py and tests/test_notebooks.py)."""
    return sorted(p for p in (ROOT / "notebooks").glob(LESSON_GLOB) if LESSON_NAME.match(p.name))


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Lab and Notebook 7 read these as user settings (JUPYTERLAB_SETTINGS_DIR): no autosave, so the
# notebooks under test are never rewritten; and every cell kept in the DOM (no windowing), so
# that selectors see the whole notebook. The news toast is *not* switched off here: the
# environment's overrides.json (delivery/lab_settings.py, run by `make setup`) must do it, as it
# does for `make lab` and Binder, and the tests check that it does.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
# What `make lab` and Binder give a learner: no user settings at all, only the environment's
# overrides.json. Notebook windowing stays on, as it is for learners. The server serves a
# temporary copy of the lessons, so autosave cannot reach the repository.
AS_LEARNERS_GET: dict = {}


def require_chromium() -> Path:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium. "
            "Run `make browser-deps` (apt-get install -y chromium), or set W2V_CHROMIUM to a "
            "Chromium binary. Never `playwright install`: it downloads a browser."
        )
    return CHROMIUM


@contextmanager
def chromium_context(profile_dir: Path) -> Iterator[object]:
    """A headless Chromium browser context; closed (browser and driver stopped) on exit."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile_dir),
            executable_path=str(executable),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


# ---------------------------------------------------------------------------------------------
# Pages that must not touch the network
# ---------------------------------------------------------------------------------------------

LOCAL_PREFIXES = ("file://", "data:", "blob:", "http://127.0.0.1:", "ws://127.0.0.1:")


@dataclass
class Problems:
    """What went wrong while a page was open: blocked, failed requests and uncaught errors."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        for name in ("blocked", "failed", "page_errors"):
            items = getattr(self, name)
            if items:
                parts.append(f"{name.replace('_', ' ')} ({len(items)}): " + "; ".join(items[:5]))
        return " | ".join(parts)


def offline_page(context) -> tuple[object, Problems]:
    """A new page on which every non-local request is aborted, and every problem recorded."""
    page = context.new_page()
    problems = Problems()

    def route(route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            problems.blocked.append(url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "requestfailed",
        lambda request: problems.failed.append(f"{request.url} ({request.failure})"),
    )
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    return page, problems


# ---------------------------------------------------------------------------------------------
# Jupyter servers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JupyterServer:
    app: str  # "lab" or "notebook"
    url: str  # http://127.0.0.1:PORT
    token: str
    root: Path  # the temporary copy the server serves
    log: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, relpath: str) -> str:
        if self.app == "lab":
            # ?reset: ignore any saved workspace, whose hidden tabs would match our selectors.
            return f"{self.url}/lab/tree/{relpath}?reset&token={self.token}"
        return f"{self.url}/notebooks/{relpath}?token={self.token}"

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel, so the next page load starts a fresh kernel."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels") or []:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_course(dest: Path, source: Path = ROOT) -> Path:
    """Copy what the lessons need (notebooks/, figures/ they may show, and the stored benchmark
    results some lessons load and print) into dest, laid out as in the repository."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "figures", "benchmarks/results"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, ignore=ignore)
    return dest


def _write_user_settings(settings_dir: Path, settings: dict) -> None:
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _pids_mentioning(text: str) -> list[int]:
    """Processes whose command line contains `text` (our kernels name our runtime dir)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline and int(proc.name) != os.getpid():
            pids.append(int(proc.name))
    return pids


@contextmanager
def jupyter_server(
    app: str,
    workdir: Path,
    source: Path = ROOT,
    startup_timeout: float = 120.0,
    user_settings: dict | None = None,
) -> Iterator[JupyterServer]:
    """Start `jupyter lab` or `jupyter notebook` on a copy of the course; always stop it.

    `user_settings` (plugin id → values) default to USER_SETTINGS (no autosave, no windowing,
    so selectors see every cell); AS_LEARNERS_GET gives exactly what `make lab` gives.

    The server gets its own process group, and its kernels name the temporary runtime
    directory on their command line, so on exit both are found and ended precisely.
    """
    if app not in ("lab", "notebook"):
        raise ValueError(f"app must be 'lab' or 'notebook', got {app!r}")
    root = copy_course(workdir / "course", source)
    dirs = {
        name: workdir / name for name in ("home", "config", "data", "runtime", "settings", "ws")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    _write_user_settings(
        dirs["settings"], USER_SETTINGS if user_settings is None else user_settings
    )
    env = {
        **os.environ,
        "HOME": str(dirs["home"]),
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["ws"]),
        "OMP_NUM_THREADS": "1",  # the machine is shared; one BLAS thread per kernel
        "PYTHONUNBUFFERED": "1",
    }
    port, token = free_port(), secrets.token_hex(24)
    log = workdir / f"jupyter-{app}.log"
    command = [
        str(BIN / "jupyter"),
        app,
        "--no-browser",
        "--allow-root",  # CI containers run as root; the server refuses to start otherwise
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    with open(log, "wb") as log_file:
        # A process group of its own, so that stopping it reaches everything it spawned.
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = JupyterServer(app, f"http://127.0.0.1:{port}", token, root, log)
    try:
        _wait_until_up(server, process, startup_timeout)
        yield server
    finally:
        _stop(server, process, dirs["runtime"])


def _wait_until_up(server: JupyterServer, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter {server.app} exited with code {process.returncode} before answering.\n"
                f"Last lines of its log ({server.log}):\n{server.log_tail()}"
            )
        try:
            server.api("GET", "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(
        f"jupyter {server.app} did not answer /api/status within {timeout:.0f} s.\n"
        f"Last lines of its log ({server.log}):\n{server.log_tail()}"
    )


def _stop(server: JupyterServer, process: subprocess.Popen, runtime_dir: Path) -> None:
    try:
        if process.poll() is None:
            server.shutdown_kernels()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        pass  # a dead or hung server cannot help; the signals below still stop everything
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    # Kernels run in sessions of their own; any left is named by our runtime directory.
    for pid in _pids_mentioning(str(runtime_dir)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
