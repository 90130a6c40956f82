"""Intervals for ρ(A) − ρ(B) that count both the benchmark's word pairs and the seeds.

Two things make a measured ρ(A) − ρ(B) uncertain: which seeds trained the vectors, and
which word pairs the benchmark happens to contain (a few hundred pairs are themselves a
sample). ``similarity_interval`` counts both. With seeds s = 1..m, pairs p = 1..n and
ρ_I(M) the Spearman correlation, over the pairs in the multiset I, between the cosines of
the pairs' rows of M and the human scores, the per-seed difference is

    d_s(I) = ρ_I(A_s) − ρ_I(B_s),   the estimate d̄ = (1/m) Σ_s d_s(all pairs).

Replicate r draws n pairs I_r with replacement, one draw shared by A, B and every seed
(pair part), and adds an independent seed part:

    δ_r = (1/m) Σ_s d_s(I_r) + se_seed · T_r,   se_seed = sd_s(d_s(all pairs)) / √m,

with sd over the m seeds (ddof 1) and T_r ~ Student's t with m − 1 degrees of freedom.
The interval is the percentile interval of the δ_r. Why t: each seed adds its own random
effect to d_s, and d̄ carries the mean of m of them; when their sd is estimated from the
same m seeds, (mean − its expectation)/(sd/√m) is t-distributed with m − 1 degrees of
freedom (exactly for normal effects). Resampling the m seeds instead treats them as the
whole population: its variance is only (m − 1)/m · sd²/m, three seeds give ten distinct
multisets, and nothing allows for an sd guessed from three values. With t_2 the seed part
is wide by design (its 97.5% point is 4.30, against 1.96 for a normal); with t_1 (m = 2)
very wide (12.7). With one seed there is no seed part: the pair bootstrap alone. Beside
the interval the result keeps the two sources apart: ``seed_sd`` (the sd above) and
``pair_se``, the sd over replicates of (1/m) Σ_s d_s(I_r); compare ``seed_se`` with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.evaluation import SIMILARITY_SETS, normalize_rows, similarity_pairs
from w2vlib.vocab import Vocab, require_vocab


def _signed(x: float) -> str:
    return f"{x:+.3f}".replace("-", "−")


@dataclass(frozen=True)
class SimilarityInterval:
    """ρ(A) − ρ(B) on a word-similarity benchmark, with an interval that counts pairs and seeds.

    ``rho_a`` and ``rho_b`` are means over seeds; ``difference`` = d̄, the mean over
    seeds of d_s = ρ(A_s) − ρ(B_s); [``low``, ``high``] its ``level`` percentile
    interval over replicates that resample the ``n_pairs`` word pairs and add a
    t-distributed seed part (t with n_seeds − 1 degrees of freedom, scaled by ``seed_se``).
    ``seed_sd``: the sd of d_s over seeds (ddof 1; None for one seed); ``pair_se``: the
    bootstrap sd of d̄ when only the pairs are resampled (None for fewer than 2 replicates).
    """

    rho_a: float
    rho_b: float
    difference: float
    low: float
    high: float
    n_pairs: int
    n_seeds: int
    level: float
    seed_sd: float | None
    pair_se: float | None

    @property
    def seed_se(self) -> float | None:
        """seed_sd / √n_seeds: the seeds' standard error of ``difference``, to set beside pair_se."""
        return None if self.seed_sd is None else float(self.seed_sd / np.sqrt(self.n_seeds))

    @property
    def contains_zero(self) -> bool:
        """True when the interval includes 0: the data cannot tell which is better."""
        return self.low <= 0.0 <= self.high

    @property
    def within(self) -> float:
        """max(|low|, |high|): "level within ±x" when the interval contains 0."""
        return max(abs(self.low), abs(self.high))

    def _sample(self) -> str:
        if self.n_seeds == 1:
            return f"1 seed × {self.n_pairs} pairs"
        spread = f"seed sd {self.seed_sd:.3f} (se {self.seed_se:.3f})"
        if self.pair_se is not None:
            spread += f", pair se {self.pair_se:.3f}"
        return (
            f"{self.n_seeds} seeds × {self.n_pairs} pairs; pairs resampled, seeds by t "
            f"({self.n_seeds - 1} df); {spread}"
        )

    def __str__(self) -> str:
        return (
            f"ρ(A) − ρ(B) = {_signed(self.difference)}, {self.level:.0%} interval "
            f"[{_signed(self.low)}, {_signed(self.high)}] ({self._sample()})"
        )

    def describe(self, a: str = "A", b: str = "B") -> str:
        """One line in the course's words: "level within ±x" when the interval contains 0."""
        if self.contains_zero:
            return (
                f"ρ({a}) = {self.rho_a:.3f}, ρ({b}) = {self.rho_b:.3f}: level within "
                f"±{self.within:.3f} ({self.level:.0%} interval [{_signed(self.low)}, "
                f"{_signed(self.high)}], {self._sample()})"
            )
        better, worse = (a, b) if self.difference > 0 else (b, a)
        return (
            f"ρ({a}) = {self.rho_a:.3f}, ρ({b}) = {self.rho_b:.3f}: {better} ahead of {worse} by "
            f"{abs(self.difference):.3f} ({self.level:.0%} interval [{_signed(self.low)}, "
            f"{_signed(self.high)}] for ρ({a}) − ρ({b}), {self._sample()})"
        )


def _matrices(name: str, value: object) -> list[np.ndarray]:
    """One V×N array, or a list with one per seed."""
    if isinstance(value, list | tuple):
        if not value:
            raise ValueError(f"{name} is an empty list: pass one V×N array per seed.")
        items = list(value)
    else:
        items = [value]
    checked = []
    for s, item in enumerate(items):
        label = name if len(items) == 1 else f"{name}[{s}]"
        array = _checks.matrix(label, item).astype(np.float64, copy=False)
        if not np.isfinite(array).all():
            raise ValueError(
                f"{label} contains NaN or inf: training diverged; train again with a smaller lr."
            )
        checked.append(array)
    return checked


def _vocabs(vocab: object, n_seeds: int) -> list[Vocab]:
    vocabs = list(vocab) if isinstance(vocab, list | tuple) else [vocab] * n_seeds
    if len(vocabs) != n_seeds:
        raise ValueError(
            f"vocab is a list of {len(vocabs)} but there are {n_seeds} seeds: pass one Vocab "
            "per seed, in the same order as the matrices, or a single Vocab shared by all."
        )
    for v in vocabs:
        require_vocab(v, "similarity_interval(a, b, vocab)")
    return vocabs


def _triples(dataset: object) -> list[tuple[str, str, float]]:
    if isinstance(dataset, str):
        _checks.choice("dataset", dataset, tuple(SIMILARITY_SETS))
        return similarity_pairs(dataset)
    try:
        triples = [(str(x), str(y), float(score)) for x, y, score in dataset]  # type: ignore[union-attr]
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"dataset must be one of {tuple(SIMILARITY_SETS)} or a sequence of "
            f"(word, word, score) triples: {error}."
        ) from error
    return triples


def _spearman_rows(model: np.ndarray, human_ranks: np.ndarray) -> np.ndarray:
    """Spearman ρ of each row of ``model`` (replicates × pairs) against ``human_ranks``."""
    from scipy.stats import rankdata  # imported here: scipy.stats alone takes ~1 s to load

    x = rankdata(model, axis=1)
    x -= x.mean(axis=1, keepdims=True)
    y = human_ranks - human_ranks.mean(axis=1, keepdims=True)
    denominator = np.sqrt((x * x).sum(axis=1) * (y * y).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, (x * y).sum(axis=1) / denominator, np.nan)


def similarity_interval(
    a: object,
    b: object,
    vocab: Vocab | Sequence[Vocab],
    dataset: str | Sequence[tuple[str, str, float]] = "wordsim353",
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    center: bool = True,
    word_map: Callable[[str], str] | None = None,
) -> SimilarityInterval:
    """Interval for ρ(A) − ρ(B), ρ averaged over seeds: pairs bootstrapped, seeds by a t.

    ``a``, ``b``: one V×N array each, or lists with one per seed (e.g. W_in and
    W_out of three runs); ``vocab``: one Vocab, or a list matching the seeds.
    ``dataset``: "wordsim353", "simlex999", or a sequence of (word, word, score).
    ``center=True`` subtracts each matrix's mean row before the cosines (the
    course compares centred vectors). ``word_map`` maps the benchmark's words
    first, e.g. ``PorterStemmer().stem`` for head500.

    Only pairs whose two words are in every seed's vocabulary are used, so every
    seed sees the same n pairs. With d_s(I) = ρ_I(A_s) − ρ_I(B_s), each of ``n_boot``
    replicates draws n pairs I_r with replacement (one draw shared by A, B and all m
    seeds) and records

        δ_r = (1/m) Σ_s d_s(I_r) + se_seed · T_r,   se_seed = sd_s(d_s(all pairs))/√m,

    sd with ddof 1 and T_r an independent draw of Student's t with m − 1 degrees of
    freedom; [low, high] is the central ``level`` percentile interval of the δ_r. The
    mean of m seeds' random effects, standardised by an sd estimated from those m
    seeds, is t_{m−1}-distributed; resampling the seeds would shrink their variance by
    (m − 1)/m and ignore that the sd is itself estimated, so with 3 seeds the seed part
    is wide by design. Both parts also carry the seed × pair interaction (sd_s over all
    pairs sees it, and so does the pair bootstrap of the seeds' mean), so it is counted
    twice, which widens the interval. Pairs are resampled as if independent, though many
    share a word. With one seed there is no seed part
    (the pair bootstrap alone).
    ``seed_sd`` is sd_s(d_s(all pairs)); ``pair_se`` the sd over replicates of
    (1/m) Σ_s d_s(I_r) (the pair part alone). The same ``seed`` gives the same interval.
    """
    A, B = _matrices("a", a), _matrices("b", b)
    if len(A) != len(B):
        raise ValueError(
            f"a has {len(A)} seeds and b has {len(B)}: pass one matrix per seed to each, "
            "in the same order (the comparison is paired by seed)."
        )
    vocabs = _vocabs(vocab, len(A))
    for s, (v, x, y) in enumerate(zip(vocabs, A, B, strict=True)):
        for label, m in (("a", x), ("b", y)):
            if len(m) != len(v):
                raise ValueError(
                    f"{label}[{s}] has {len(m)} rows but its vocab has {len(v)} words: "
                    "pass the vocab of the run the matrix came from."
                )
    n_boot = _checks.positive_int("n_boot", n_boot, "e.g. n_boot=2000.")
    level = _checks.positive_float("level", level, "e.g. level=0.95 for a 95% interval.")
    if level >= 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}: e.g. 0.95.")
    seed = _checks.seed(seed)
    center = _checks.flag("center", center)
    if word_map is not None and not callable(word_map):
        raise TypeError(
            f"word_map must be a function from word to word, got {type(word_map).__name__}: "
            "e.g. word_map=PorterStemmer().stem (gensim.parsing.porter)."
        )

    pairs, human = [], []
    for x, y, score in _triples(dataset):
        if word_map is not None:
            x, y = word_map(x), word_map(y)
        if all(x in v and y in v for v in vocabs):
            pairs.append((x, y))
            human.append(score)
    if len(pairs) < 3:
        raise ValueError(
            f"only {len(pairs)} of the benchmark's pairs have both words in every vocabulary: "
            "a Spearman correlation needs at least 3. Train on a larger corpus, lower min_count, "
            "or pass word_map (e.g. a Porter stemmer for head500)."
        )
    n_pairs = len(pairs)
    _checks.memory(
        f"{n_boot} bootstrap replicates of {n_pairs} pairs",
        8.0 * 4 * n_boot * n_pairs,
        "use a smaller n_boot (2000 is plenty for a 95% interval).",
    )

    def pair_cosines(M: np.ndarray, v: Vocab) -> np.ndarray:
        unit = normalize_rows(M - M.mean(axis=0) if center else M)
        i = v.indices([x for x, _ in pairs])
        j = v.indices([y for _, y in pairs])
        return (unit[i] * unit[j]).sum(axis=1)

    cos_a = [pair_cosines(m, v) for m, v in zip(A, vocabs, strict=True)]
    cos_b = [pair_cosines(m, v) for m, v in zip(B, vocabs, strict=True)]
    human_array = np.asarray(human)

    def per_seed_rhos(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """ρ_I(A_s) and ρ_I(B_s) for each row I of ``idx`` and each seed s: rows × m each."""
        from scipy.stats import rankdata

        human_ranks = rankdata(human_array[idx], axis=1)
        rho_a = np.stack([_spearman_rows(c[idx], human_ranks) for c in cos_a], axis=1)
        rho_b = np.stack([_spearman_rows(c[idx], human_ranks) for c in cos_b], axis=1)
        return rho_a, rho_b

    n_seeds = len(A)
    rho_a_seeds, rho_b_seeds = (x[0] for x in per_seed_rhos(np.arange(n_pairs)[None, :]))
    by_seed = rho_a_seeds - rho_b_seeds
    rho_a, rho_b = float(rho_a_seeds.mean()), float(rho_b_seeds.mean())
    difference = rho_a - rho_b
    seed_sd = float(np.std(by_seed, ddof=1)) if n_seeds > 1 else None
    rng = np.random.default_rng(seed)
    resamples = rng.integers(0, n_pairs, size=(n_boot, n_pairs))  # first: one seed = pairs only
    boot_a, boot_b = per_seed_rhos(resamples)
    pair_part = (boot_a - boot_b).mean(axis=1)  # (1/m) Σ_s d_s(I_r)
    replicates = pair_part
    if seed_sd is not None:
        # the mean of m seed effects over an sd estimated from the same m seeds is t_{m−1}
        replicates = pair_part + seed_sd / np.sqrt(n_seeds) * rng.standard_t(n_seeds - 1, n_boot)
    replicates = replicates[np.isfinite(replicates)]  # a resample with all-equal scores has no ρ
    if replicates.size == 0:
        raise ValueError(
            "no bootstrap replicate had a defined ρ: the benchmark's scores are all equal."
        )
    pairs_only = pair_part[np.isfinite(pair_part)]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(replicates, [tail, 100 - tail])
    return SimilarityInterval(
        rho_a=rho_a,
        rho_b=rho_b,
        difference=difference,
        low=float(low),
        high=float(high),
        n_pairs=n_pairs,
        n_seeds=n_seeds,
        level=level,
        seed_sd=seed_sd,
        pair_se=float(np.std(pairs_only, ddof=1)) if pairs_only.size > 1 else None,
    )
