"""Course defaults for the JupyterLab of one environment (run by `make setup` and Binder's postBuild).

    python delivery/lab_settings.py          # configure the Python environment it runs in

1. JupyterLab's "Would you like to get notified about official Jupyter news?" toast covers the
   page on a first start. It is switched off in ``<sys.prefix>/share/jupyter/lab/settings/
   overrides.json``: that file changes the *defaults* of this environment only; a user's own
   settings (``~/.jupyter/lab/user-settings``) are never read or written, and still win.
   RISE's theme is set there too: "white", which, unlike the default, loads no web fonts.
2. ``jupyterlab-mathjax3`` 4.3.0, a JupyterLab 3 extension that jupyterlab-rise pulls in, is
   uninstalled from the environment. JupyterLab 4 typesets with its own MathJax, in notebooks and
   in RISE; merely disabling the extension (``jupyter labextension disable``) still let JupyterLab
   load its code, which logged "Unsatisfied version ... @jupyterlab/rendermime (required ^3.2.8)"
   on every page. If pip cannot remove it, it is disabled at the environment's level instead.
   (``pip check`` then notes that jupyterlab-rise lists it; RISE does not import it.)

Running it again changes nothing; other keys already in overrides.json are kept.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

DEFAULTS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # RISE's default reveal.js theme ("simple") imports Google Fonts; "white" imports none, so a
    # live slideshow also works offline. Long slides scroll, as in the decks of `make slides`.
    "jupyterlab-rise:plugin": {"theme": "white", "scroll": True},
}
MATHJAX3 = "@jupyterlab/mathjax3-extension"
MATHJAX3_PACKAGE = "jupyterlab-mathjax3"


def overrides_path(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides(prefix: str | Path = sys.prefix) -> Path:
    """Merge DEFAULTS into the environment's overrides.json (created if missing)."""
    path = overrides_path(prefix)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if not isinstance(current, dict):
        raise SystemExit(f"{path} does not hold a JSON object: fix or delete it, then rerun.")
    for plugin, values in DEFAULTS.items():
        current[plugin] = {**current.get(plugin, {}), **values}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def remove_mathjax3() -> str:
    """Uninstall jupyterlab-mathjax3 here (else disable it); say which happened."""
    if importlib.util.find_spec("jupyterlab_mathjax3") is None and not _mathjax3_files():
        return "absent"
    pip = [sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", MATHJAX3_PACKAGE]
    if _run(pip) and not _mathjax3_files():
        return "uninstalled"
    jupyter = Path(sys.executable).with_name("jupyter")
    if _run([str(jupyter), "labextension", "disable", "--level=sys_prefix", MATHJAX3]):
        return "disabled"
    return "left"


def _mathjax3_files() -> bool:
    return (Path(sys.prefix) / "share" / "jupyter" / "labextensions" / MATHJAX3).exists()


def _run(command: list[str]) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except OSError:
        return False
    return done.returncode == 0


def main() -> int:
    print(f"JupyterLab defaults (no news toast; RISE theme white): {write_overrides()}")
    outcome = remove_mathjax3()
    if outcome == "left":
        print(f"note: could not remove {MATHJAX3}; JupyterLab only logs a warning about it")
    else:
        print(f"{MATHJAX3} (a JupyterLab 3 extension): {outcome} in {sys.prefix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
