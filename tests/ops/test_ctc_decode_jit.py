"""ctc_decode against a brute-force reference on every engine, and under compilation.

The brute force enumerates every alignment of tiny inputs, so with a beam wide enough to hold
every prefix the beam search must return the exact top labelings. On jax the decoder must also
trace under ``jax.jit`` and agree with its eager result and with the dict-based prefix beam
search it replaced (Note [fixed-shape beam] in ``kbackend/backends/jax/ctc.py``).
"""


import numpy as np
import pytest
import scipy.special

from kbackend import backends, ops
from tests.ops.test_ctc_decode_engines import labelings

ON_JAX = backends.ENGINE == "jax"
ON_TENSORFLOW = backends.ENGINE == "tensorflow"


def to_np(x):
    return ops.convert_to_numpy(x)


def log_softmax(logits):
    # The engines normalise in the input dtype before decoding; so does the reference.
    return scipy.special.log_softmax(logits, axis=-1).astype("float32").astype("float64")


def prefix_beam_search(log_probs, beam_width, top_paths, mask_index):
    # The dict-based prefix beam search (the previous eager jax implementation), one sequence.
    def lse(a, b):
        m = max(a, b)
        if m == -np.inf:
            return -np.inf
        return m + np.log(np.exp(a - m) + np.exp(b - m))

    beams = {(): (0.0, -np.inf)}
    for row in log_probs:
        new = {}
        for prefix, (blank, label) in beams.items():
            total = lse(blank, label)
            old_blank, old_label = new.get(prefix, (-np.inf, -np.inf))
            new[prefix] = (lse(old_blank, total + row[mask_index]), old_label)
            for c in range(len(row)):
                if c == mask_index:
                    continue
                extended = prefix + (c,)
                ext_blank, ext_label = new.get(extended, (-np.inf, -np.inf))
                if prefix and prefix[-1] == c:
                    new[extended] = (ext_blank, lse(ext_label, blank + row[c]))
                    stay_blank, stay_label = new[prefix]
                    new[prefix] = (stay_blank, lse(stay_label, label + row[c]))
                else:
                    new[extended] = (ext_blank, lse(ext_label, total + row[c]))
        ranked = sorted(new.items(), key=lambda kv: -lse(*kv[1]))
        beams = dict(ranked[:beam_width])
    ranked = list(beams.items())[:top_paths]
    return [(list(prefix), lse(*probs)) for prefix, probs in ranked]


def reference_decode(log_probs, lengths, beam_width, top_paths, mask_index):
    batch, time, _ = log_probs.shape
    paths = np.full((top_paths, batch, time), -1, "int32")
    scores = np.full((batch, top_paths), -np.inf)
    for b in range(batch):
        found = prefix_beam_search(log_probs[b, : lengths[b]], beam_width, top_paths, mask_index)
        # A labeling of probability zero is not found: all -1 with score -inf.
        found = [(label, score) for label, score in found if score > -np.inf]
        for p, (label, score) in enumerate(found):
            paths[p, b, : len(label)] = label
            scores[b, p] = score
    return paths, scores


def labels(row):
    return [int(c) for c in row if c != -1]


@pytest.mark.parametrize("mask_index", [0, 2])
def test_beam_search_returns_the_exact_top_labelings(mask_index):
    logits = np.random.uniform(-2, 2, size=(3, 4, 3)).astype("float32")
    lengths = np.array([4, 2, 3], "int32")
    decoded, log_p = ops.ctc_decode(
        logits, lengths, strategy="beam_search", beam_width=64, top_paths=3,
        mask_index=mask_index,
    )
    decoded, log_p = to_np(decoded), to_np(log_p)
    assert decoded.shape == (3, 3, 4) and decoded.dtype == np.int32
    assert log_p.shape == (3, 3)
    for b in range(3):
        expected = labelings(log_softmax(logits[b, : lengths[b]]), mask_index)
        for p in range(3):
            label, score = expected[p]
            assert labels(decoded[p, b]) == list(label)
            assert np.all(decoded[p, b, len(label):] == -1)
            np.testing.assert_allclose(log_p[b, p], score, rtol=1e-5)
        # top_paths come best first.
        assert np.all(np.diff(log_p[b]) <= 1e-6)


def test_frames_past_the_sequence_length_are_ignored():
    logits = np.random.uniform(-2, 2, size=(2, 5, 4)).astype("float32")
    lengths = np.array([3, 5], "int32")
    noisy = logits.copy()
    noisy[0, 3:] = np.random.uniform(-9, 9, size=(2, 4))
    kwargs = dict(strategy="beam_search", beam_width=8, top_paths=2)
    d1, s1 = ops.ctc_decode(logits, lengths, **kwargs)
    d2, s2 = ops.ctc_decode(noisy, lengths, **kwargs)
    np.testing.assert_array_equal(to_np(d1), to_np(d2))
    np.testing.assert_allclose(to_np(s1), to_np(s2), rtol=1e-6)
    d3, s3 = ops.ctc_decode(logits[:1, :3], lengths[:1], **kwargs)
    np.testing.assert_array_equal(to_np(d1)[:, :1, :3], to_np(d3))
    np.testing.assert_allclose(to_np(s1)[:1], to_np(s3), rtol=1e-6)


def test_beam_width_one_follows_the_greedy_path_on_peaked_inputs():
    # One class dominates each frame by a wide margin, so keeping one prefix finds the
    # greedy labeling; its log-probability sums more alignments than the greedy path's.
    best = np.random.randint(0, 4, size=(3, 6))
    logits = np.random.uniform(-1, 1, size=(3, 6, 4)) + 8 * np.eye(4)[best]
    logits = logits.astype("float32")
    lengths = np.array([6, 4, 5], "int32")
    greedy, greedy_score = ops.ctc_decode(logits, lengths, strategy="greedy")
    beam, beam_score = ops.ctc_decode(
        logits, lengths, strategy="beam_search", beam_width=1, top_paths=1
    )
    np.testing.assert_array_equal(to_np(beam), to_np(greedy))
    assert np.all(to_np(beam_score) >= -to_np(greedy_score) - 1e-5)


@pytest.mark.skipif(not ON_JAX, reason="jax.jit tracing applies to the jax engine")
@pytest.mark.parametrize(
    "beam_width, top_paths, mask_index, rounded",
    [(1, 1, 0, False), (4, 3, 1, True), (50, 40, 2, True)],
)
def test_beam_search_under_jit_equals_eager_and_the_dict_version(
    beam_width, top_paths, mask_index, rounded
):
    import jax

    logits = np.random.uniform(-2, 2, size=(3, 5, 4)).astype("float32")
    if rounded:
        # Integer logits give exactly tied candidates: the tie-break must match too.
        logits = np.round(logits)
    lengths = np.array([5, 2, 4], "int32")
    kwargs = dict(strategy="beam_search", beam_width=beam_width, top_paths=top_paths,
                  mask_index=mask_index)
    eager = ops.ctc_decode(logits, lengths, **kwargs)
    jitted = jax.jit(lambda x, n: ops.ctc_decode(x, n, **kwargs))(logits, lengths)
    np.testing.assert_array_equal(to_np(jitted[0]), to_np(eager[0]))
    np.testing.assert_array_equal(to_np(jitted[1]), to_np(eager[1]))
    # Exact ties depend on the last bit of the log-softmax, so the reference starts from the
    # engine's own.
    log_probs = np.asarray(jax.nn.log_softmax(logits, axis=-1), "float64")
    paths, scores = reference_decode(log_probs, lengths, beam_width, top_paths, mask_index)
    np.testing.assert_array_equal(to_np(eager[0]), paths)
    np.testing.assert_allclose(to_np(eager[1]), scores, rtol=1e-6)


@pytest.mark.skipif(not ON_JAX, reason="jax.jit tracing applies to the jax engine")
@pytest.mark.parametrize("merge_repeated", [True, False])
def test_greedy_under_jit_equals_eager(merge_repeated):
    import jax

    logits = np.round(np.random.uniform(-2, 2, size=(2, 6, 3))).astype("float32")
    lengths = np.array([6, 3], "int32")
    eager = ops.ctc_decode(logits, lengths, merge_repeated=merge_repeated)
    jitted = jax.jit(lambda x, n: ops.ctc_decode(x, n, merge_repeated=merge_repeated))(
        logits, lengths
    )
    np.testing.assert_array_equal(to_np(jitted[0]), to_np(eager[0]))
    np.testing.assert_array_equal(to_np(jitted[1]), to_np(eager[1]))


@pytest.mark.skipif(not ON_TENSORFLOW, reason="tf.function applies to the tensorflow engine")
@pytest.mark.parametrize("strategy", ["greedy", "beam_search"])
def test_ctc_decode_inside_tf_function_equals_eager(strategy):
    tf = pytest.importorskip("tensorflow")

    logits = np.random.uniform(-2, 2, size=(2, 5, 4)).astype("float32")
    lengths = np.array([5, 3], "int32")
    kwargs = dict(strategy=strategy, beam_width=8, top_paths=2)
    eager = ops.ctc_decode(logits, lengths, **kwargs)
    graph = tf.function(lambda x, n: ops.ctc_decode(x, n, **kwargs))(logits, lengths)
    np.testing.assert_array_equal(to_np(graph[0]), to_np(eager[0]))
    np.testing.assert_allclose(to_np(graph[1]), to_np(eager[1]), rtol=1e-6)
