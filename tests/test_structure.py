"""The library's structure, as the map in w2vlib/__init__.py draws it: small modules, no import
cycles, views that never import the package's __init__, one home per public function, and
bigcorpus (apt, npm and pip fetching) loaded only when asked for."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import w2vlib

PACKAGE = Path(w2vlib.__file__).parent
MAX_LINES = 450
VIEWS = ("w2vlib.plots", "w2vlib.widgets", "w2vlib.animations", "w2vlib.figures", "w2vlib.style")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str) -> str:
    """The w2vlib module an import of ``name`` runs: the longest prefix that is a module."""
    parts = name.split(".")
    while ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every w2vlib module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {resolve(a.name) for a in node.names if a.name.split(".")[0] == "w2vlib"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "w2vlib":
                # `from w2vlib.x import y` imports the module w2vlib.x.y when there is one
                found |= {resolve(f"{node.module}.{alias.name}") for alias in node.names}
    return found


GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_longer_than_the_limit(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it (the limit is {MAX_LINES})"


def test_the_imports_have_no_cycle():
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycle = path[path.index(target) :] + [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


def test_no_module_of_the_library_imports_the_package_init():
    """The __init__ only re-exports: modules import each other directly, so the views too."""
    offenders = sorted(name for name, targets in GRAPH.items() if "w2vlib" in targets)
    assert offenders == []
    views = [name for name in GRAPH if name.startswith(VIEWS)]
    assert len(views) > 10  # the test sees the views


LAYERS = (  # lowest first, as the map in w2vlib/__init__.py draws them
    ("w2vlib._checks", "w2vlib._cost"),
    ("w2vlib.vocab", "w2vlib.corpora", "w2vlib.pairs", "w2vlib.bigcorpus", "w2vlib.corpus_sources"),
    ("w2vlib.objectives",),
    # training uses analysis (P_α for its sampler, the pull decomposition) and analysis may
    # drive a Stepper: one layer, whose modules must still form no cycle
    ("w2vlib.analysis", "w2vlib.training", "w2vlib.interop"),
    (*VIEWS, "w2vlib.exercises"),
)


def layer(name: str) -> int:
    for level, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return len(LAYERS)  # the package __init__, above everything


def test_every_module_imports_only_from_its_layer_or_below():
    upward = sorted(
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if layer(target) > layer(name)
    )
    assert upward == []
    assert all(layer(name) < len(LAYERS) for name in GRAPH if name != "w2vlib")  # all placed


def test_only_the_trainer_reaches_into_its_engine():
    outside = sorted(
        name
        for name, targets in GRAPH.items()
        if not name.startswith("w2vlib.training") and name != "w2vlib"
        if any(t.startswith("w2vlib.training.engine") for t in targets)
    )
    assert outside == []


def test_every_public_function_class_and_constant_has_one_home():
    """Below the views (which draw, and name their helpers as they like), one name, one home."""
    defined: Counter[str] = Counter()
    for name, path in MODULES.items():
        if name.startswith(VIEWS) or name == "w2vlib":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
            else:
                continue
            defined.update(n for n in names if not n.startswith("_") and n != "main")
    assert sorted(n for n, count in defined.items() if count > 1) == []
    assert {"ppmi", "truncated_svd", "noise_distribution", "ARCHS"} <= set(defined)  # it sees them


def test_import_w2vlib_loads_neither_bigcorpus_nor_the_views():
    code = (
        "import sys, w2vlib\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('w2vlib.bigcorpus', 'matplotlib')))\n"
        "print(loaded)\n"
        "w2vlib.load_corpus  # asked for: now it loads\n"
        "print('w2vlib.bigcorpus' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


def test_training_on_the_compiled_kernels_never_imports_scipy():
    # scipy.sparse or scipy.special costs about 22 MiB of resident memory (of the 9.4M-token
    # peak of benchmarks/scale.py); the trainer's float32 path uses neither
    pytest.importorskip("numba")
    code = (
        "import sys, numpy as np, w2vlib\n"
        "heavy = ('scipy.sparse', 'scipy.special', 'sklearn')  # numba imports scipy, only\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy))[:3])\n"
        "rng = np.random.default_rng(0)\n"
        "words = [f'w{i}' for i in range(300)]\n"
        "tokens = rng.zipf(1.3, 200_000) % 300\n"
        "sentences = [[words[t] for t in tokens[i : i + 50]] for i in range(0, len(tokens), 50)]\n"
        "settings = dict(dim=8, window=5, epochs=1, lr=1e-3, batch_size=2048, progress=False)\n"
        "run = w2vlib.train(sentences, **settings)\n"
        "print(run.config['working_dtype'], sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.split("\n")[:2] == ["[]", "float32 []"]


def test_every_name_in_all_is_reachable():
    for name in w2vlib.__all__:
        assert getattr(w2vlib, name) is not None, name
