"""Training word2vec: the settings, the one trainer, what a run leaves behind.

* :mod:`~w2vlib.training.train`: :func:`train`, the public call (every setting declared here);
* :mod:`~w2vlib.training.config`: :class:`TrainConfig`, the settings, checked once and frozen;
  the lr schedule and the working precision;
* :mod:`~w2vlib.training.stepper`: :class:`Stepper`, the one trainer, one minibatch at a time;
* :mod:`~w2vlib.training.updates`: one update class per objective (negative sampling, softmax);
* :mod:`~w2vlib.training.record`: :class:`Run` and :class:`Snapshot`, kept within a memory bound;
* :mod:`~w2vlib.training.guard`: the divergence guard and the progress bar;
* :mod:`~w2vlib.training.engine`: internal: kernels (numpy and numba), the negative sampler,
  each epoch's examples.
"""

from w2vlib.training.config import TrainConfig
from w2vlib.training.guard import DivergenceWarning
from w2vlib.training.record import Run, Snapshot
from w2vlib.training.stepper import Stepper
from w2vlib.training.train import train

__all__ = ["DivergenceWarning", "Run", "Snapshot", "Stepper", "TrainConfig", "train"]
