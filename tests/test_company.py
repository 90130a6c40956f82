"""company_cosines, nearest_company, score_gaps, own_steps: alike company, and trained gaps.

Each is checked against the same quantity built here from dense numpy (PPMI, cosines, medians
over the centres of each kind), on sparse and dense counts, on a real training run where the
−∞ targets of unseen pairs are not chased, and against careless input; own_steps against the
recorded copies of lesson 00's walk-the-dog toy.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from scipy import sparse

import w2vlib


def random_counts(seed: int, V: int = 12, density: float = 0.4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.integers(1, 9, size=(V, V)) * (rng.random((V, V)) < density)
    X = (X + X.T).astype(float)  # a symmetric window gives a symmetric X
    X[np.arange(V), (np.arange(V) + 1) % V] += 1  # every word seen at least once
    return X


def unit_ppmi_columns(X: np.ndarray) -> np.ndarray:
    """Columns of max(PMI, 0) scaled to length 1, from numpy alone (PMI as in lesson 04b)."""
    n_c, n_o, total = X.sum(axis=1), X.sum(axis=0), X.sum()
    with np.errstate(divide="ignore"):
        P = np.where(X > 0, np.log(X * total / np.outer(n_c, n_o)), 0.0)
    P = np.maximum(P, 0.0)
    lengths = np.linalg.norm(P, axis=0)
    return P / np.where(lengths > 0, lengths, 1.0)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("as_sparse", [False, True])
def test_company_cosines_are_the_cosines_of_ppmi_columns(seed, as_sparse):
    X = random_counts(seed)
    a, b = np.array([0, 3, 5, 7]), np.array([1, 2, 9, 11])
    cosines = w2vlib.company_cosines(sparse.csr_array(X) if as_sparse else X, a, b)
    P = unit_ppmi_columns(X)
    np.testing.assert_allclose(cosines, np.sum(P[:, a] * P[:, b], axis=0), atol=1e-12)


def test_identical_company_has_cosine_one_and_disjoint_company_zero():
    X = random_counts(0)
    X[:, 4] = 2 * X[:, 3]  # word 4 seen around the same centres as word 3, twice as often
    X[4, :] = 2 * X[3, :]
    X[:, 6] = 0.0
    X[0, 6] = 3.0  # word 6 seen only around centre 0 ...
    X[:, 7] = 0.0
    X[1, 7] = 3.0  # ... word 7 only around centre 1
    X[0, 7] = X[1, 6] = 0.0
    identical, disjoint = w2vlib.company_cosines(X, [3, 6], [4, 7])
    assert identical == pytest.approx(1.0, abs=1e-12) and disjoint == 0.0


@pytest.mark.parametrize("seed", range(4))
def test_nearest_company_is_the_argmax_over_every_other_word(seed):
    X = random_counts(seed, V=15)
    words = np.arange(15)
    nearest, best = w2vlib.nearest_company(sparse.csr_array(X), words)
    P = unit_ppmi_columns(X)
    cosines = P.T @ P
    np.fill_diagonal(cosines, -np.inf)
    np.testing.assert_allclose(best, cosines.max(axis=1), atol=1e-12)
    assert (nearest != words).all()
    np.testing.assert_allclose(cosines[words, nearest], best, atol=1e-6)  # ranked in float32
    np.testing.assert_allclose(w2vlib.company_cosines(X, words, nearest), best, atol=1e-12)


def gaps_by_hand(W_in, W_out, X, a, b):
    S = W_in @ W_out.T
    seen_a, seen_b = X[:, a] > 0, X[:, b] > 0
    gap = np.abs(S[:, a] - S[:, b])
    drop_b = S[seen_a & ~seen_b, b] - np.median(S[seen_b, b])
    drop_a = S[seen_b & ~seen_a, a] - np.median(S[seen_a, a])
    return (
        (seen_a ^ seen_b).sum() / (seen_a | seen_b).sum(),
        np.median(gap[seen_a & seen_b]),
        np.median(gap[seen_a ^ seen_b]),
        np.median(np.concatenate([drop_b, drop_a])),
    )


@pytest.mark.parametrize("seed", range(4))
def test_score_gaps_are_the_medians_over_each_kind_of_centre(seed):
    X = random_counts(seed, V=30, density=0.3)
    rng = np.random.default_rng(seed)
    W_in, W_out = rng.normal(size=(30, 4)), rng.normal(size=(30, 4))
    a, b = np.arange(0, 20), np.arange(10, 30)  # more pairs than one block would hold is below
    gaps = w2vlib.score_gaps(W_in, W_out, sparse.csr_array(X), a, b)
    for i in range(len(a)):
        share, both, one, drop = gaps_by_hand(W_in, W_out, X, a[i], b[i])
        assert gaps.one_sided_share[i] == pytest.approx(share)
        assert gaps.both[i] == pytest.approx(both, abs=1e-12)
        assert gaps.one_sided[i] == pytest.approx(one, abs=1e-12)
        assert gaps.unseen_drop[i] == pytest.approx(drop, abs=1e-12)
        unseen = (X[:, a[i]] == 0) & (X[:, b[i]] == 0)
        gap = np.abs(W_in @ (W_out[a[i]] - W_out[b[i]]))
        expected = np.median(gap[unseen]) if unseen.any() else np.nan
        assert gaps.neither[i] == pytest.approx(expected, abs=1e-12, nan_ok=True)


def test_score_gaps_go_block_by_block_without_changing_the_answer(monkeypatch):
    from w2vlib.analysis import company

    X = random_counts(1, V=30, density=0.3)
    rng = np.random.default_rng(1)
    W_in, W_out = rng.normal(size=(30, 3)), rng.normal(size=(30, 3))
    a, b = np.arange(0, 25), np.arange(5, 30)
    whole = w2vlib.score_gaps(W_in, W_out, X, a, b)
    monkeypatch.setattr(company, "PAIRS_PER_BLOCK", 4)
    blocked = w2vlib.score_gaps(W_in, W_out, X, a, b)
    for field in w2vlib.ScoreGaps.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(whole, field), getattr(blocked, field))


def test_a_kind_of_centre_a_pair_lacks_gives_nan():
    X = np.zeros((4, 4))
    X[0, 1] = X[1, 0] = 2.0  # word 1 seen only around centre 0, word 2 only around centre 3
    X[3, 2] = X[2, 3] = 1.0
    W = np.random.default_rng(0).normal(size=(4, 2))
    gaps = w2vlib.score_gaps(W, W, X, [1], [2])
    assert gaps.one_sided_share[0] == 1.0 and np.isnan(gaps.both[0])
    assert np.isfinite(gaps.one_sided[0])


def test_equal_rows_leave_no_gap_anywhere():
    X = random_counts(2)
    rng = np.random.default_rng(2)
    W_in, W_out = rng.normal(size=(12, 3)), rng.normal(size=(12, 3))
    W_out[5] = W_out[2]
    gaps = w2vlib.score_gaps(W_in, W_out, X, 2, 5)
    assert gaps.both[0] == 0.0 and gaps.one_sided[0] == 0.0


def test_training_chases_the_unseen_targets_slowly():
    """The −∞ targets of unseen pairs are chased, slowly: the unseen word's score sinks with training.

    Two runs on Lee that differ only in length (both lower the loss): the longer one has pushed
    the unseen word's score further below its level where seen, and widened the gaps where only
    one word is seen more than those where both are.
    """
    sentences = w2vlib.load_lee_corpus()
    X = w2vlib.cooccurrence(
        sentences, w2vlib.Vocab(sentences, min_count=5), window=3, as_sparse=True
    )
    words = np.arange(1, 201)
    nearest, _ = w2vlib.nearest_company(X, words)
    found = {}
    for epochs in (2, 12):
        run = w2vlib.train(
            sentences,
            objective="negative",
            dim=20,
            window=3,
            epochs=epochs,
            seed=0,
            min_count=5,
            progress=False,
        )
        assert run.losses[-1] < 0.9 * run.losses[0]  # it did train
        found[epochs] = w2vlib.score_gaps(run.W_in, run.W_out, X, words, nearest)
    short, long = found[2], found[12]
    assert np.nanmedian(short.one_sided_share) > 0.5  # most of their centres see only one
    assert np.nanmedian(long.unseen_drop) < np.nanmedian(short.unseen_drop) - 0.2
    widening = np.nanmedian(long.one_sided) / np.nanmedian(short.one_sided)
    assert widening > np.nanmedian(long.both) / np.nanmedian(short.both)


def test_a_table_that_fits_every_cell_shows_the_chase_at_once():
    """The measure sees a −∞ target met: a full-rank table with every unseen pair at −10."""
    sentences = w2vlib.load_lee_corpus()
    X = w2vlib.cooccurrence(
        sentences, w2vlib.Vocab(sentences, min_count=5), window=3, as_sparse=True
    )
    words = np.arange(1, 201)
    nearest, _ = w2vlib.nearest_company(X, words)
    dense = X.toarray()
    fitted = np.where(dense > 0, w2vlib.ppmi(dense), -10.0)
    chased = w2vlib.score_gaps(fitted, np.eye(len(dense)), X, words, nearest)
    assert np.nanmedian(chased.unseen_drop) < -5
    assert np.nanmedian(chased.one_sided) > 2 * np.nanmedian(chased.both)


def test_rounding_is_not_company():
    """A rank-one X has PMI exactly 0; its rounding (about 1e-16) must not become cosines of 1."""
    u = np.array([42.0, 32.0, 26.0, 14.0, 16.0, 3.0])
    X = np.outer(u, u)
    assert w2vlib.ppmi(X).max() > 0  # the fixture does hold rounding entries
    np.testing.assert_array_equal(w2vlib.company_cosines(X, [0, 1, 2], [1, 2, 3]), 0.0)


def test_a_word_without_company_is_refused_with_a_count():
    X = np.outer([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0])  # no positive PMI anywhere
    with pytest.raises(w2vlib.InputError, match="2 of the words .* share no positively"):
        w2vlib.nearest_company(X, [0, 1])


def test_a_pair_no_centre_sees_gets_nan_everywhere():
    X = np.zeros((5, 5))
    X[0, 1] = X[1, 0] = 2.0  # words 3 and 4 are never seen
    W = np.random.default_rng(0).normal(size=(5, 2))
    gaps = w2vlib.score_gaps(W, W, X, [3], [4])
    assert all(np.isnan(getattr(gaps, f)[0]) for f in w2vlib.ScoreGaps.__dataclass_fields__)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda X, W: w2vlib.company_cosines(X, [1, 2], [1, 3]), "with itself"),
        (lambda X, W: w2vlib.company_cosines(X, [1, 2], [3]), "one to one"),
        (lambda X, W: w2vlib.score_gaps(W, W, X, [], []), "no pairs given"),
        (lambda X, W: w2vlib.company_cosines(X, [1], [40]), "outside the vocabulary"),
        (lambda X, W: w2vlib.company_cosines(-X, [1], [2]), "≥ 0"),
        (lambda X, W: w2vlib.nearest_company(X, []), "words is empty"),
        (lambda X, W: w2vlib.nearest_company(X, [0.5]), "integer"),
        (lambda X, W: w2vlib.score_gaps(W, W[:5], X, [1], [2]), "same vocabulary"),
        (lambda X, W: w2vlib.score_gaps(W[:5], W[:5], X, [1], [2]), "same vocabulary"),
        (lambda X, W: w2vlib.score_gaps(W, W[:, :2], X, [1], [2]), "W_out"),
        (lambda X, W: w2vlib.score_gaps(W, W, X, 3, 3), "with itself"),
    ],
)
def test_careless_input_gets_a_named_error(call, message):
    X, W = random_counts(0), np.random.default_rng(0).normal(size=(12, 3))
    with pytest.raises(w2vlib.InputError, match=message):
        call(X, W)


@functools.lru_cache(maxsize=4)
def walk_the_dog(epochs: int):
    """Lesson 00's toy with ten "walk the dog": walk sees dog and never cat. Recorded, trained."""
    sentences = w2vlib.toy_corpus("pets_vehicles") + [["walk", "the", "dog"]] * 10
    stepper = w2vlib.Stepper(
        sentences, objective="negative", dim=5, window=2, epochs=epochs, batch_size=16, seed=0
    )
    contributions = w2vlib.record_contributions(stepper, ["cat", "dog", "car"], progress=False)
    run = stepper.result()
    X = w2vlib.cooccurrence(sentences, run.vocab, window=2)
    return contributions, run, X


def test_own_steps_split_each_one_sided_gap_exactly():
    contributions, run, X = walk_the_dog(epochs=20)
    v = run.vocab
    parts = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, "dog", "cat")
    by_hand = np.flatnonzero((X[:, v["dog"]] > 0) != (X[:, v["cat"]] > 0))
    np.testing.assert_array_equal(parts.centres, by_hand)
    assert v["walk"] in parts.centres and v["the"] not in parts.centres  # the sees both
    h = run.W_in[parts.centres]
    np.testing.assert_allclose(
        parts.gap, h @ (run.W_out[v["dog"]] - run.W_out[v["cat"]]), atol=1e-12
    )
    mine = contributions.by_centre("dog") - contributions.by_centre("cat")
    np.testing.assert_allclose(parts.own, np.sum(h * mine[parts.centres], axis=1), atol=1e-12)
    np.testing.assert_allclose(parts.own + parts.rest, parts.gap, atol=1e-10)
    np.testing.assert_array_equal(parts.seen_a, X[parts.centres, v["dog"]] > 0)
    walk = list(parts.centres).index(v["walk"])
    assert parts.copies_into_seen[walk] > 0 > parts.copies_unseen[walk]  # pulled dog, pushed cat
    assert parts.copies_out_of_seen[walk] < 0  # and pushed dog when it drew dog as a negative
    assert parts.copies_into_seen[walk] == contributions.weights("dog", "pull")[v["walk"]]
    assert parts.copies_out_of_seen[walk] == contributions.weights("dog", "push")[v["walk"]]
    assert parts.copies_unseen[walk] == contributions.weights("cat", "push")[v["walk"]]


def test_own_steps_is_antisymmetric_in_the_pair():
    contributions, run, X = walk_the_dog(epochs=20)
    one = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, "dog", "cat")
    other = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, "cat", "dog")
    np.testing.assert_array_equal(one.centres, other.centres)
    np.testing.assert_array_equal(one.seen_a, ~other.seen_a)
    for field in ("gap", "own", "rest"):
        np.testing.assert_allclose(getattr(one, field), -getattr(other, field), atol=1e-12)
    np.testing.assert_array_equal(one.copies_into_seen, other.copies_into_seen)
    np.testing.assert_array_equal(one.copies_unseen, other.copies_unseen)


def test_own_part_and_gap_grow_with_training():
    """walk's own copies and the gap at walk both grow with training (the rest nearly cancels
    the own part in this toy, so their ratio means little)."""
    found = {}
    for epochs in (5, 60):
        contributions, run, X = walk_the_dog(epochs)
        parts = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, "dog", "cat")
        walk = list(parts.centres).index(run.vocab["walk"])
        found[epochs] = (parts.own[walk], parts.gap[walk], parts.copies_into_seen[walk])
    (own_short, gap_short, copies_short), (own_long, gap_long, copies_long) = found.values()
    assert 0 < own_short < own_long and gap_short < gap_long
    assert copies_long > 5 * copies_short


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c, W, X: (c, W, W, X, "dog", "bus"), "'bus' was not recorded"),
        (lambda c, W, X: (c, W, W, X, "dog", "dog"), "two different words"),
        (lambda c, W, X: (c, W, W, X[:-1, :-1], "dog", "cat"), "the recording has"),
        (lambda c, W, X: ("contributions", W, W, X, "dog", "cat"), "record_contributions"),
        (lambda c, W, X: (c, W, W[:, :2], X, "dog", "cat"), "W_out"),
    ],
)
def test_own_steps_names_careless_input(change, message):
    contributions, run, X = walk_the_dog(epochs=2)
    with pytest.raises(w2vlib.InputError, match=message):
        w2vlib.own_steps(*change(contributions, run.W_in, X))


def visits_by_hand(W_in, W_out, X, counts, a, b, k=5, alpha=0.75):
    noise = counts**alpha / np.sum(counts**alpha)
    n_c = X.sum(axis=1)
    out = []
    for wa, wb in zip(a, b, strict=True):
        found = {
            "meetings": [],
            "draws_seen": [],
            "draws_unseen": [],
            "sigma_seen": [],
            "sigma_unseen": [],
        }
        for c in range(len(X)):
            if (X[c, wa] > 0) == (X[c, wb] > 0):
                continue
            seen, unseen = (wa, wb) if X[c, wa] > 0 else (wb, wa)
            found["meetings"].append(X[c, seen])
            found["draws_seen"].append(k * n_c[c] * noise[seen])
            found["draws_unseen"].append(k * n_c[c] * noise[unseen])
            found["sigma_seen"].append(1 / (1 + np.exp(-W_in[c] @ W_out[seen])))
            found["sigma_unseen"].append(1 / (1 + np.exp(-W_in[c] @ W_out[unseen])))
        out.append({key: np.median(v) if v else np.nan for key, v in found.items()})
    return out


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("as_sparse", [False, True])
def test_one_sided_visits_are_the_medians_over_one_sided_centres(seed, as_sparse):
    X = random_counts(seed, V=14)
    rng = np.random.default_rng(seed)
    W_in, W_out = rng.normal(size=(14, 3)), rng.normal(size=(14, 3))
    counts = rng.integers(1, 50, size=14).astype(float)
    a, b = np.array([0, 2, 5, 9]), np.array([1, 3, 11, 13])
    found = w2vlib.one_sided_visits(
        W_in, W_out, sparse.csr_array(X) if as_sparse else X, counts, a, b, negative=3
    )
    for i, expected in enumerate(visits_by_hand(W_in, W_out, X, counts, a, b, k=3)):
        for key, value in expected.items():
            np.testing.assert_allclose(getattr(found, key)[i], value, rtol=1e-12, atol=1e-12)


def test_expected_copies_multiply_visits_by_the_mean_step():
    visits = w2vlib.OneSidedVisits(
        meetings=np.array([2.0]),
        draws_seen=np.array([3.0]),
        draws_unseen=np.array([4.0]),
        sigma_seen=np.array([0.25]),
        sigma_unseen=np.array([0.5]),
    )
    into_seen, out_of_seen, out_of_unseen = visits.expected_copies(epochs=10, lr=0.02, window=4)
    kept = 5 / 8  # windows shrunk at random from 1 to 4 keep (4 + 1)/(2·4) of the pairs
    np.testing.assert_allclose(into_seen, 10 * 0.01 * kept * 2 * 0.75)
    np.testing.assert_allclose(out_of_seen, 10 * 0.01 * kept * 3 * 0.25)
    np.testing.assert_allclose(out_of_unseen, 10 * 0.01 * kept * 4 * 0.5)


@pytest.mark.parametrize("epochs", [5, 20])
def test_the_back_of_envelope_matches_the_recorded_copies(epochs):
    """Counts × mean step × final σ against the copies record_contributions summed, at walk."""
    contributions, run, X = walk_the_dog(epochs)
    v = run.vocab
    recorded = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, "dog", "cat")
    visits = w2vlib.one_sided_visits(
        run.W_in, run.W_out, X, v.counts, [v["dog"]], [v["cat"]], negative=5
    )
    into_seen, out_of_seen, out_of_unseen = visits.expected_copies(epochs, window=2)
    walk = list(recorded.centres).index(v["walk"])
    assert visits.meetings[0] == X[v["walk"], v["dog"]]  # walk is the only one-sided centre
    assert 0.4 < into_seen[0] / recorded.copies_into_seen[walk] < 2.5
    assert 0.4 < out_of_seen[0] / -recorded.copies_out_of_seen[walk] < 2.5
    assert 0.4 < out_of_unseen[0] / -recorded.copies_unseen[walk] < 2.5


def test_one_sided_visits_name_careless_input():
    X, W = random_counts(0), np.random.default_rng(0).normal(size=(12, 3))
    counts = np.arange(1.0, 13.0)
    with pytest.raises(w2vlib.InputError, match="same vocabulary"):
        w2vlib.one_sided_visits(W, W, X, counts[:5], [1], [2])
    with pytest.raises(w2vlib.InputError, match="negative"):
        w2vlib.one_sided_visits(W, W, X, counts, [1], [2], negative=0)
    with pytest.raises(w2vlib.InputError, match="with itself"):
        w2vlib.one_sided_visits(W, W, X, counts, [1], [1])
    visits = w2vlib.one_sided_visits(W, W, X, counts, [1], [2])
    with pytest.raises(w2vlib.InputError, match="epochs"):
        visits.expected_copies(0)


def test_own_steps_refuses_a_recording_of_other_factors():
    """A partial recording, or another run's factors, would split the gap wrongly: refused."""
    contributions, run, X = walk_the_dog(epochs=20)
    _, other, _ = walk_the_dog(epochs=5)
    with pytest.raises(w2vlib.InputError, match="differs from the row its recorded"):
        w2vlib.own_steps(contributions, other.W_in, other.W_out, X, "dog", "cat")
    sentences = w2vlib.toy_corpus("pets_vehicles") + [["walk", "the", "dog"]] * 10
    stepper = w2vlib.Stepper(
        sentences, objective="negative", dim=5, window=2, epochs=20, batch_size=16, seed=0
    )
    partial = w2vlib.record_contributions(stepper, ["cat", "dog"], steps=10, progress=False)
    with pytest.raises(w2vlib.InputError, match="run to the end of training"):
        w2vlib.own_steps(partial, run.W_in, run.W_out, X, "dog", "cat")
