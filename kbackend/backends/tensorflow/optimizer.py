"""Optimizer fast paths for tensorflow: Adam's elementwise update as one XLA cluster.

Note [xla adam]: inside a traced step (``tf.function`` without XLA, the trainer's default)
the generic Adam rule is about a dozen elementwise kernels per variable, each a full pass
over memory; on the MLP benchmark they were ~20% of a CPU step. Here the same arithmetic,
in the same order (``m + (g - m) * (1 - beta_1)``, ``v + (g * g - v) * (1 - beta_2)``,
``w - m * alpha / (sqrt(v) + epsilon)``), runs in one nested ``tf.function(jit_compile=True)``
that XLA fuses into a few loops. It is safe because every operation is an exactly rounded
IEEE one that XLA evaluates as written, except that on CPU it contracts ``a * b + c`` into a
fused multiply-add (one rounding instead of two): the results agree with the generic rule
to float rounding (``tests/backends/tensorflow/test_optimizer_fast_path.py``; after a few
CNN steps the weights differ by less than jax and torch differ from each other). ``alpha``
(which needs ``pow``, where XLA's approximation could differ) is computed outside the
cluster by the generic ``Adam._alpha``. The tf kernel ``ResourceApplyAdam`` is not used:
it computes ``1 - beta_2`` in float32, which changes the update in the 5th digit.

The path is taken only while tracing a ``tf.function`` outside any ``tf.distribute``
strategy, for float32 variables whose total size makes the fusion pay for its compile time
and memory (small models keep the generic rule); everything else returns False and the
generic ``update_step`` runs.
"""

import contextlib

import tensorflow as tf

# Note [xla adam]: when the fusion pays for XLA. Using XLA at all costs ~0.1 s of compile
# and 40-65 MiB of peak resident memory (the compiler's code paged in from libtensorflow_cc,
# LLVM's heap, a thread pool; /proc smaps on the fit benchmarks), which Keras 3 does not pay
# on CPU. What it saves is the memory passes of the dozen unfused kernels, so it grows with
# the element count; the per-kernel dispatch it also saves is small. Measured with
# ``benchmarks/adam_fusion.py`` (ms per apply, fused / generic, medians, 2-core CPU): MLP
# (6 variables, 670k elements) 0.95 / 2.80, ~14% of its step; transformer (19, 162k)
# 1.08 / 1.56, LSTM (6, 161k) 0.59 / 0.83, CNN (6, 111k) 0.70 / 0.79: at most 1% of their
# steps, so they keep the generic rule and stay out of XLA (the transformer's peak memory
# during fit dropped from 904 to 813 MiB, below Keras 3's 839).
FUSE_MIN_ELEMENTS = 1 << 18


def apply_context():
    return contextlib.nullcontext()


def _can_fuse(variables):
    if not variables or not tf.inside_function() or tf.distribute.has_strategy():
        return False
    if any(v.dtype != "float32" for v in variables):
        return False
    total = 0
    for v in variables:
        size = 1
        for dim in v.shape:
            size *= dim
        total += size
    return total >= FUSE_MIN_ELEMENTS


def adam_update(optimizer, grads, variables, learning_rate):
    if not _can_fuse(variables):
        return False
    indices = [optimizer._get_variable_index(v) for v in variables]
    params = [v._value for v in variables]
    momentums = [optimizer._momentums[i]._value for i in indices]
    velocities = [optimizer._velocities[i]._value for i in indices]
    velocity_hats = (
        [optimizer._velocity_hats[i]._value for i in indices] if optimizer.amsgrad else None
    )
    alpha = optimizer._alpha(learning_rate, "float32")
    one_minus_beta_1 = tf.constant(1 - optimizer.beta_1, tf.float32)
    one_minus_beta_2 = tf.constant(1 - optimizer.beta_2, tf.float32)
    epsilon = tf.constant(optimizer.epsilon, tf.float32)

    def update(alpha, grads):
        for i, (g, w, m, v) in enumerate(zip(grads, params, momentums, velocities)):
            m.assign(m + (g - m) * one_minus_beta_1)
            v.assign(v + (tf.square(g) - v) * one_minus_beta_2)
            second = v
            if velocity_hats is not None:
                velocity_hats[i].assign(tf.maximum(velocity_hats[i], v))
                second = velocity_hats[i]
            w.assign(w - (m * alpha) / (tf.sqrt(second) + epsilon))

    # A fresh function per trace of the outer step: it is traced once, into that step.
    tf.function(update, jit_compile=True, autograph=False)(
        tf.convert_to_tensor(alpha), [tf.convert_to_tensor(g) for g in grads])
    return True


_FUSED = {"adam": adam_update}


def get_fused_update(kind):
    return _FUSED.get(kind)
