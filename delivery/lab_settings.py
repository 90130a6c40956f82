"""Course defaults for the JupyterLab of one environment (run by `make setup` and Binder's postBuild).

    python delivery/lab_settings.py          # configure the Python environment it runs in

1. JupyterLab's "Would you like to get notified about official Jupyter news?" toast covers the
   page on a first start. It is switched off in ``<sys.prefix>/share/jupyter/lab/settings/
   overrides.json``: that file changes the *defaults* of this environment only; a user's own
   settings (``~/.jupyter/lab/user-settings``) are never read or written, and still win.
   RISE's theme is set there too: "white", which, unlike the default, loads no web fonts.
2. ``jupyterlab-mathjax3`` 4.3.0, a JupyterLab 3 extension that jupyterlab-rise pulls in, is
   disabled at the environment's level (``--level=sys_prefix``): JupyterLab 4 typesets with its
   own MathJax, in notebooks and in RISE, and the incompatible extension only logs a warning.

Running it again changes nothing; other keys already in overrides.json are kept.
"""

from __future__ import annotations

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


def disable_mathjax3() -> bool:
    """Disable jupyterlab-mathjax3 in this environment; False if jupyter cannot be run."""
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "labextension", "disable", "--level=sys_prefix", MATHJAX3]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except OSError:
        return False
    return done.returncode == 0


def main() -> int:
    print(f"JupyterLab defaults (no news toast; RISE theme white): {write_overrides()}")
    if disable_mathjax3():
        print(f"{MATHJAX3} (a JupyterLab 3 extension) disabled in {sys.prefix}")
    else:
        print(f"note: could not disable {MATHJAX3}; JupyterLab only logs a warning about it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
