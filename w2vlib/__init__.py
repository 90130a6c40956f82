"""w2vlib: the helper library of w2v-why.

Notation everywhere: ``W_in`` is V×N, row i is word i's input vector;
``W_out`` is V×N, row j is word j's output vector, i.e. column j of Rong's
N×V matrix W′. "Rows of W′" means rows of ``W_out``.
"""

from w2vlib.analysis.contributions import OutputContributions, record_contributions
from w2vlib.balance import (
    balanced_split,
    count_weighted_fit,
    imbalance,
    imbalance_parts,
    softmax_output_hessian,
)
from w2vlib.baselines import (
    frequency_bands,
    nearest_rows,
    neighbour_overlap,
    ppmi_matrix,
    row_similarity,
    svd_vectors,
    truncated_svd,
)
from w2vlib.bigcorpus import build_corpus, load_corpus
from w2vlib.config import TrainConfig
from w2vlib.corpora import load_head500, load_lee_corpus, toy_contexts, toy_corpus, toy_groups
from w2vlib.dynamics import (
    coupled_linear_dynamics,
    first_order_W_out,
    growth_rates,
    noise_distribution,
    sgns_residual,
    softmax_residual,
)
from w2vlib.evaluation import (
    center,
    cosine,
    cosine_matrix,
    evaluate_similarity,
    group_cosines,
    nearest,
    similarity_pairs,
)
from w2vlib.fast import cbow_step, sgns_step
from w2vlib.guard import DivergenceWarning
from w2vlib.interop import from_gensim, to_keyedvectors
from w2vlib.objectives import (
    cbow_negative_sampling_loss_and_grads,
    cbow_softmax_loss_and_grads,
    log_softmax,
    negative_sampling_loss_and_grads,
    sigmoid,
    softmax,
    softmax_loss_and_grads,
)
from w2vlib.pairs import cbow_examples, cooccurrence, skipgram_pairs
from w2vlib.pull import PullDecomposition, pull_decomposition
from w2vlib.stepper import Stepper
from w2vlib.theory import (
    fit_line,
    jl_min_dim,
    log_conditional,
    pmi,
    positive_part,
    ppmi,
    random_projection,
    shifted_pmi,
    svd_factors,
)
from w2vlib.training import Run, Snapshot, train
from w2vlib.vocab import Vocab

# Plotting pulls in matplotlib (about a second on a loaded laptop); load it only
# when a plot is asked for, so that `import w2vlib` stays quick for every lesson.
_LAZY_FUNCTIONS = {
    name: "w2vlib.plots"
    for name in (
        "plot_cosine_heatmaps",
        "plot_loss",
        "plot_optimum",
        "plot_pull",
        "plot_score_trajectories",
        "plot_similarity_over_time",
        "plot_step",
        "plot_trajectories",
    )
}
_LAZY_MODULES = ("plots", "widgets", "figures", "style", "animations")


def __getattr__(name: str):
    import importlib

    if name in _LAZY_FUNCTIONS:
        return getattr(importlib.import_module(_LAZY_FUNCTIONS[name]), name)
    if name in _LAZY_MODULES:
        return importlib.import_module(f"w2vlib.{name}")
    raise AttributeError(f"module 'w2vlib' has no attribute {name!r}")


__all__ = [
    "DivergenceWarning",
    "PullDecomposition",
    "Run",
    "Snapshot",
    "Stepper",
    "TrainConfig",
    "Vocab",
    "cbow_examples",
    "cbow_negative_sampling_loss_and_grads",
    "cbow_step",
    "cbow_softmax_loss_and_grads",
    "center",
    "cooccurrence",
    "cosine",
    "cosine_matrix",
    "evaluate_similarity",
    "fit_line",
    "from_gensim",
    "group_cosines",
    "jl_min_dim",
    "load_head500",
    "load_lee_corpus",
    "log_conditional",
    "log_softmax",
    "nearest",
    "negative_sampling_loss_and_grads",
    "pmi",
    "positive_part",
    "ppmi",
    "pull_decomposition",
    "random_projection",
    "shifted_pmi",
    "sigmoid",
    "sgns_step",
    "similarity_pairs",
    "skipgram_pairs",
    "softmax",
    "softmax_loss_and_grads",
    "svd_factors",
    "toy_contexts",
    "toy_corpus",
    "toy_groups",
    "to_keyedvectors",
    "train",
]
__all__ += [
    "balanced_split",
    "count_weighted_fit",
    "coupled_linear_dynamics",
    "first_order_W_out",
    "growth_rates",
    "imbalance",
    "imbalance_parts",
    "noise_distribution",
    "sgns_residual",
    "softmax_output_hessian",
    "softmax_residual",
]
__all__ += [  # count baselines and the larger corpus (lesson 07, benchmarks/scale.py)
    "build_corpus",
    "frequency_bands",
    "load_corpus",
    "nearest_rows",
    "neighbour_overlap",
    "ppmi_matrix",
    "row_similarity",
    "svd_vectors",
    "truncated_svd",
]
__all__ += ["OutputContributions", "record_contributions"]  # explain an output vector (lesson 07)
__all__ += sorted(_LAZY_FUNCTIONS)
