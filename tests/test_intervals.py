"""similarity_interval (paired bootstrap over benchmark pairs, seeds combined) against a
hand-rolled bootstrap, evaluate_similarity, and coverage on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import w2vlib as w


def _vocab(n: int) -> w.Vocab:
    return w.Vocab([[f"w{i}" for i in range(n)]])


def _triples(pairs: np.ndarray, scores: np.ndarray) -> list[tuple[str, str, float]]:
    return [(f"w{i}", f"w{j}", float(s)) for (i, j), s in zip(pairs, scores, strict=True)]


def _synthetic(seed: int, n_words=60, n_pairs=40, dim=4):
    g = np.random.default_rng(seed)
    truth = g.normal(size=(n_words, dim))
    pairs = np.array([g.choice(n_words, 2, replace=False) for _ in range(n_pairs)])
    unit = w.analysis.evaluation.normalize_rows(truth)
    scores = np.sum(unit[pairs[:, 0]] * unit[pairs[:, 1]], axis=1) + 0.3 * g.normal(size=n_pairs)
    return g, truth, pairs, _triples(pairs, scores)


def test_matches_a_hand_rolled_bootstrap_on_a_tiny_case():
    g, truth, pairs, triples = _synthetic(0, n_pairs=12)
    vocab = _vocab(len(truth))
    A = [truth + 0.5 * g.normal(size=truth.shape) for _ in range(2)]
    B = [truth + 1.5 * g.normal(size=truth.shape) for _ in range(2)]
    result = w.similarity_interval(A, B, vocab, triples, n_boot=150, seed=4)

    human = np.array([s for *_, s in triples])

    def rho(M, idx):
        M = M - M.mean(axis=0)
        cos = [w.cosine(M[i], M[j]) for i, j in pairs[idx]]
        return stats.spearmanr(cos, human[idx]).statistic

    full = np.arange(len(pairs))
    draws = np.random.default_rng(4).integers(0, len(pairs), size=(150, len(pairs)))
    reps = np.array(
        [np.mean([rho(a, d) - rho(b, d) for a, b in zip(A, B, strict=True)]) for d in draws]
    )
    reps = reps[np.isfinite(reps)]
    assert result.rho_a == pytest.approx(np.mean([rho(a, full) for a in A]), abs=1e-12)
    assert result.rho_b == pytest.approx(np.mean([rho(b, full) for b in B]), abs=1e-12)
    assert result.difference == pytest.approx(result.rho_a - result.rho_b, abs=1e-12)
    assert result.low == pytest.approx(np.percentile(reps, 2.5), abs=1e-12)
    assert result.high == pytest.approx(np.percentile(reps, 97.5), abs=1e-12)
    assert (result.n_pairs, result.n_seeds, result.level) == (12, 2, 0.95)


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
    unit = w.analysis.evaluation.normalize_rows(truth)
    true_scores = np.sum(unit[population[:, 0]] * unit[population[:, 1]], axis=1)
    scores = true_scores + 0.3 * g.normal(size=len(population))

    def population_rho(M):
        c = w.analysis.evaluation.normalize_rows(M - M.mean(axis=0))
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
