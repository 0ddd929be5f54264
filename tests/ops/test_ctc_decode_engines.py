"""ctc_decode gives the same answer on every engine: checked against a brute force.

The brute force enumerates every alignment of tiny inputs (T <= 5, classes <= 4), so a beam wide
enough to hold every prefix must return the exact labelings, best first, whatever
merge_repeated says (beam search's prefix rules define proper CTC labelings; merge_repeated
only matters for greedy). A labeling of probability zero is never "found": paths beyond the
found ones are all -1 with score -inf. The random inputs keep the compared scores apart by a
margin, because float32 and float64 engines may order near ties differently; exact ties are
checked on their own, except on tensorflow, whose C++ top-N heap orders exact ties
arbitrarily.
"""

import itertools

import numpy as np
import pytest
import scipy.special

from kbackend import backends, ops

ON_TENSORFLOW = backends.ENGINE == "tensorflow"
MARGIN = 1e-3


def to_np(x):
    return ops.convert_to_numpy(x)


def log_softmax(logits):
    return scipy.special.log_softmax(logits.astype("float64"), axis=-1)


def labelings(log_probs, mask_index):
    # Every labeling of one sequence with its exact log-probability, best first.
    time, classes = log_probs.shape
    scores = {}
    for path in itertools.product(range(classes), repeat=time):
        label = tuple(
            c for i, c in enumerate(path) if c != mask_index and (i == 0 or c != path[i - 1])
        )
        score = sum(log_probs[t, c] for t, c in enumerate(path))
        scores[label] = np.logaddexp(scores.get(label, -np.inf), score)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def well_separated_logits(rng, shape, lengths, mask_index, top_paths):
    # Random logits whose compared labelings differ in score by more than MARGIN.
    for _ in range(200):
        logits = rng.uniform(-2, 2, size=shape).astype("float32")
        ok = True
        for b, n in enumerate(lengths):
            found = [s for _, s in labelings(log_softmax(logits[b, :n]), mask_index)]
            gaps = -np.diff(found[: top_paths + 1])
            ok = ok and (gaps.size == 0 or gaps.min() > MARGIN)
        if ok:
            return logits
    raise AssertionError("no well-separated logits found")


def labels_of(row):
    row = [int(c) for c in row]
    n = row.index(-1) if -1 in row else len(row)
    assert all(c == -1 for c in row[n:])
    return tuple(row[:n])


@pytest.mark.parametrize("merge_repeated", [True, False])
@pytest.mark.parametrize(
    "shape, lengths, mask_index",
    [
        ((3, 5, 3), [5, 2, 1], 0),
        ((3, 5, 3), [3, 5, 0], 2),
        ((2, 4, 4), [4, 3], 0),
        ((2, 4, 4), [2, 4], 3),
    ],
)
def test_beam_search_matches_brute_force(shape, lengths, mask_index, merge_repeated):
    rng = np.random.default_rng(sum(shape) + mask_index + 7 * sum(lengths))
    top_paths = 8
    logits = well_separated_logits(rng, shape, lengths, mask_index, top_paths)
    decoded, scores = ops.ctc_decode(
        logits, np.array(lengths, "int32"), strategy="beam_search", beam_width=128,
        top_paths=top_paths, merge_repeated=merge_repeated, mask_index=mask_index,
    )
    decoded, scores = to_np(decoded), to_np(scores)
    assert decoded.shape == (top_paths, shape[0], shape[1]) and decoded.dtype == np.int32
    assert scores.shape == (shape[0], top_paths)
    for b, n in enumerate(lengths):
        expected = labelings(log_softmax(logits[b, :n]), mask_index)[:top_paths]
        for p in range(top_paths):
            if p < len(expected):
                label, score = expected[p]
                assert labels_of(decoded[p, b]) == label, (b, p)
                np.testing.assert_allclose(scores[b, p], score, rtol=1e-5, atol=1e-5)
            else:
                # Fewer labelings of nonzero probability than top_paths.
                assert labels_of(decoded[p, b]) == (), (b, p)
                assert scores[b, p] == -np.inf, (b, p)


def test_top_paths_beyond_beam_width_are_missing():
    logits = well_separated_logits(np.random.default_rng(3), (1, 4, 3), [4], 0, 2)
    decoded, scores = ops.ctc_decode(
        logits, np.array([4], "int32"), strategy="beam_search", beam_width=2, top_paths=4
    )
    decoded, scores = to_np(decoded), to_np(scores)
    assert np.all(decoded[2:] == -1)
    assert np.all(scores[0, 2:] == -np.inf)
    assert np.all(np.isfinite(scores[0, :2]))


@pytest.mark.skipif(ON_TENSORFLOW, reason="tf's top-N heap orders exact ties arbitrarily")
@pytest.mark.parametrize("mask_index", [0, 2])
def test_exact_ties_are_broken_the_same_way(mask_index):
    # Equal logits: labelings that differ by a swap of classes tie exactly on every engine;
    # a tie goes to the labeling the prefix search meets first (lower classes first).
    logits = np.zeros((1, 2, 3), "float32")
    decoded, scores = ops.ctc_decode(
        logits, np.array([2], "int32"), strategy="beam_search", beam_width=16, top_paths=7,
        mask_index=mask_index,
    )
    a, b = [c for c in range(3) if c != mask_index]
    expected = [(a,), (b,), (), (a, b), (b, a), (), ()]
    assert [labels_of(row) for row in to_np(decoded)[:, 0]] == expected
    third, ninth = np.log(1 / 3), np.log(1 / 9)
    np.testing.assert_allclose(
        to_np(scores)[0],
        [third, third, 2 * third, 2 * third, 2 * third, -np.inf, -np.inf],
        rtol=1e-6,
    )
    assert np.isclose(2 * third, ninth)


@pytest.mark.parametrize("merge_repeated", [True, False])
@pytest.mark.parametrize("mask_index", [0, 3])
def test_greedy_matches_brute_force(merge_repeated, mask_index):
    rng = np.random.default_rng(11 + mask_index)
    # One class dominates each frame, with repeats and blanks between them.
    best = rng.integers(0, 4, size=(3, 5))
    best[0, 1:3] = best[0, 0]
    best[1, :] = [1, mask_index, 1, 1, 2] if mask_index != 1 else [2, 1, 2, 2, 3]
    logits = (rng.uniform(-1, 1, size=(3, 5, 4)) + 4 * np.eye(4)[best]).astype("float32")
    lengths = np.array([5, 5, 3], "int32")
    decoded, scores = ops.ctc_decode(
        logits, lengths, strategy="greedy", merge_repeated=merge_repeated,
        mask_index=mask_index,
    )
    decoded, scores = to_np(decoded), to_np(scores)
    assert decoded.shape == (1, 3, 5) and scores.shape == (3, 1)
    for b, n in enumerate(lengths):
        log_probs = log_softmax(logits[b, :n])
        path = np.argmax(log_probs, axis=-1)
        label = tuple(
            int(c) for i, c in enumerate(path)
            if c != mask_index and not (merge_repeated and i > 0 and c == path[i - 1])
        )
        assert labels_of(decoded[0, b]) == label
        np.testing.assert_allclose(scores[b, 0], -np.max(log_probs, -1).sum(), rtol=1e-5)


@pytest.mark.parametrize("strategy", ["greedy", "beam_search"])
def test_negative_mask_index_is_the_last_class(strategy):
    # -1 names the last class, as tensorflow's blank_index does.
    rng = np.random.default_rng(5)
    logits = rng.uniform(-1, 1, size=(2, 5, 4)).astype("float32")
    lengths = np.array([5, 4], "int32")
    kwargs = dict(strategy=strategy, top_paths=1, beam_width=8)
    negative = ops.ctc_decode(logits, lengths, mask_index=-1, **kwargs)
    explicit = ops.ctc_decode(logits, lengths, mask_index=3, **kwargs)
    np.testing.assert_array_equal(to_np(negative[0]), to_np(explicit[0]))
    np.testing.assert_allclose(to_np(negative[1]), to_np(explicit[1]), rtol=1e-6)
