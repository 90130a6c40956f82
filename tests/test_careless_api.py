"""Every public function, given a hostile value for each required argument, answers with a
w2vlib error (or works): never a numpy, scipy or Python traceback from deep inside.

This is the guard behind the per-cause tests in test_careless_*.py: a new public function
whose arguments bypass ``w2vlib._checks`` fails here.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

import w2vlib as w

TOY = w.toy_corpus()
VOCAB = w.Vocab(TOY)
RUN = w.train(TOY, dim=3, epochs=1, snapshot_every=10, progress=False)
X = w.cooccurrence(TOY, VOCAB, 2)

GOOD = {  # a valid value for every required argument name of the public functions
    "W_in": RUN.W_in,
    "W_out": RUN.W_out,
    "vectors": RUN.W_out,
    "reference": RUN.W_in,
    "vocab": VOCAB,
    "X": X,
    "R": w.softmax_residual(X),
    "W_in0": RUN.W_in,
    "W_out0": RUN.W_out,
    "t": 1.0,
    "counts": VOCAB.counts,
    "M": w.pmi(X).clip(min=0),
    "S": RUN.W_in @ RUN.W_out.T,
    "target": w.pmi(X),
    "sentences": TOY,
    "word": "cat",
    "words": ["cat", "dog"],
    "dim": 2,
    "k": 2,
    "negative": 5,
    "a": RUN.W_out[0],
    "b": RUN.W_out[1],
    "U": RUN.W_out,
    "x": np.array([1.0, 2.0, 3.0]),
    "y": np.array([1.0, 2.5, 2.9]),
    "rows": [0, 1],
    "groups": {"p": ["cat", "dog"], "v": ["car", "bus"]},
    "edges": [2, 5],
    "run": RUN,
    "centers": np.array([0, 1]),
    "contexts": np.array([1, 2]),
    "negatives": np.array([[2], [3]]),
    "windows": np.array([[1, 2], [0, 2]]),
    "window": 2,
    "W": RUN.W_in,
    "f": lambda z: float((z**2).sum()),
    "z": np.ones(3),
    "inputs": np.array([0, 1]),
    "targets": np.array([1, 2]),
    "lr": 0.05,
}
HOSTILE = {
    "text": "abc",
    "None": None,
    "NaN": np.array([[np.nan, 1.0], [1.0, 1.0]]),
    "sparse": sp.csr_matrix(np.ones((3, 3))),
    "empty": np.array([]),
    "-1": -1,
    "list": [1, 2, 3],
    "True": True,
}
NOT_FUNCTIONS = {"load_head500", "load_lee_corpus", "toy_corpus", "toy_groups", "toy_contexts"}


def public_functions():
    for name in sorted(w.__all__):
        f = getattr(w, name)
        if inspect.isclass(f) or not callable(f) or name in NOT_FUNCTIONS:
            continue
        params = inspect.signature(f).parameters.values()
        required = [
            p.name
            for p in params
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY, p.KEYWORD_ONLY)
        ]
        if all(r in GOOD for r in required):
            for argument in required:
                yield pytest.param(f, required, argument, id=f"{name}({argument})")


CASES = list(public_functions())


def test_the_hostile_inputs_reach_most_public_functions():
    assert len({c.values[0] for c in CASES}) >= 45  # the table above covers them


@pytest.mark.parametrize("function, required, argument", CASES)
def test_a_hostile_argument_gets_a_w2vlib_error_or_works(function, required, argument):
    for label, value in HOSTILE.items():
        kwargs = {name: GOOD[name] for name in required}
        kwargs[argument] = value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a LongRunWarning here would be a w2vlib answer too
            try:
                function(**kwargs)
            except (w.InputError, FloatingPointError):
                pass
            except Exception as error:  # noqa: BLE001 (what this test exists to catch)
                pytest.fail(f"{argument}={label}: {type(error).__module__}.{error!r}")
