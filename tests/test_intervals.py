"""similarity_interval (the benchmark's pairs bootstrapped, the seeds' mean by Student's t)
against a hand-rolled computation, evaluate_similarity, and coverage on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import w2vlib as w
from w2vlib.analysis.evaluation import normalize_rows


def _vocab(n: int) -> w.Vocab:
    return w.Vocab([[f"w{i}" for i in range(n)]])


def _triples(pairs: np.ndarray, scores: np.ndarray) -> list[tuple[str, str, float]]:
    return [(f"w{i}", f"w{j}", float(s)) for (i, j), s in zip(pairs, scores, strict=True)]


def _synthetic(seed: int, n_words=60, n_pairs=40, dim=4):
    g = np.random.default_rng(seed)
    truth = g.normal(size=(n_words, dim))
    pairs = np.array([g.choice(n_words, 2, replace=False) for _ in range(n_pairs)])
    unit = normalize_rows(truth)
    scores = np.sum(unit[pairs[:, 0]] * unit[pairs[:, 1]], axis=1) + 0.3 * g.normal(size=n_pairs)
    return g, truth, pairs, _triples(pairs, scores)


def _rho(M, pairs, human, idx):
    """Spearman ρ, by scipy, of the centred cosines of the pairs idx against their scores."""
    M = M - M.mean(axis=0)
    cos = [w.cosine(M[i], M[j]) for i, j in pairs[idx]]
    return stats.spearmanr(cos, human[idx]).statistic


def _centred_cosines(M, pairs):
    M = M - M.mean(axis=0)
    return np.array([w.cosine(M[i], M[j]) for i, j in pairs])


def _hand_rolled(A, B, pairs, human, n_boot, seed):
    """Written out: d[r, s] = ρ_I_r(A_s) − ρ_I_r(B_s); δ_r = mean_s d[r, s] + sd/√m · t_{m−1}."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(pairs), size=(n_boot, len(pairs)))
    cos_a = [_centred_cosines(a, pairs) for a in A]
    cos_b = [_centred_cosines(b, pairs) for b in B]

    def d(I):
        return [
            stats.spearmanr(ca[I], human[I]).statistic - stats.spearmanr(cb[I], human[I]).statistic
            for ca, cb in zip(cos_a, cos_b, strict=True)
        ]

    boot = np.array([d(I) for I in draws])
    by_seed = d(np.arange(len(pairs)))
    m = len(A)
    t = [rng.standard_t(m - 1) for _ in range(n_boot)] if m > 1 else [0.0] * n_boot
    seed_se = np.std(by_seed, ddof=1) / np.sqrt(m) if m > 1 else 0.0
    both = np.array([np.mean(boot[r]) + seed_se * t[r] for r in range(n_boot)])
    pairs_only = boot.mean(axis=1)
    return both[np.isfinite(both)], pairs_only[np.isfinite(pairs_only)]


def test_matches_a_hand_rolled_pair_bootstrap_plus_t_seed_part_on_a_tiny_case():
    g, truth, pairs, triples = _synthetic(0, n_pairs=12)
    vocab = _vocab(len(truth))
    A = [truth + 0.5 * g.normal(size=truth.shape) for _ in range(3)]
    B = [truth + 1.5 * g.normal(size=truth.shape) for _ in range(3)]
    result = w.similarity_interval(A, B, vocab, triples, n_boot=150, seed=4)

    human = np.array([s for *_, s in triples])
    full = np.arange(len(pairs))
    both, pairs_only = _hand_rolled(A, B, pairs, human, 150, seed=4)
    by_seed = [
        _rho(a, pairs, human, full) - _rho(b, pairs, human, full) for a, b in zip(A, B, strict=True)
    ]
    assert result.rho_a == pytest.approx(
        np.mean([_rho(a, pairs, human, full) for a in A]), abs=1e-12
    )
    assert result.rho_b == pytest.approx(
        np.mean([_rho(b, pairs, human, full) for b in B]), abs=1e-12
    )
    assert result.difference == pytest.approx(np.mean(by_seed), abs=1e-12)
    assert result.low == pytest.approx(np.percentile(both, 2.5), abs=1e-12)
    assert result.high == pytest.approx(np.percentile(both, 97.5), abs=1e-12)
    assert result.seed_sd == pytest.approx(np.std(by_seed, ddof=1), abs=1e-12)
    assert result.seed_se == pytest.approx(np.std(by_seed, ddof=1) / np.sqrt(3), abs=1e-12)
    assert result.pair_se == pytest.approx(np.std(pairs_only, ddof=1), abs=1e-12)
    assert (result.n_pairs, result.n_seeds, result.level) == (12, 3, 0.95)
    assert "3 seeds × 12 pairs; pairs resampled, seeds by t (2 df)" in str(result)
    assert f"seed sd {result.seed_sd:.3f}" in result.describe("W′", "W")


def test_one_seed_is_the_pair_bootstrap():
    g, truth, pairs, triples = _synthetic(5, n_pairs=15)
    vocab = _vocab(len(truth))
    a, b = truth + 0.5 * g.normal(size=truth.shape), truth + 1.5 * g.normal(size=truth.shape)
    human = np.array([s for *_, s in triples])
    draws = np.random.default_rng(7).integers(0, len(pairs), size=(200, len(pairs)))
    reps = np.array([_rho(a, pairs, human, I) - _rho(b, pairs, human, I) for I in draws])
    reps = reps[np.isfinite(reps)]
    for given in (a, [a]):  # a bare matrix and a list of one
        result = w.similarity_interval(
            given, [b] if isinstance(given, list) else b, vocab, triples, n_boot=200, seed=7
        )
        assert result.low == pytest.approx(np.percentile(reps, 2.5), abs=1e-12)
        assert result.high == pytest.approx(np.percentile(reps, 97.5), abs=1e-12)
        assert result.pair_se == pytest.approx(np.std(reps, ddof=1), abs=1e-12)
        assert result.seed_sd is None and result.seed_se is None and result.n_seeds == 1
        assert "1 seed × 15 pairs" in str(result) and "seed sd" not in str(result)


def test_seeds_that_disagree_widen_the_interval_beyond_the_pairs_alone():
    # A_s = truth + noise_s: the further apart the seeds' noise, the more d_s swings by seed
    g, truth, pairs, triples = _synthetic(6, n_pairs=80)
    vocab = _vocab(len(truth))
    human = np.array([s for *_, s in triples])
    B = [truth + 0.8 * g.normal(size=truth.shape) for _ in range(4)]
    shapes = [g.normal(size=truth.shape) for _ in range(4)]
    widths, seed_ses = [], []
    for spread in ((0.5, 0.5, 0.5, 0.5), (0.3, 0.8, 0.3, 0.8), (0.1, 3.0, 0.1, 3.0)):
        A = [truth + k * e for k, e in zip(spread, shapes, strict=True)]
        result = w.similarity_interval(A, B, vocab, triples, n_boot=400, seed=1)
        _, pairs_only = _hand_rolled(A, B, pairs, human, 400, seed=1)
        pair_low, pair_high = np.percentile(pairs_only, [2.5, 97.5])
        assert result.pair_se == pytest.approx(np.std(pairs_only, ddof=1), abs=1e-12)
        assert result.high - result.low >= pair_high - pair_low
        widths.append(result.high - result.low)
        seed_ses.append(result.seed_se)
    assert seed_ses == sorted(seed_ses) and widths == sorted(widths)
    assert seed_ses[-1] > 2 * result.pair_se
    assert result.low < pair_low and result.high > pair_high
    assert widths[-1] > 2 * (pair_high - pair_low)


def test_two_seeds_give_a_very_wide_seed_part_t_with_one_degree_of_freedom():
    g, truth, pairs, triples = _synthetic(8, n_pairs=80)
    vocab = _vocab(len(truth))
    A = [truth + k * g.normal(size=truth.shape) for k in (0.3, 1.0)]
    B = [truth + 0.6 * g.normal(size=truth.shape) for _ in range(2)]
    result = w.similarity_interval(A, B, vocab, triples, n_boot=2000, seed=2)
    # t_1's 2.5% point is −12.7: the seed part alone reaches about 12.7 standard errors
    t_975 = stats.t.ppf(0.975, df=1)
    assert t_975 > 12
    assert result.high - result.difference > 0.7 * t_975 * result.seed_se
    assert result.difference - result.low > 0.7 * t_975 * result.seed_se
    assert result.seed_se > result.pair_se
    assert "2 seeds × 80 pairs; pairs resampled, seeds by t (1 df)" in str(result)


def test_uncentred_rho_is_evaluate_similarity_on_wordsim353():
    words = sorted({x for a, b, _ in w.similarity_pairs("wordsim353") for x in (a, b)})
    vocab = w.Vocab([words[::2]])  # half the words: many pairs drop out
    g = np.random.default_rng(1)
    A, B = g.normal(size=(len(vocab), 5)), g.normal(size=(len(vocab), 5))
    result = w.similarity_interval(A, B, vocab, n_boot=50, center=False)
    assert result.rho_a == pytest.approx(w.evaluate_similarity(A, vocab)[0], abs=1e-12)
    assert result.rho_b == pytest.approx(w.evaluate_similarity(B, vocab)[0], abs=1e-12)
    kept = sum(a in vocab and b in vocab for a, b, _ in w.similarity_pairs("wordsim353"))
    assert result.n_pairs == kept


def test_identical_matrices_give_a_zero_interval_and_the_same_seed_the_same_numbers():
    _, truth, _, triples = _synthetic(2)
    vocab = _vocab(len(truth))
    same = w.similarity_interval(truth, truth.copy(), vocab, triples, n_boot=200)
    assert (same.difference, same.low, same.high) == (0.0, 0.0, 0.0) and same.contains_zero
    assert "level within ±0.000" in same.describe("W′", "W") and same.within == 0.0
    noisy = truth + np.random.default_rng(3).normal(size=truth.shape)
    first = w.similarity_interval(truth, noisy, vocab, triples, n_boot=200, seed=9)
    again = w.similarity_interval(truth, noisy, vocab, triples, n_boot=200, seed=9)
    other = w.similarity_interval(truth, noisy, vocab, triples, n_boot=200, seed=10)
    assert first == again and first.low != other.low
    assert first.low < first.difference < first.high


def test_a_clearly_better_matrix_gets_an_interval_above_zero():
    g, truth, _, triples = _synthetic(4, n_pairs=150)
    vocab = _vocab(len(truth))
    result = w.similarity_interval(truth, g.normal(size=truth.shape), vocab, triples, n_boot=500)
    assert result.low > 0 and not result.contains_zero
    assert "ahead" in result.describe("W′", "W") and "W′" in result.describe("W′", "W")
    assert str(result).startswith("ρ(A) − ρ(B) = +")
    assert "95% interval" in str(result) and "1 seed × 150 pairs" in str(result)


def test_coverage_on_synthetic_data_is_near_the_nominal_level():
    # a population of word pairs with a known ρ(A) − ρ(B); each trial sees a sample of 60 pairs
    g = np.random.default_rng(11)
    n_words, dim = 300, 4
    truth = g.normal(size=(n_words, dim))
    A = truth + 0.6 * g.normal(size=truth.shape)
    B = truth + 0.9 * g.normal(size=truth.shape)
    population = np.array([g.choice(n_words, 2, replace=False) for _ in range(4000)])
    unit = normalize_rows(truth)
    true_scores = np.sum(unit[population[:, 0]] * unit[population[:, 1]], axis=1)
    scores = true_scores + 0.3 * g.normal(size=len(population))

    def population_rho(M):
        c = normalize_rows(M - M.mean(axis=0))
        return stats.spearmanr(np.sum(c[population[:, 0]] * c[population[:, 1]], axis=1), scores)[0]

    target = population_rho(A) - population_rho(B)
    vocab = _vocab(n_words)
    trials, covered = 120, 0
    for t in range(trials):
        pick = g.choice(len(population), 60, replace=False)
        triples = _triples(population[pick], scores[pick])
        r = w.similarity_interval(A, B, vocab, triples, n_boot=400, seed=t)
        covered += r.low <= target <= r.high
    assert 0.85 <= covered / trials <= 0.99, covered / trials


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"b": [np.ones((3, 2))] * 2}, "a has 1 seeds and b has 2"),
        ({"vocab": [None, None]}, "vocab is a list of 2"),
        ({"dataset": "men"}, "unknown dataset"),
        ({"n_boot": 0}, "n_boot must be"),
        ({"level": 95}, "strictly between 0 and 1"),
        ({"seed": -1}, "seed must be"),
        ({"center": "yes"}, "center must be True or False"),
        ({"word_map": "porter"}, "word_map must be a function"),
        ({"a": np.ones((4, 2))}, "has 4 rows but its vocab has 3"),
        ({"dataset": [("w0", "w1", 1.0)]}, "only 1 of the benchmark's pairs"),
        ({"a": np.full((3, 2), np.nan)}, "NaN or inf"),
    ],
)
def test_bad_input_gets_a_clear_message(kwargs, message):
    args = {
        "a": np.ones((3, 2)),
        "b": np.ones((3, 2)),
        "vocab": _vocab(3),
        "dataset": [("w0", "w1", 1.0), ("w1", "w2", 2.0), ("w0", "w2", 3.0)],
    }
    args.update(kwargs)
    a, b, vocab, dataset = (args.pop(k) for k in ("a", "b", "vocab", "dataset"))
    with pytest.raises((ValueError, TypeError), match=message):
        w.similarity_interval(a, b, vocab, dataset, **args)
