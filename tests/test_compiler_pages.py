"""Loading the compiled kernels leaves LLVM's library pages out of the resident set (Linux)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from w2vlib.training.engine import compiler_pages

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import os

import numpy as np
from w2vlib.training.engine import kernels
from w2vlib.training.engine.compiler_pages import release_compiler_pages

k = kernels.compiled()
assert k is not None, "numba did not load"
resident = 0
mapping = None
with open("/proc/self/smaps") as handle:
    for line in handle:
        head = line.split()
        if not head[0].endswith(":"):
            mapping = head[-1] if len(head) > 5 else ""
        elif head[0] == "Rss:" and "libllvmlite" in mapping:
            resident += int(head[1])
# the kernels still run after their compiler's pages went: one skip-gram pair's counts
starts, width = np.packbits([True, False], bitorder="little"), np.ones(2, np.uint8)
counts = np.zeros(1, np.int64)
k.segment_pair_counts(starts, width, 2, counts)

def mapped_elsewhere():
    # MADV_PAGEOUT leaves pages that another process maps too (another numba user running now)
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                with open(f"/proc/{pid}/maps") as handle:
                    if "libllvmlite" in handle.read():
                        return True
            except OSError:
                pass
    return False


advised = release_compiler_pages()  # a second time: what the first could advise is advised again
print(resident // 1024, int(counts[0]), advised >> 20, int(mapped_elsewhere()))
"""


def _kernel_release() -> tuple[int, int]:
    major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    return major, minor


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MADV_PAGEOUT is Linux's")
def test_llvm_pages_leave_the_resident_set_once_the_kernels_are_loaded():
    pytest.importorskip("numba")
    if _kernel_release() < (5, 4):
        pytest.skip("MADV_PAGEOUT needs Linux 5.4")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("W2VLIB_NO_NUMBA", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    resident_mib, pairs, advised_mib, shared = (int(x) for x in out)
    assert pairs == 2  # both tokens of the one sentence are centres with one context each
    assert advised_mib > 50  # the whole library's mappings (about 100 MiB of address space)
    if not shared:  # else the pages another process maps stay, by MADV_PAGEOUT's rule
        assert resident_mib < 8, f"{resident_mib} MiB of libllvmlite resident (about 66 loaded)"


def test_without_llvm_mapped_nothing_is_advised(monkeypatch, tmp_path):
    maps = tmp_path / "maps"
    maps.write_text("7f0000000000-7f0000001000 r-xp 00000000 00:00 0 /usr/lib/libc.so.6\n")
    real_open = open
    monkeypatch.setattr(
        "builtins.open",
        lambda path, *a, **k: real_open(maps if path == "/proc/self/maps" else path, *a, **k),
    )
    assert compiler_pages.release_compiler_pages() == 0


def test_a_maps_line_gives_its_address_range():
    line = "7f1a2b000000-7f1a2b400000 r-xp 00000000 08:01 42 /x/libllvmlite.so\n"
    assert compiler_pages._range(line) == (0x7F1A2B000000, 0x7F1A2B400000)
