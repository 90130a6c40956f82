"""w2vlib.animations: what the frames show is the training's own arithmetic, the same on every
run, small enough for the pages and decks, and playable without a kernel."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from PIL import Image

import w2vlib
from w2vlib import animations

ROOT = Path(__file__).resolve().parents[1]
README_GIF = ROOT / "figures" / "row_buildup.gif"
MAX_HTML_BYTES = 2 * 2**20  # issue 13: at most about 2 MB per animation


@pytest.fixture(scope="module")
def buildup():
    return animations.row_buildup()


@pytest.fixture(scope="module")
def moving():
    return animations.row_buildup(hold_inputs=False)


@pytest.fixture(scope="module")
def pets_run():
    sentences = w2vlib.toy_corpus("pets_vehicles")
    return w2vlib.train(
        sentences,
        objective="softmax",
        dim=5,
        window=2,
        epochs=20,
        lr=0.025,
        batch_size=16,
        seed=0,
        snapshot_every=10,
    )


def test_the_arrows_add_up_to_the_row_tip_to_tail(buildup):
    total = sum(arrow.vector for arrow in buildup.arrows)
    np.testing.assert_allclose(buildup.start_row + total, buildup.final_row, atol=1e-12)
    # every centre gets its own arrow, pushes too; cat's contexts are feed, pet and the
    vocab = buildup.vocab
    assert sorted(a.centre for a in buildup.arrows if a.chunk == 0) == sorted(vocab.words)
    assert sorted(buildup.order) == sorted(vocab.words)
    assert buildup.order[:2] == ["pet", "feed"] or buildup.order[:2] == ["feed", "pet"]
    assert all(a.coefficient > 0 for a in buildup.arrows if a.centre in ("feed", "pet"))
    never_with_cat = ("drive", "park", "car", "bus", "truck", "cat", "dog", "rabbit")
    assert all(a.coefficient < 0 for a in buildup.arrows if a.centre in never_with_cat)
    # each frame's arrows (one per centre, so far) end exactly at W_out[cat] of that frame
    for sums, row in zip(buildup.contributions, buildup.rows, strict=True):
        np.testing.assert_allclose(buildup.start_row + sums.sum(axis=0), row, atol=1e-12)


@pytest.mark.parametrize("view", ["buildup", "moving"])
def test_the_last_frame_shows_a_long_row_led_by_the_pulls_of_cat_s_company(view, request):
    # what the lesson says of both views: the row grows to a visible length (not a sum of
    # arrows that cancel) and the two longest arrows are the pulls of feed and pet
    animation = request.getfixturevalue(view)
    lengths = np.linalg.norm(animation.contributions[-1], axis=1)
    longest = {animation.vocab.words[c] for c in np.argsort(-lengths)[:2]}
    assert longest == {"feed", "pet"}
    row = np.linalg.norm(animation.final_row - animation.start_row)
    assert row > 0.3 * lengths.sum(), f"the row is {row:.2f}, its arrows {lengths.sum():.2f} long"
    assert row > 1.0


def test_with_w_in_held_each_arrow_is_a_multiple_of_the_drawn_w_in(buildup):
    # the lesson says W_in is held at trained values in this view: the input vectors drawn
    # are those of the 2-D model trained with the same seed, they never move, and every
    # centre's arrow is exactly its coefficient times the input vector drawn
    W_in, vocab = buildup.W_in, buildup.vocab
    trained = w2vlib.train(
        w2vlib.toy_corpus("pets_vehicles"),
        objective="softmax",
        dim=2,
        window=2,
        epochs=20,
        seed=3,
        progress=False,
    )
    np.testing.assert_array_equal(W_in, trained.W_in)
    for centre, drawn in buildup.inputs.items():
        assert len(drawn) == 11  # one per frame (the start and ten chunks)
        for reference in drawn:
            np.testing.assert_array_equal(reference, W_in[vocab[centre]])
    assert len(buildup.arrows) == 10 * len(vocab)
    for arrow in buildup.arrows:
        expected = arrow.coefficient * W_in[vocab[arrow.centre]]
        np.testing.assert_allclose(arrow.vector, expected, rtol=0, atol=1e-14)


def test_with_w_in_moving_the_same_sum_holds_frame_by_frame(moving):
    W_in_frames = np.array(list(moving.inputs.values()))  # words × frames × N
    assert np.abs(W_in_frames[:, -1] - W_in_frames[:, 0]).max() > 0.5, "W_in did not move"
    for sums, row in zip(moving.contributions, moving.rows, strict=True):
        np.testing.assert_allclose(moving.start_row + sums.sum(axis=0), row, atol=1e-12)
    np.testing.assert_allclose(moving.twin_rows, moving.rows, atol=1e-12)  # every frame
    np.testing.assert_allclose(moving.twin_row, moving.final_row, atol=1e-12)


def test_each_company_has_one_colour_and_companies_differ(buildup, moving):
    # centres with the same neighbours share a colour (their arrows, left and right);
    # the five companies of pets_vehicles get five colours, the same in both views
    companies = [("feed", "pet"), ("the",), ("drive", "park"), ("cat", "dog", "rabbit")]
    companies.append(("car", "bus", "truck"))
    for animation in (buildup, moving):
        colours = [{animation.colours[w] for w in company} for company in companies]
        assert all(len(c) == 1 for c in colours)
        assert len(set.union(*colours)) == len(companies)
    assert buildup.colours == moving.colours


@pytest.mark.parametrize("view", ["buildup", "moving"])
def test_labels_do_not_collide_and_stay_inside_their_panel(view, request):
    animation = request.getfixturevalue(view)
    fig = animation._fig
    renderer = fig.canvas.get_renderer()
    for k in range(animation._save_count):
        animation._func(k)
        fig.canvas.draw()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
            frame = ax.get_window_extent(renderer)
            # the right panel labels only arrows long enough to carry a word: not at the start
            last = k == animation._save_count - 1
            assert boxes or (ax is fig.axes[1] and not last), f"frame {k}: no labels"
            for i, a in enumerate(boxes):
                assert (
                    frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 <= a.y1 <= frame.y1
                )
                for b in boxes[i + 1 :]:
                    assert not a.overlaps(b), f"frame {k}: labels overlap in {ax.get_title()!r}"


def test_full_batch_gives_the_twin_the_same_row(buildup):
    # identical columns of X and W_out starting at 0: dog gets exactly cat's copies
    np.testing.assert_allclose(buildup.twin_row, buildup.final_row, atol=1e-12)
    np.testing.assert_allclose(buildup.twin_rows, buildup.rows, atol=1e-12)


def test_each_arrow_is_a_copy_of_one_input_vector():
    sentences = w2vlib.toy_corpus("pets_vehicles")
    stepper = w2vlib.Stepper(
        sentences,
        objective="softmax",
        dim=3,
        lr=0.004,
        batch_size=animations.FULL_BATCH,
        lr_schedule="constant",
        seed=1,
    )
    for _ in range(3):
        W_in_before = stepper.W_in.copy()
        arrows = animations.buildup_arrows(stepper, "dog", chunks=1, steps_per_chunk=1)
        for arrow in arrows:
            if arrow.centre != animations.OTHERS:
                expected = arrow.coefficient * W_in_before[stepper.vocab[arrow.centre]]
                np.testing.assert_allclose(arrow.vector, expected, atol=1e-14)


def test_frames_are_the_same_on_every_run_and_something_moves(buildup):
    first = animations.frames(buildup)
    again = animations.frames(animations.row_buildup())
    assert len(first) == len(again) >= 10
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[-1])


def test_three_views_play_without_a_kernel_and_stay_small(buildup, pets_run):
    sentences4 = w2vlib.toy_corpus("four_topics", repeats=2)
    run4 = w2vlib.train(
        sentences4,
        objective="softmax",
        dim=5,
        window=2,
        epochs=20,
        lr=0.025,
        batch_size=16,
        seed=0,
        snapshot_every=20,
    )
    views = {
        "row_buildup": buildup,
        "rows_to_contexts": animations.rows_to_contexts(pets_run, ["cat", "dog", "car", "bus"]),
        "group_cosines": animations.group_cosines_over_training(
            run4, w2vlib.toy_groups("four_topics")
        ),
    }
    for name, animation in views.items():
        html = animations.show(animation).data
        assert '<div class="animation">' in html, f"{name}: not a JavaScript player"
        assert "<script" in html and "data:image/png;base64," in html, (
            f"{name}: frames not embedded"
        )
        assert "http://" not in html and "https://" not in html, f"{name}: fetches from the network"
        size = len(html.encode())
        assert size < MAX_HTML_BYTES, f"{name}: {size / 2**20:.2f} MB > 2 MB"


def test_group_cosine_series_matches_a_direct_computation():
    sentences = w2vlib.toy_corpus("four_topics", repeats=2)
    groups = w2vlib.toy_groups("four_topics")
    run = w2vlib.train(sentences, objective="softmax", dim=5, epochs=5, seed=0, snapshot_every=50)
    steps, within, across = animations.group_cosine_series(run, groups)
    assert list(steps) == [s.step for s in run.snapshots]
    W = run.snapshots[-1].W_out
    unit = W - W.mean(axis=0)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    label = {w: g for g, members in groups.items() for w in members}
    words = list(label)
    same, other = [], []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            cos = unit[run.vocab[a]] @ unit[run.vocab[b]]
            (same if label[a] == label[b] else other).append(cos)
    np.testing.assert_allclose([within[-1], across[-1]], [np.mean(same), np.mean(other)])


def test_the_explorer_view_shows_the_run_s_cosines(pets_run):
    animation = animations.rows_to_contexts(pets_run, ["cat", "dog", "car"], max_frames=5)
    assert len(animation.cosines) == 5
    last = w2vlib.cosine_matrix(w2vlib.center(pets_run.W_out))
    rows = pets_run.vocab.indices(["cat", "dog", "car"])
    np.testing.assert_allclose(animation.cosines[-1], last[np.ix_(rows, rows)], atol=1e-12)


def test_bad_input_gets_a_clear_error(pets_run):
    with pytest.raises(ValueError, match="vocabulary"):
        animations.row_buildup("kitten")
    with pytest.raises(ValueError, match="max_frames"):
        animations.rows_to_contexts(pets_run, ["cat", "dog"], max_frames=0)
    with pytest.raises((ValueError, KeyError), match="zebra"):
        animations.rows_to_contexts(pets_run, ["cat", "zebra"])


def test_gif_is_byte_reproducible_and_the_readme_s_copy_is_current(tmp_path, buildup):
    # the committed GIF was made by another process (make figures): equal bytes = reproducible
    first = animations.readme_gif(tmp_path)
    with Image.open(first) as gif:
        assert gif.n_frames == buildup._save_count
    assert README_GIF.exists(), "figures/row_buildup.gif is missing: run `make figures`"
    assert README_GIF.read_bytes() == first.read_bytes(), (
        "figures/row_buildup.gif differs from a fresh one: run `make figures`"
    )
    assert README_GIF.stat().st_size < MAX_HTML_BYTES
    assert "figures/row_buildup.gif" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_careless_arguments_get_w2vlib_errors():
    run = w2vlib.train(w2vlib.toy_corpus("pets_vehicles"), dim=2, epochs=1, snapshot_every=5)
    groups = w2vlib.toy_groups("pets_vehicles")
    with pytest.raises(ValueError, match="space"):
        animations.group_cosine_series(run, groups, space="sum")
    with pytest.raises(ValueError, match="dim must be ≥ 2"):
        animations.row_buildup(dim=1)
    with pytest.raises(ValueError, match="chunks"):
        animations.row_buildup(chunks=0)
