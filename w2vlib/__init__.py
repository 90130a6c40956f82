"""w2vlib: the helper library of w2v-why.

Notation everywhere: ``W_in`` is V×N, row i is word i's input vector;
``W_out`` is V×N, row j is word j's output vector, i.e. column j of Rong's
N×V matrix W′. "Rows of W′" means rows of ``W_out``.

The map (each layer imports only from its own layer or below, without cycles; training and
analysis form one layer, as the trainer draws negatives from P_α; ``tests/test_structure.py``)::

    views      plots/ widgets/ animations/ figures.py style.py exercises.py
                 (loaded on first use; they import modules, never this __init__)
    training/  train.py      train(): every setting declared once here …
               config.py     … and in TrainConfig (frozen, checked once); lr_at, precision
               stepper.py    Stepper(sentences, config): the one trainer, a minibatch at a time
               updates.py    NegativeSamplingUpdate, SoftmaxUpdate: one class per objective
               record.py     Run, Snapshot (bounded memory); guard.py: divergence, progress
               inputs.py     a Stepper's data checked: vocab, pairs, replaced weights, cost
               engine/       internal: fast.py (numpy SGNS/CBOW), kernels.py (numba),
                             sampler.py (alias draws from P_α), epochs.py (each epoch's examples),
                             compiler_pages.py (LLVM's pages handed back once kernels load)
               (beside it, interop.py: a gensim model as a Run)
    analysis/  counts.py     checked counts, P_α (noise_distribution), log p̂, PMI,
                             shifted PMI, PPMI, loss floor, optimum targets
               factors.py    the one truncated SVD (.factors(p)), balanced split,
                             imbalance, count-weighted fit of S
               dynamics.py   residual R (softmax, SGNS), first-order W_out, coupled dynamics
               evaluation.py centring, cosines, neighbours, partner ranks, similarity benchmarks,
                             fit_line
               pull.py       one minibatch's update of W_out[j], pull by push
               metric.py     the crux exactly: metric distance, balanced Grams, |S|,
                             the two-sided bound
               separation.py each centre's share in how fast two rows of W′ separate
               company.py    alike company from the counts (PPMI columns), the trained
                             score gaps where both words are seen and where only one is,
                             and who built a one-sided gap (a centre's own copies or the rest)
               span.py       what the N-dim space of the input vectors keeps of two
                             words' company: why a rank-N fit brings alike words closer
               intervals.py  similarity_interval: ρ(A) − ρ(B), pairs bootstrapped, seeds by t
    model      objectives.py losses and exact gradients (softmax, negative sampling, CBOW,
                             tied weights), numerical_gradient to check them
    data       vocab.py corpora.py pairs.py (windows, pairs, co-occurrence X);
               bigcorpus.py + corpus_sources.py (the larger corpus, loaded only when asked for)
    base       _checks.py    one validator per kind of argument (errors: w2vlib.InputError)
               _cost.py      memory and time estimated before work: refuse or warn

Where is …  PPMI: ``analysis/counts.ppmi`` · the SVD: ``analysis/factors.truncated_svd`` ·
P_α: ``analysis/counts.noise_distribution`` · the SGNS update:
``training/updates.NegativeSamplingUpdate`` → ``training/engine/fast.Workspace.skipgram_step``
(and its gradient, for reading: ``objectives.negative_sampling_loss_and_grads``).

Every public function is also here, at the top: ``w2vlib.<name>``.
"""

from w2vlib._checks import InputError, LongRunWarning, UnknownWordError
from w2vlib.analysis.company import (
    OneSidedVisits,
    OwnSteps,
    ScoreGaps,
    company_cosines,
    nearest_company,
    one_sided_visits,
    own_steps,
    score_gaps,
)
from w2vlib.analysis.contributions import OutputContributions, record_contributions
from w2vlib.analysis.counts import (
    log_conditional,
    loss_floor,
    noise_distribution,
    optimum_targets,
    pmi,
    positive_part,
    ppmi,
    shifted_pmi,
)
from w2vlib.analysis.dynamics import (
    coupled_linear_dynamics,
    first_order_W_out,
    growth_rates,
    sgns_residual,
    softmax_residual,
)
from w2vlib.analysis.evaluation import (
    center,
    cosine,
    cosine_matrix,
    evaluate_similarity,
    fit_line,
    frequency_bands,
    group_cosines,
    nearest,
    nearest_rows,
    neighbour_overlap,
    partner_ranks,
    remove_row_means,
    similarity_pairs,
)
from w2vlib.analysis.factors import (
    TruncatedSVD,
    balanced_split,
    count_weighted_fit,
    imbalance,
    imbalance_parts,
    truncated_svd,
)
from w2vlib.analysis.intervals import SimilarityInterval, similarity_interval
from w2vlib.analysis.metric import (
    BalancedBounds,
    DistanceFromBalanced,
    balanced_distance_bounds,
    balanced_grams,
    distance_from_balanced,
    matrix_abs,
    metric_distance,
    symmetric_balanced_split,
)
from w2vlib.analysis.pull import PullDecomposition, pull_decomposition
from w2vlib.analysis.separation import separation_rates
from w2vlib.analysis.span import CompanyInSpan, company_in_span
from w2vlib.corpora import load_head500, load_lee_corpus, toy_contexts, toy_corpus, toy_groups
from w2vlib.interop import from_gensim
from w2vlib.objectives import (
    cbow_negative_sampling_loss_and_grads,
    cbow_softmax_loss_and_grads,
    log_softmax,
    negative_sampling_loss_and_grads,
    numerical_gradient,
    sigmoid,
    softmax,
    softmax_loss_and_grads,
    tied_softmax_loss_and_grad,
)
from w2vlib.pairs import cbow_examples, cooccurrence, skipgram_pairs
from w2vlib.training import DivergenceWarning, Run, Snapshot, Stepper, TrainConfig, train
from w2vlib.training.engine.fast import sgns_step
from w2vlib.vocab import Vocab

# The views pull in matplotlib (about a second on a loaded laptop), and bigcorpus fetches with
# apt, npm and pip: they load only when first used, so that `import w2vlib` stays quick.
_LAZY_FUNCTIONS = {"load_corpus": "w2vlib.bigcorpus"}
# lesson 04's crux sweeps: computed once, drawn by w2vlib.animations and w2vlib.widgets
_LAZY_FUNCTIONS.update({name: "w2vlib.animations" for name in ("company_sweep", "gauge_path")})
_LAZY_MODULES = ("plots", "widgets", "figures", "style", "animations", "bigcorpus", "exercises")


def __getattr__(name: str):
    import importlib

    if name in _LAZY_FUNCTIONS:
        return getattr(importlib.import_module(_LAZY_FUNCTIONS[name]), name)
    if name in _LAZY_MODULES:
        return importlib.import_module(f"w2vlib.{name}")
    raise AttributeError(f"module 'w2vlib' has no attribute {name!r}")


__all__ = [
    "DivergenceWarning",
    "InputError",
    "LongRunWarning",
    "UnknownWordError",
    "PullDecomposition",
    "Run",
    "Snapshot",
    "Stepper",
    "TrainConfig",
    "TruncatedSVD",
    "Vocab",
    "balanced_split",
    "cbow_examples",
    "cbow_negative_sampling_loss_and_grads",
    "cbow_softmax_loss_and_grads",
    "center",
    "cooccurrence",
    "cosine",
    "cosine_matrix",
    "count_weighted_fit",
    "coupled_linear_dynamics",
    "evaluate_similarity",
    "first_order_W_out",
    "fit_line",
    "frequency_bands",
    "from_gensim",
    "group_cosines",
    "growth_rates",
    "imbalance",
    "imbalance_parts",
    "load_head500",
    "load_lee_corpus",
    "log_conditional",
    "log_softmax",
    "loss_floor",
    "nearest",
    "nearest_rows",
    "negative_sampling_loss_and_grads",
    "numerical_gradient",
    "neighbour_overlap",
    "partner_ranks",
    "noise_distribution",
    "optimum_targets",
    "pmi",
    "positive_part",
    "ppmi",
    "pull_decomposition",
    "remove_row_means",
    "sgns_residual",
    "sgns_step",
    "shifted_pmi",
    "sigmoid",
    "similarity_pairs",
    "skipgram_pairs",
    "softmax",
    "softmax_loss_and_grads",
    "softmax_residual",
    "toy_contexts",
    "toy_corpus",
    "toy_groups",
    "tied_softmax_loss_and_grad",
    "train",
    "truncated_svd",
]
__all__ += sorted(_LAZY_FUNCTIONS)
__all__ += ["OutputContributions", "record_contributions"]  # explain an output vector (lesson 07)
__all__ += ["separation_rates"]  # why two rows of W′ stop separating (lesson 04)
__all__ += [
    "OneSidedVisits",
    "OwnSteps",
    "ScoreGaps",
    "company_cosines",
    "nearest_company",
    "one_sided_visits",
    "own_steps",
    "score_gaps",
]  # company on real text (00)
__all__ += ["CompanyInSpan", "company_in_span"]  # what a rank-N fit keeps of company (00, 04)
__all__ += [  # the crux's metric and intervals (analysis/metric.py, analysis/intervals.py)
    "BalancedBounds",
    "DistanceFromBalanced",
    "SimilarityInterval",
    "balanced_distance_bounds",
    "balanced_grams",
    "distance_from_balanced",
    "matrix_abs",
    "metric_distance",
    "similarity_interval",
    "symmetric_balanced_split",
]
