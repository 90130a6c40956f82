"""The trainer's engine (internal): how an update is computed fast, not what it is.

* :mod:`~w2vlib.training.engine.fast`: the vectorised numpy minibatch for negative sampling
  (a :class:`~w2vlib.training.engine.fast.Workspace` of reused buffers);
* :mod:`~w2vlib.training.engine.kernels`: the optional numba kernels of its float32 path;
* :mod:`~w2vlib.training.engine.sampler`: negatives from P_α by Walker's alias method;
* :mod:`~w2vlib.training.engine.epochs`: one epoch's examples (subsample, pairs, shuffle).

What the update *is* lives in :mod:`w2vlib.objectives` (the teaching gradients), which the
tests compare every kernel against.
"""
