"""Similar company on real text: how alike two words' counts are, and how alike their scores.

Public API::

    company_cosines(X, a, b) -> np.ndarray               # one cosine per pair (a[i], b[i])
    nearest_company(X, words) -> (np.ndarray, np.ndarray)  # each word's most alike other word
    score_gaps(W_in, W_out, X, a, b) -> ScoreGaps         # S[c, a] − S[c, b], cell by cell
    own_steps(contributions, W_in, W_out, X, a, b) -> OwnSteps  # that gap: c's own copies, the rest
    one_sided_visits(W_in, W_out, X, counts, a, b) -> OneSidedVisits  # how often SGNS touches it

*Company* is a column of the counts: column o of X says which centres o is seen around. Two
words have alike company when their columns of PPMI = max(PMI, 0) point the same way (Levy,
Goldberg & Dagan 2015 use the same cosine as a count-based similarity): this uses the counts
only, no training.

Step 1 of lesson 04's similar-company argument (counts → columns of S) meets a difficulty on
real text: most of the centres around which either of two words is seen see only one of them,
and there the other word's target, PMI_α − log k of an unseen pair, is −∞. ``score_gaps``
splits the centres c into those that see both words and those that see exactly one, and
measures the trained gap S[c, a] − S[c, b] = W_in[c]·(W′[a] − W′[b]) in each group, so a
lesson can show how far training has chased those −∞ targets: on head500 not far at word2vec's
five epochs (with N = 50 or 300 alike), further the longer it trains, and then further with more
dimensions (``benchmarks/unseen_cells.py``).

Why so slowly: ``one_sided_visits`` counts how often training touches such a cell (per epoch, c
meets the seen word X[c, seen] times and draws the unseen word b as a negative k·n_c·P_α(b)
times, each step moving a row by η(1 − σ) or −ησ copies of W_in[c], η decaying to 0), and
``own_steps`` splits such a gap, exactly, into what centre c's own steps put into the two rows
and what every other centre put there, from the copies :func:`~w2vlib.record_contributions`
records during training (``benchmarks/unseen_sources.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib import _checks, _cost
from w2vlib.analysis.contributions import OutputContributions
from w2vlib.analysis.counts import checked_counts, noise_distribution, ppmi
from w2vlib.analysis.metric import SECONDS_PER_GIGAFLOP
from w2vlib.objectives import sigmoid

PAIRS_PER_BLOCK = 256
"""Pairs whose two V-long columns (of X and of S) are held at once: 4·V·256 numbers."""

ROUNDING = 1e-12
"""PPMI entries below this are rounding (a PMI of exactly 0 computed as a sum of logs), not company."""


def _unit_columns(X: object, function: str):
    """PPMI of X (sparse), as a CSR array whose row o is column o of PPMI scaled to length 1.

    A word seen with no positive PMI keeps a zero row (its cosines are then 0, not NaN).
    """
    from scipy import sparse

    X = checked_counts(X, "sparse", function)
    columns = sparse.csr_array(ppmi(X).T)  # row o = column o of PPMI: o's company
    columns.data[columns.data < ROUNDING] = 0.0  # else scaled up to length 1 as if company
    columns.eliminate_zeros()
    lengths = np.sqrt(np.asarray(columns.multiply(columns).sum(axis=1)).ravel())
    scale = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    return sparse.csr_array(columns.multiply(scale[:, None]))


def _run_inputs(
    W_in: object, W_out: object, X: object, function: str, also: dict | None = None
) -> tuple[np.ndarray, np.ndarray, object]:
    """W_in, W_out (float64) and X (sparse, by column), checked to index one vocabulary.

    ``also``: more things that must have one entry per word, as {name: (length, how to get it
    right)}, e.g. {"counts": (len(counts), "run.vocab.counts")}.
    """
    W_in = _checks.matrix("W_in", W_in).astype(np.float64, copy=False)
    W_out = _checks.matrix("W_out", W_out, cols=W_in.shape[1]).astype(np.float64, copy=False)
    X = checked_counts(X, "sparse", function).tocsc()
    also = also or {}
    sizes = {len(W_in), len(W_out), X.shape[0]} | {length for length, _ in also.values()}
    if len(sizes) > 1:
        more = "".join(f", {name} has {length}" for name, (length, _) in also.items())
        fixes = "".join(f", {fix}" for _, fix in also.values())
        raise _checks.InputError(
            f"W_in has {len(W_in)} rows, W_out {len(W_out)}, X is {X.shape[0]}×{X.shape[1]}{more}: "
            f"all must index the same vocabulary (a run's W_in and W_out{fixes}, and X built "
            "with run.vocab)."
        )
    return W_in, W_out, X


def _priced_pairs(
    a: object, b: object, W_in: np.ndarray, function: str, flops_per_entry: int
) -> tuple[np.ndarray, np.ndarray]:
    """``_pairs``, then the time estimate for work of flops_per_entry·V·N per pair."""
    a, b = _pairs(a, b, len(W_in))
    V, N = W_in.shape
    _cost.work(
        f"{function} over {len(a)} pairs of a {V}-word vocabulary",
        flops_per_entry * V * N * len(a) / 1e9 * SECONDS_PER_GIGAFLOP,
        "pass fewer pairs (a few thousand give stable medians).",
    )
    return a, b


def _pairs(a: object, b: object, size: int) -> tuple[np.ndarray, np.ndarray]:
    """a and b as equal-length 1-D index arrays of distinct words (one int each is fine)."""
    a, b = np.atleast_1d(np.asarray(a)), np.atleast_1d(np.asarray(b))
    a, b = _checks.indices("a", a, size), _checks.indices("b", b, size)
    if len(a) != len(b):
        raise _checks.InputError(
            f"a and b must pair words one to one: a has {len(a)} words, b has {len(b)}."
        )
    if len(a) == 0:
        raise _checks.InputError(
            "no pairs given: pass word indices, e.g. a = np.arange(1, 1001) and b from "
            "nearest_company(X, a)."
        )
    if (a == b).any():
        i = int(np.flatnonzero(a == b)[0])
        raise _checks.InputError(
            f"pair {i} compares word {a[i]} with itself: a[i] and b[i] must be two different "
            "words (drop such pairs, or pick b from nearest_company(X, a))."
        )
    return a, b


def company_cosines(X: object, a: object, b: object) -> np.ndarray:
    """cos(PPMI[:, a[i]], PPMI[:, b[i]]) for each pair: how alike the company of a[i] and b[i] is.

    X: V×V co-occurrence counts (dense or ``scipy.sparse``; PPMI is built sparse). a, b: word
    indices, one pair per position (or one int each). From the counts alone: 1 for words seen
    around the same centres in the same proportions, 0 for words that share no centre.
    """
    columns = _unit_columns(X, "company_cosines")
    a, b = _pairs(a, b, columns.shape[0])
    return np.asarray(columns[a].multiply(columns[b]).sum(axis=1), dtype=np.float64).ravel()


def nearest_company(X: object, words: object) -> tuple[np.ndarray, np.ndarray]:
    """For each index in ``words``, the other word whose company is most alike, and that cosine.

    Returns (nearest, cosine), both as long as ``words``: ``nearest[i]`` maximises
    ``company_cosines(X, words[i], j)`` over every j ≠ words[i] (ranked in float32, so cosines
    within about 1e-6 of each other may be ranked either way; the cosine returned is float64).
    A word whose best cosine is 0 (no company shared with any word) is refused by name.
    Chosen from the counts only, so these pairs are a fair test of whether training gives
    words with alike company alike rows of W′.
    """
    columns = _unit_columns(X, "nearest_company")
    V = columns.shape[0]
    _cost.work(
        f"nearest_company over a {V}-word vocabulary",
        2 * float(np.size(words)) * columns.nnz / 1e9 * SECONDS_PER_GIGAFLOP,
        "pass fewer words (e.g. the 1,000 most frequent).",
    )
    words = np.atleast_1d(np.asarray(words))
    if words.size == 0:
        raise _checks.InputError(
            "words is empty: pass word indices, e.g. np.arange(1, 2001) for the 2,000 most "
            "frequent words after the first."
        )
    words = _checks.indices("words", words, V)
    if V < 2:
        raise _checks.InputError("X has one word only: nearest_company needs at least two.")
    nearest = np.empty(len(words), dtype=np.intp)
    block = max(1, _cost.MAX_WORK_BYTES // (64 * 8 * V))  # a block's V-wide cosines: ≤ 64 MiB
    columns32 = columns.astype(np.float32)  # twice as fast; ample to rank cosines
    for start in range(0, len(words), block):
        rows = words[start : start + block]
        cosines = (columns32 @ columns32[rows].toarray().T).T.astype(np.float64)
        cosines[np.arange(len(rows)), rows] = -np.inf  # never the word itself
        nearest[start : start + block] = cosines.argmax(axis=1)
    # the cosines themselves in float64, as company_cosines gives them
    best = np.asarray(columns[words].multiply(columns[nearest]).sum(axis=1)).ravel()
    if (best <= 0).any():
        lonely = words[best <= 0]
        raise _checks.InputError(
            f"{len(lonely)} of the words (e.g. {lonely[:5].tolist()}) share no positively "
            "associated centre with any other word, so none has a most alike company: drop them "
            "from words (rare words often have none; w2vlib.ppmi(X) shows which columns are empty)."
        )
    return nearest, best


@dataclass(frozen=True)
class ScoreGaps:
    """Per pair (a[i], b[i]), the trained gaps |S[c, a] − S[c, b]| split by who is seen around c.

    ``np.nan`` where a pair has no centre of a kind (every field is NaN for a pair whose words
    no centre sees).

    - ``one_sided_share``: of the centres that see a or b, the share that see exactly one of
      them (there the other word's SGNS target, PMI_α − log k, is −∞);
    - ``both``: median |S[c, a] − S[c, b]| over the centres that see both;
    - ``one_sided``: median |S[c, a] − S[c, b]| over the centres that see exactly one;
    - ``neither``: median |S[c, a] − S[c, b]| over the centres that see neither (both targets
      −∞: only negative samples push these cells; the rest is what the rank-N fit leaves);
    - ``unseen_drop``: median over one-sided centres of S[c, unseen word] minus the median
      score of that word around the centres that do see it: how far below its usual level it
      sits where its target is −∞ (the two sets of centres differ, e.g. in frequency, so this
      is a level, not the push of the −∞ target alone).
    """

    one_sided_share: np.ndarray
    both: np.ndarray
    one_sided: np.ndarray
    neither: np.ndarray
    unseen_drop: np.ndarray


def _median(values: np.ndarray, where: np.ndarray) -> float:
    return float(np.median(values[where])) if where.any() else np.nan


def score_gaps(W_in: object, W_out: object, X: object, a: object, b: object) -> ScoreGaps:
    """|S[c, a] − S[c, b]| with S = W_in·W_outᵀ, at the centres that see both words, at those
    that see only one (where the unseen word's target is −∞) and at those that see neither;
    see :class:`ScoreGaps`.

    X: the V×V counts (dense or sparse; only columns a and b are read), with the run's
    vocabulary. a, b: word indices, one pair per position. Only the 2·len(a) columns of S
    needed are computed, a block of pairs at a time.
    """
    W_in, W_out, X = _run_inputs(W_in, W_out, X, "score_gaps")
    a, b = _priced_pairs(a, b, W_in, "score_gaps", flops_per_entry=4)
    fields = {name: np.empty(len(a)) for name in ScoreGaps.__dataclass_fields__}
    for start in range(0, len(a), PAIRS_PER_BLOCK):
        block = slice(start, start + PAIRS_PER_BLOCK)
        S_a, S_b = W_in @ W_out[a[block]].T, W_in @ W_out[b[block]].T  # V × pairs
        seen_a, seen_b = X[:, a[block]].toarray() > 0, X[:, b[block]].toarray() > 0
        for i in range(S_a.shape[1]):
            gap = np.abs(S_a[:, i] - S_b[:, i])
            sa, sb = seen_a[:, i], seen_b[:, i]
            both, one = sa & sb, sa ^ sb
            drops = np.concatenate(  # the unseen word's score, against its level where seen
                [
                    S_b[sa & ~sb, i] - _median(S_b[:, i], sb),
                    S_a[sb & ~sa, i] - _median(S_a[:, i], sa),
                ]
            )
            row = start + i
            either = (sa | sb).sum()
            fields["one_sided_share"][row] = one.sum() / either if either else np.nan
            fields["both"][row] = _median(gap, both)
            fields["one_sided"][row] = _median(gap, one)
            fields["neither"][row] = _median(gap, ~(sa | sb)) if either else np.nan
            fields["unseen_drop"][row] = float(np.median(drops)) if drops.size else np.nan
    return ScoreGaps(**fields)


@dataclass(frozen=True)
class OwnSteps:
    """For one pair (a, b), at each centre c that sees exactly one of the two words in X:

    - ``centres``: those centres (indices into the vocabulary);
    - ``seen_a``: True where c sees a (and never b), False where it sees b (and never a);
    - ``gap``: S[c, a] − S[c, b] = W_in[c]·(W′[a] − W′[b]), from the trained factors;
    - ``own``: W_in[c]·(contribution of c to W′[a] − contribution of c to W′[b]): the part of
      the gap that c's own steps put into the two rows: its pulls into the seen word's row, its
      pushes on both rows when it drew either word as a negative (and the rare pulls into the
      unseen word's row, below);
    - ``rest``: W_in[c]·(the same for every other centre, plus the rows' start).
      ``own + rest = gap`` to the training's rounding. ``rest`` is a small difference of large
      sums (the centres that see the seen word add, those that see the other take away), so its
      sign varies from pair to pair;
    - ``copies_into_seen``: the copies of W_in[c] c's pulls added to the seen word's row (the sum
      of their coefficients η(1 − σ), ≥ 0);
    - ``copies_out_of_seen``: the copies its pushes took from that row, when c drew the seen word
      as a negative (Σ −ησ, ≤ 0);
    - ``copies_unseen``: c's net copies in the unseen word's row: its pushes (Σ −ησ), the only
      steps that chase the −∞ target, plus rare pulls.

    Who sees whom is read from X (the full window); training shrinks windows at random and
    subsamples, so a few "seen" centres never met the word in training (``copies_into_seen`` 0)
    and a few "unseen" ones did (subsampling brings words more than a window apart together).
    W_in[c] is the trained input vector; it too was shaped by c's steps, so ``own`` counts c's
    copies in W′ only.
    """

    centres: np.ndarray
    seen_a: np.ndarray
    gap: np.ndarray
    own: np.ndarray
    rest: np.ndarray
    copies_into_seen: np.ndarray
    copies_out_of_seen: np.ndarray
    copies_unseen: np.ndarray


def own_steps(
    contributions: OutputContributions,
    W_in: object,
    W_out: object,
    X: object,
    a: str,
    b: str,
) -> OwnSteps:
    """Split the gap S[c, a] − S[c, b] at the centres that see only one word; see :class:`OwnSteps`.

    contributions: :func:`~w2vlib.record_contributions` over the whole run, with a and b among
    its words; W_in, W_out: that run's trained factors (``stepper.result()``); X: the counts
    (dense or sparse) over the run's vocabulary, which decide who is seen around whom.

    W′[a] − W′[b] = (start_a − start_b) + Σ_c' (contribution_a[c'] − contribution_b[c']),
    exactly, so at centre c the gap splits into c's own term and the rest.
    """
    if not isinstance(contributions, OutputContributions):
        raise _checks.InputError(
            f"contributions must be w2vlib.OutputContributions, got {type(contributions).__name__}: "
            "record them with w2vlib.record_contributions(stepper, [a, b, ...])."
        )
    for word in (a, b):
        if word not in contributions.words:
            raise _checks.InputError(
                f"{word!r} was not recorded (the recorded rows are {list(contributions.words)}): "
                "pass it to record_contributions(stepper, words=[...])."
            )
    if a == b:
        raise _checks.InputError(f"a and b are both {a!r}: name two different words.")
    W_in, W_out, X = _run_inputs(
        W_in,
        W_out,
        X,
        "own_steps",
        {"the recording": (len(contributions.vocab), "the recording of that run")},
    )
    ia, ib = contributions.vocab[a], contributions.vocab[b]
    for word, row in ((a, ia), (b, ib)):
        rebuilt, trained = contributions.row(word), W_out[row]
        if not np.allclose(rebuilt, trained, rtol=1e-4, atol=1e-5 * np.abs(trained).max()):
            raise _checks.InputError(
                f"W_out[{word!r}] differs from the row its recorded contributions add up to "
                f"(largest gap {np.abs(rebuilt - trained).max():.2g}): record_contributions must "
                "run to the end of training, and W_in, W_out must be that stepper's result()."
            )
    seen_a, seen_b = X[:, [ia]].toarray().ravel() > 0, X[:, [ib]].toarray().ravel() > 0
    centres = np.flatnonzero(seen_a ^ seen_b)
    mine = contributions.by_centre(a)[centres] - contributions.by_centre(b)[centres]
    everyone = contributions.row(a) - contributions.row(b)
    h = W_in[centres]
    own = np.einsum("cn,cn->c", h, mine)
    on_a = seen_a[centres]
    pulls = {w: contributions.weights(w, "pull")[centres] for w in (a, b)}
    pushes = {w: contributions.weights(w, "push")[centres] for w in (a, b)}
    return OwnSteps(
        centres=centres,
        seen_a=on_a,
        gap=h @ (W_out[ia] - W_out[ib]),
        own=own,
        rest=h @ everyone - own,
        copies_into_seen=np.where(on_a, pulls[a], pulls[b]),
        copies_out_of_seen=np.where(on_a, pushes[a], pushes[b]),
        copies_unseen=np.where(on_a, pulls[b] + pushes[b], pulls[a] + pushes[a]),
    )


@dataclass(frozen=True)
class OneSidedVisits:
    """Per pair (a[i], b[i]): how often SGNS training touches the one-sided cells, per epoch.

    Medians over the centres c that see exactly one of the two words ("seen": that word,
    "unseen": the other), with X counted at the full window and n_c = Σ_o X[c, o]:

    - ``meetings``: X[c, seen], the pairs (c, seen word) per epoch: each adds η(1 − σ(S[c, seen]))
      copies of W_in[c] to the seen word's row (a pull);
    - ``draws_seen``: k·n_c·P_α(seen), how often the seen word is drawn as one of the k negatives
      of c's pairs per epoch, each taking ησ(S[c, seen]) copies from its row (a push);
    - ``draws_unseen``: k·n_c·P_α(unseen), the same for the unseen word: these pushes, ησ(S[c,
      unseen]) each, are the only steps that chase its −∞ target;
    - ``sigma_seen``, ``sigma_unseen``: σ(S[c, seen]) and σ(S[c, unseen]) at the end of training.
    """

    meetings: np.ndarray
    draws_seen: np.ndarray
    draws_unseen: np.ndarray
    sigma_seen: np.ndarray
    sigma_unseen: np.ndarray

    def expected_copies(
        self, epochs: int, lr: float = 0.025, window: int = 5
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(into_seen, out_of_seen, out_of_unseen): copies of W_in[c] c's steps move, by kind.

        A back-of-envelope from the counts, per epoch ``meetings`` pulls of η(1 − σ_seen),
        ``draws_seen`` pushes of ησ_seen and ``draws_unseen`` pushes of ησ_unseen, over
        ``epochs``, with η at its mean lr/2 (word2vec decays it linearly to 0) and σ at its final
        value; word2vec shrinks each window to a random size from 1 to ``window``, which keeps
        (window + 1)/(2·window) of the full window's pairs. Subsampling is left out.
        """
        epochs = _checks.positive_int("epochs", epochs)
        lr = _checks.positive_float("lr", lr, "word2vec's default is 0.025.")
        window = _checks.positive_int("window", window)
        per_step = epochs * lr / 2 * (window + 1) / (2 * window)
        return (
            per_step * self.meetings * (1 - self.sigma_seen),
            per_step * self.draws_seen * self.sigma_seen,
            per_step * self.draws_unseen * self.sigma_unseen,
        )


def one_sided_visits(
    W_in: object,
    W_out: object,
    X: object,
    counts: object,
    a: object,
    b: object,
    *,
    negative: int = 5,
    alpha: float = 0.75,
) -> OneSidedVisits:
    """How often SGNS touches the cells of the centres that see one word only; see
    :class:`OneSidedVisits`.

    W_in, W_out: a trained run's factors; X: its counts at the full window (dense or sparse);
    counts: the words' counts (``run.vocab.counts``), for P_α; a, b: word indices, one pair per
    position; negative: k; alpha: P_α's power. A pair with no one-sided centre gets NaN.
    """
    noise = noise_distribution(counts, alpha)
    W_in, W_out, X = _run_inputs(
        W_in, W_out, X, "one_sided_visits", {"counts": (len(noise), "run.vocab.counts")}
    )
    negative = _checks.positive_int("negative", negative)
    a, b = _priced_pairs(a, b, W_in, "one_sided_visits", flops_per_entry=2)
    n_c = np.asarray(X.sum(axis=1)).ravel()
    fields = {name: np.full(len(a), np.nan) for name in OneSidedVisits.__dataclass_fields__}
    for start in range(0, len(a), PAIRS_PER_BLOCK):
        block = slice(start, start + PAIRS_PER_BLOCK)
        X_a, X_b = X[:, a[block]].toarray(), X[:, b[block]].toarray()  # V × pairs
        for i in range(X_a.shape[1]):
            centres = np.flatnonzero((X_a[:, i] > 0) ^ (X_b[:, i] > 0))
            if centres.size == 0:
                continue
            on_a = X_a[centres, i] > 0
            wa, wb = a[start + i], b[start + i]
            seen, unseen = np.where(on_a, wa, wb), np.where(on_a, wb, wa)
            h = W_in[centres]
            row = start + i
            fields["meetings"][row] = np.median(np.where(on_a, X_a[centres, i], X_b[centres, i]))
            fields["draws_seen"][row] = np.median(negative * n_c[centres] * noise[seen])
            fields["draws_unseen"][row] = np.median(negative * n_c[centres] * noise[unseen])
            fields["sigma_seen"][row] = np.median(sigmoid(np.sum(h * W_out[seen], axis=1)))
            fields["sigma_unseen"][row] = np.median(sigmoid(np.sum(h * W_out[unseen], axis=1)))
    return OneSidedVisits(**fields)
