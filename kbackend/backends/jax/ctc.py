"""Fixed-shape CTC prefix beam search, traceable by ``jax.jit``.

Note [fixed-shape beam]
-----------------------
The classic prefix beam search keeps a dict ``prefix -> (log p ending in blank, log p ending
in a label)``. Here the beam is ``beam`` slots of arrays: the prefix tokens ``(beam, T)``
padded with -1, their lengths, the two log-probabilities and a validity flag. One
``lax.scan`` step builds every candidate at once — each beam staying as it is (slots
``0..beam-1``) and each beam extended by each label (``beam + i * classes + c``) — merges
the extension ``P_i + c`` into the staying beam ``P_j`` when ``P_j == P_i + c``, and keeps the
best ``beam`` candidates.

Finding ``P_j == P_i + c`` exactly without comparing whole prefixes: the step also carries
``ancestor[k, l]`` = "``P_k`` is a prefix of ``P_l``" (all beams are distinct). Then ``P_l``
is ``P_k`` plus one token iff ``ancestor[k, l]`` and ``len_l == len_k + 1``. For the next beam
(new beam ``k`` taken from old beam ``a`` with optional token ``c``, ``l`` from ``b``):
a staying ``k`` is a prefix of ``l`` iff ``P_a`` is a prefix of ``P_b``; an extension
``P_a + c`` is a prefix of ``l`` iff ``P_a`` is a proper prefix of ``P_b`` whose next token is
``c`` (or ``k == l``). The other possibilities would be a duplicate that was merged away, so
the update is exact and costs O(beam^2) per step instead of O(beam^2 * T).

The result equals the eager dict version, ties included: candidates are ranked by
(invalid, -log p, position at which the dict version first inserted that prefix), which is
the order its stable ``sorted`` gives, and the log-sum-exp is computed the same way
(``m + log(exp(a - m) + exp(b - m))``) in float64.
"""

import functools

import jax
import jax.numpy as jnp

_NEG_INF = -jnp.inf


def _logaddexp(a, b):
    # Same formula as the eager dict version so that rankings agree to the last bit
    # wherever exp/log agree.
    m = jnp.maximum(a, b)
    safe = jnp.where(m == _NEG_INF, 0.0, m)
    out = safe + jnp.log(jnp.exp(a - safe) + jnp.exp(b - safe))
    return jnp.where(m == _NEG_INF, _NEG_INF, out)


def _beam_slots(beam_width, max_time, num_labels):
    # More slots than distinct prefixes of length <= max_time can never be filled; fewer
    # slots keep the O(beam^2) parts small on short inputs without changing any result.
    bound, level = 1, 1
    for _ in range(max_time):
        if bound >= beam_width:
            break
        level *= num_labels
        bound += level
    return max(1, min(int(beam_width), bound))


def _beam_search_one(log_probs, length, beam, mask_index):
    max_time, num_classes = log_probs.shape
    slots = jnp.arange(beam)
    classes = jnp.arange(num_classes)
    positions = jnp.arange(max_time)
    stride = num_classes + 1

    prefix = jnp.full((beam, max_time), -1, "int32")
    prefix_length = jnp.zeros((beam,), "int32")
    log_blank = jnp.full((beam,), _NEG_INF, log_probs.dtype).at[0].set(0.0)
    log_label = jnp.full((beam,), _NEG_INF, log_probs.dtype)
    valid = slots == 0
    ancestor = jnp.zeros((beam, beam), bool).at[0, 0].set(True)
    init = (prefix, prefix_length, log_blank, log_label, valid, ancestor)

    def step(state, inputs):
        row, t = inputs
        prefix, prefix_length, log_blank, log_label, valid, ancestor = state
        total = _logaddexp(log_blank, log_label)
        last_position = jnp.maximum(prefix_length - 1, 0)
        last = jnp.take_along_axis(prefix, last_position[:, None], axis=1)[:, 0]
        last = jnp.where(prefix_length > 0, last, -1)
        safe_last = jnp.maximum(last, 0)

        # child[i, j]: P_j == P_i + (last_j,).
        child = ancestor & (prefix_length[None, :] == prefix_length[:, None] + 1)
        has_parent = jnp.any(child, axis=0)
        parent = jnp.argmax(child, axis=0)

        extend = jnp.where(last[:, None] == classes[None, :], log_blank[:, None],
                           total[:, None]) + row[None, :]
        from_parent = jnp.where(has_parent, extend[parent, safe_last], _NEG_INF)
        repeat = jnp.where(prefix_length > 0, log_label + row[safe_last], _NEG_INF)
        stay_blank = total + row[mask_index]
        stay_label = _logaddexp(repeat, from_parent)
        stay_key = jnp.where(
            has_parent & (parent < slots), parent * stride + 1 + last, slots * stride
        )

        merged = jnp.zeros((beam, num_classes), bool).at[
            jnp.where(has_parent, parent, beam), safe_last
        ].set(True, mode="drop")
        extend_valid = valid[:, None] & (classes != mask_index)[None, :] & ~merged
        extend_key = slots[:, None] * stride + 1 + classes[None, :]

        cand_blank = jnp.concatenate(
            [stay_blank, jnp.full((beam * num_classes,), _NEG_INF, row.dtype)]
        )
        cand_label = jnp.concatenate([stay_label, extend.reshape(-1)])
        cand_valid = jnp.concatenate([valid, extend_valid.reshape(-1)])
        cand_key = jnp.concatenate([stay_key, extend_key.reshape(-1)])
        score = _logaddexp(cand_blank, cand_label)
        *_, order = jax.lax.sort(
            (
                (~cand_valid).astype("int32"),
                -score,
                cand_key,
                jnp.arange(cand_key.shape[0]),
            ),
            num_keys=3,
        )
        chosen = order[:beam]

        is_extension = chosen >= beam
        offset = chosen - beam
        source = jnp.where(is_extension, offset // num_classes, chosen)
        token = jnp.where(is_extension, offset % num_classes, -1).astype("int32")
        new_valid = cand_valid[chosen]
        source_length = prefix_length[source]
        new_prefix = prefix[source]
        new_prefix = jnp.where(
            is_extension[:, None] & (positions[None, :] == source_length[:, None]),
            token[:, None],
            new_prefix,
        )
        new_prefix = jnp.where(new_valid[:, None], new_prefix, -1)
        new_length = jnp.where(new_valid, source_length + is_extension, 0).astype("int32")
        new_blank = jnp.where(new_valid, cand_blank[chosen], _NEG_INF)
        new_label = jnp.where(new_valid, cand_label[chosen], _NEG_INF)

        # ancestor update (Note [fixed-shape beam]); rows k, columns l.
        old = ancestor[source][:, source]
        next_token = jnp.take(
            prefix[source], jnp.minimum(source_length, max_time - 1), axis=1
        ).T
        extended_prefix = (
            old
            & (source_length[None, :] > source_length[:, None])
            & (next_token == token[:, None])
        )
        new_ancestor = jnp.where(is_extension[:, None], extended_prefix, old)
        new_ancestor = (new_ancestor | jnp.eye(beam, dtype=bool)) & (
            new_valid[:, None] & new_valid[None, :]
        )

        new_state = (new_prefix, new_length, new_blank, new_label, new_valid, new_ancestor)
        active = t < length
        state = jax.tree_util.tree_map(
            lambda new, current: jnp.where(active, new, current), new_state, state
        )
        return state, None

    times = jnp.arange(max_time, dtype="int32")
    (prefix, _, log_blank, log_label, valid, _), _ = jax.lax.scan(
        step, init, (log_probs, times)
    )
    return prefix, _logaddexp(log_blank, log_label), valid


@functools.partial(jax.jit, static_argnums=(3, 4))
def _beam_search(log_probs, sequence_lengths, mask_index, beam, top_paths):
    # NOTE: jitted so that an eager call compiles once per shape instead of dispatching
    # every op of the scan (an outer jit simply inlines it); mask_index is traced so that
    # it costs no recompilation.
    batch, max_time, _ = log_probs.shape
    prefix, scores, valid = jax.vmap(
        lambda lp, n: _beam_search_one(lp, n, beam, mask_index)
    )(log_probs, sequence_lengths)
    kept = min(top_paths, beam)
    # A labeling of probability zero (an empty slot, or a prefix no alignment reaches) is
    # not found: all -1 with score -inf. Such slots rank last, so the found ones stay first.
    found = valid[:, :kept] & (scores[:, :kept] > _NEG_INF)
    paths = jnp.where(found[:, :, None], prefix[:, :kept], -1)
    scores = jnp.where(found, scores[:, :kept], _NEG_INF)
    if kept < top_paths:
        paths = jnp.concatenate(
            [paths, jnp.full((batch, top_paths - kept, max_time), -1, "int32")], axis=1
        )
        scores = jnp.concatenate(
            [scores, jnp.full((batch, top_paths - kept), _NEG_INF, "float64")], 1
        )
    return jnp.moveaxis(paths, 1, 0), scores


def ctc_beam_search(log_probs, sequence_lengths, beam_width, top_paths, mask_index):
    """Prefix beam search over ``(batch, T, classes)`` log-probabilities.

    Returns int32 paths ``(top_paths, batch, T)`` padded with -1 and float64 log-probabilities
    ``(batch, top_paths)``; a path beyond the labelings of nonzero probability found is all
    -1 with score -inf, as on every engine. Traceable (Note [fixed-shape beam]).
    """
    log_probs = jnp.asarray(log_probs).astype("float64")
    sequence_lengths = jnp.asarray(sequence_lengths).astype("int32").reshape(-1)
    _, max_time, num_classes = log_probs.shape
    if int(beam_width) < 1 or int(top_paths) < 1:
        raise ValueError(
            "ctc_decode: beam_width and top_paths must be positive, got "
            f"beam_width={beam_width}, top_paths={top_paths}."
        )
    mask_index = jnp.asarray(int(mask_index) % num_classes, "int32")
    beam = _beam_slots(beam_width, max_time, num_classes - 1)
    return _beam_search(log_probs, sequence_lengths, mask_index, beam, int(top_paths))
