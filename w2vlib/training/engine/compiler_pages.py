"""Hand back the memory that loading the compiled kernels read from LLVM's library (Linux).

numba links its cached kernels with LLVM, which lives in one large shared library
(``libllvmlite.so``). Loading the kernels reads about 66 MiB of that library's code
into the process; training never runs LLVM again, but those pages stay in the
resident set: on the 9.4M-token corpus of ``benchmarks/scale.py`` they were a quarter
of everything w2vlib adds to the corpus, and the margin by which its peak exceeded
gensim's. The pages are clean copies of a file, so the kernel may drop them at no
risk: ``madvise(MADV_PAGEOUT)`` (Linux ≥ 5.4) asks it to now. Pages that the loader
modified (relocations) are private and are kept; a later compilation reads the
dropped ones back from the file. Elsewhere (another OS, an older kernel) this does
nothing: it is an economy, never a condition.
"""

from __future__ import annotations

import ctypes
import sys

MADV_PAGEOUT = 21  # <linux/mman.h>
LIBRARY = "libllvmlite"


def release_compiler_pages() -> int:
    """Ask Linux to drop this process's resident pages of LLVM's library; returns the bytes advised.

    0 where there is nothing to do or the call is not available (not Linux, no
    ``/proc/self/maps``, a kernel without MADV_PAGEOUT).
    """
    if not sys.platform.startswith("linux"):
        return 0
    try:
        with open("/proc/self/maps", encoding="utf-8") as handle:
            ranges = [_range(line) for line in handle if LIBRARY in line]
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    advised = 0
    for start, stop in ranges:
        if madvise(start, stop - start, MADV_PAGEOUT) == 0:
            advised += stop - start
    return advised


def _range(line: str) -> tuple[int, int]:
    """(start, stop) of one /proc/self/maps line ("7f…-7f… r-xp … path")."""
    start, stop = line.split(maxsplit=1)[0].split("-")
    return int(start, 16), int(stop, 16)
