"""Fixtures for the real-browser tests: one headless Chromium, and Jupyter servers on demand.

Every test here that opens the browser is marked `browser`; they run in the default `pytest` (and so
in `make test`, which first installs Chromium and builds the offline pages). To leave them out
while iterating: `pytest -m "not browser"`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import AS_LEARNERS_GET, SCREENSHOTS, chromium_context, jupyter_server

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium (make browser-deps) through playwright"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses_browser = "browser_context" in getattr(item, "fixturenames", ())
        if uses_browser and HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    with chromium_context(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# Servers are session-wide (starting one costs several seconds) and started only when a test
# that needs one runs, so a skipped lesson starts nothing. The context manager stops the server
# and its kernels when the session ends, also after failures or Ctrl-C.
@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    with jupyter_server("lab", tmp_path_factory.mktemp("jupyter-lab")) as server:
        yield server


@pytest.fixture(scope="session")
def notebook_server(tmp_path_factory):
    with jupyter_server("notebook", tmp_path_factory.mktemp("jupyter-notebook")) as server:
        yield server


@pytest.fixture(scope="session")
def learner_lab_server(tmp_path_factory):
    """JupyterLab exactly as `make lab` starts it: windowing on, no user settings."""
    with jupyter_server(
        "lab", tmp_path_factory.mktemp("jupyter-lab-learner"), user_settings=AS_LEARNERS_GET
    ) as server:
        yield server


@pytest.fixture(scope="session")
def learner_notebook_server(tmp_path_factory):
    """Notebook 7 exactly as `jupyter notebook` starts from this environment: no user settings."""
    with jupyter_server(
        "notebook", tmp_path_factory.mktemp("jupyter-nb-learner"), user_settings=AS_LEARNERS_GET
    ) as server:
        yield server
