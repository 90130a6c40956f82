"""What Binder, the README and the offline build rely on, checked without a browser."""

from __future__ import annotations

import json
import re

from harness import ROOT, lessons

LESSONS = lessons()
README = (ROOT / "README.md").read_text(encoding="utf-8")
BINDER = "https://mybinder.org/v2/gh/OWNER/w2v-why/HEAD?urlpath=lab/tree/notebooks/"


def test_binder_reads_the_root_requirements():
    # repo2docker prefers binder/ or .binder/, and environment.yml over requirements.txt.
    shadows = [name for name in ("binder", ".binder", "environment.yml") if (ROOT / name).exists()]
    assert not shadows, f"{shadows} would shadow requirements.txt on Binder: remove them"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in requirements, "requirements.txt must install w2vlib (-e .) for Binder"
    for package, major in (("jupyterlab", 4), ("ipywidgets", 8), ("jupyterlab_widgets", 3)):
        pinned = [line for line in requirements if re.match(rf"{package}\s*[><=]", line)]
        upper = re.search(r"<\s*([\d.]+)", pinned[0]) if pinned else None
        bound = tuple(int(part) for part in upper[1].split(".")) if upper else ()
        assert (major,) < bound <= (major + 1,), f"{package} is not pinned within major {major}"
    # Notebook 7.6.5 throws "reading 'schema'" on load; 7.5.8 (JupyterLab 4.5) does not.
    assert "notebook==7.5.8" in requirements


def test_readme_has_a_binder_launch_link_for_every_lesson():
    assert LESSONS
    missing = [p.name for p in LESSONS if f"{BINDER}{p.name})" not in README]
    assert not missing, f"README.md has no Binder launch link for {missing}"
    assert "mybinder.org/badge_logo.svg" in README, "README.md has no Binder badge"
    for image in re.findall(r"!\[[^\]]*\]\((delivery/screenshots/[^)]+)\)", README):
        assert (ROOT / image).is_file(), f"README.md shows {image}, which does not exist"


def test_vendored_javascript_is_pinned_exactly():
    package = json.loads((ROOT / "delivery" / "package.json").read_text())
    lock = json.loads((ROOT / "delivery" / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, (
            f"delivery/package-lock.json disagrees with package.json on {name}: run "
            "`cd delivery && npm install --save-exact` and commit both files"
        )
    # MathJax 3 lacks the MathJax.Hub API that nbconvert's reveal template calls.
    assert package["dependencies"]["mathjax"].startswith("2.")


def _lab_settings():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lab_settings", ROOT / "delivery/lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lab_defaults_go_to_the_environment_and_keep_other_keys(tmp_path):
    lab_settings = _lab_settings()
    path = lab_settings.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"some-plugin:x": {"a": 1}}))
    lab_settings.write_overrides(tmp_path)
    first = path.read_text()
    lab_settings.write_overrides(tmp_path)
    assert path.read_text() == first, "running it twice changed overrides.json"
    written = json.loads(first)
    assert written["some-plugin:x"] == {"a": 1}
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert written["jupyterlab-rise:plugin"]["theme"] == "white"


def test_make_lab_and_binder_switch_the_news_toast_off():
    import sys

    current = _lab_settings().overrides_path(sys.prefix)
    assert current.exists(), f"{current} is missing: run `make setup` (delivery/lab_settings.py)"
    notification = json.loads(current.read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable for repo2docker"
    assert "delivery/lab_settings.py" in post_build.read_text()
    assert "delivery/lab_settings.py" in (ROOT / "Makefile").read_text()
