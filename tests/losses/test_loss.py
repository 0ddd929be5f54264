"""The Loss base class: reductions, sample weights, masks, dtypes, shapes, wrapper, config."""

import numpy as np
import pytest

from kbackend import backends, dtype_policies, losses, ops
from kbackend.backends.common.masking import set_keras_mask
from kbackend.saving import register_keras_serializable

from ._helpers import assert_close, to_np

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(3)

Y_TRUE = RNG.uniform(-1, 1, (4, 3)).astype("float32")
Y_PRED = RNG.uniform(-1, 1, (4, 3)).astype("float32")
PER_SAMPLE = ((Y_TRUE - Y_PRED) ** 2).mean(-1)
WEIGHTS = np.array([0.5, 2.0, 0.0, 1.0], "float32")


@pytest.mark.parametrize(
    "reduction, expected",
    [
        ("sum_over_batch_size", (PER_SAMPLE * WEIGHTS).sum() / 4),
        ("mean", (PER_SAMPLE * WEIGHTS).sum() / 4),
        ("sum", (PER_SAMPLE * WEIGHTS).sum()),
        ("mean_with_sample_weight", (PER_SAMPLE * WEIGHTS).sum() / WEIGHTS.sum()),
        ("none", PER_SAMPLE * WEIGHTS),
        (None, PER_SAMPLE * WEIGHTS),
    ],
)
def test_reductions_with_sample_weight(reduction, expected):
    loss = losses.MeanSquaredError(reduction=reduction)
    assert_close(loss(Y_TRUE, Y_PRED, sample_weight=WEIGHTS), expected)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_reductions_without_sample_weight(reduction):
    expected = PER_SAMPLE.sum() if reduction == "sum" else PER_SAMPLE.mean()
    assert_close(losses.MeanSquaredError(reduction=reduction)(Y_TRUE, Y_PRED), expected)


@pytest.mark.parametrize("weights", [WEIGHTS[:, None], 0.5])
def test_sample_weight_shapes(weights):
    expected = (PER_SAMPLE * np.reshape(weights, (-1,))).mean()
    assert_close(losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=weights), expected)


def test_per_sample_weight_broadcasts_over_timesteps():
    y_true = RNG.uniform(size=(2, 3, 4)).astype("float32")
    y_pred = RNG.uniform(size=(2, 3, 4)).astype("float32")
    weights = np.array([1.0, 3.0], "float32")
    values = ((y_true - y_pred) ** 2).mean(-1) * weights[:, None]
    assert_close(losses.MeanSquaredError()(y_true, y_pred, sample_weight=weights),
                 values.mean())
    timestep_weights = RNG.uniform(size=(2, 3)).astype("float32")
    values = ((y_true - y_pred) ** 2).mean(-1) * timestep_weights
    assert_close(losses.MeanSquaredError(reduction="sum")(y_true, y_pred, timestep_weights),
                 values.sum())


def test_incompatible_sample_weight_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(4,\)|\(4,\).*\(3,\)"):
        losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=np.ones(3, "float32"))


def _masked_pred(mask):
    # NOTE: a copy, so that the mask is not attached to the shared array itself.
    y_pred = ops.convert_to_tensor(Y_PRED.copy())
    set_keras_mask(y_pred, ops.convert_to_tensor(mask))
    return y_pred


MASK = np.array([True, False, True, True])


@pytest.mark.parametrize(
    "reduction, expected",
    [
        ("sum_over_batch_size", PER_SAMPLE[MASK].mean()),
        ("mean", PER_SAMPLE[MASK].mean()),
        ("sum", PER_SAMPLE[MASK].sum()),
        ("mean_with_sample_weight", PER_SAMPLE[MASK].mean()),
        ("none", np.where(MASK, PER_SAMPLE, 0.0)),
    ],
)
def test_mask_on_y_pred(reduction, expected):
    loss = losses.MeanSquaredError(reduction=reduction)
    assert_close(loss(Y_TRUE, _masked_pred(MASK)), expected)


def test_mask_combined_with_sample_weight():
    weights = MASK * WEIGHTS
    expected = (PER_SAMPLE * weights).sum() / MASK.sum()
    assert_close(losses.MeanSquaredError()(Y_TRUE, _masked_pred(MASK), WEIGHTS), expected)
    loss = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    assert_close(loss(Y_TRUE, _masked_pred(MASK), WEIGHTS),
                 (PER_SAMPLE * weights).sum() / weights.sum())


def test_invalid_reduction():
    with pytest.raises(ValueError, match="reduction.*'avg'"):
        losses.MeanSquaredError(reduction="avg")


def test_rank_mismatch_by_trailing_one_is_aligned():
    y_true = np.array([1.0, 0.0, 2.0], "float32")
    y_pred = np.array([[0.5], [0.0], [1.0]], "float32")
    expected = (y_true - y_pred[:, 0]) ** 2
    assert_close(losses.MeanSquaredError(reduction=None)(y_true, y_pred), expected)
    assert_close(losses.MeanSquaredError(reduction=None)(y_pred, y_true), expected)
    assert_close(losses.mean_squared_error(y_true[:, None, None], y_pred[:, None]),
                 expected[:, None])


def test_incompatible_shapes_raise_naming_both():
    with pytest.raises(ValueError, match=r"y_true.shape=\(2, 3\).*y_pred.shape=\(2, 4\)"):
        losses.MeanSquaredError()(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(2, 4\)"):
        losses.binary_crossentropy(np.zeros((2, 3)), np.full((2, 4), 0.5))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dtype_argument(dtype):
    loss = losses.MeanAbsoluteError(dtype=dtype)
    assert loss.dtype == dtype
    result = loss(Y_TRUE.astype("float16"), Y_PRED.astype("float16"))
    assert backends.standardize_dtype(to_np(result).dtype) == dtype


def test_default_dtype_is_float32_under_mixed_policy():
    dtype_policies.set_dtype_policy("mixed_float16")
    try:
        loss = losses.MeanSquaredError()
        result = loss(Y_TRUE.astype("float16"), Y_PRED.astype("float16"))
    finally:
        dtype_policies.set_dtype_policy(None)
    assert loss.dtype == "float32"
    assert to_np(result).dtype == np.float32
    assert_close(result, PER_SAMPLE.mean(), rtol=1e-2, atol=1e-2)


def test_dtype_policy_argument_uses_compute_dtype():
    loss = losses.MeanSquaredError(dtype=dtype_policies.DTypePolicy("float64"))
    assert loss.dtype == "float64"
    config = loss.get_config()
    assert config["dtype"] == "float64"
    assert losses.MeanSquaredError.from_config(config).dtype == "float64"


def test_custom_subclass():
    class MyAbsoluteLoss(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.abs(y_true - y_pred)

    loss = MyAbsoluteLoss(reduction="sum")
    assert loss.name == "my_absolute_loss"
    assert_close(loss(Y_TRUE, Y_PRED), np.abs(Y_TRUE - Y_PRED).sum())
    assert loss.get_config() == {"name": "my_absolute_loss", "reduction": "sum", "dtype": None}
    with pytest.raises(NotImplementedError):
        losses.Loss()(Y_TRUE, Y_PRED)


def test_mask_returned_by_call_is_used():
    class PositiveOnly(losses.Loss):
        def call(self, y_true, y_pred):
            values = ops.mean(y_pred - y_true, axis=-1)
            set_keras_mask(values, values > 0)
            return values

    values = (Y_PRED - Y_TRUE).mean(-1)
    assert_close(PositiveOnly()(Y_TRUE, Y_PRED), values[values > 0].mean())


@register_keras_serializable(package="loss_tests")
def scaled_l1(y_true, y_pred, scale=1.0):
    return scale * ops.mean(ops.abs(y_true - y_pred), axis=-1)


def test_loss_function_wrapper_and_config_round_trip():
    loss = losses.LossFunctionWrapper(scaled_l1, reduction="sum", scale=3.0)
    assert loss.name == "scaled_l1"
    expected = 3.0 * np.abs(Y_TRUE - Y_PRED).mean(-1).sum()
    assert_close(loss(Y_TRUE, Y_PRED), expected)
    config = loss.get_config()
    assert config["scale"] == 3.0 and config["reduction"] == "sum"
    restored = losses.LossFunctionWrapper.from_config(config)
    assert restored.fn is scaled_l1
    assert_close(restored(Y_TRUE, Y_PRED), expected)
    restored = losses.deserialize(losses.serialize(loss))
    assert_close(restored(Y_TRUE, Y_PRED), expected)


def test_nested_structures_are_accepted():
    def two_heads(y_true, y_pred):
        return (ops.mean(ops.square(y_true["a"] - y_pred["a"]), axis=-1)
                + ops.mean(ops.abs(y_true["b"] - y_pred["b"]), axis=-1))

    loss = losses.LossFunctionWrapper(two_heads)
    result = loss({"a": Y_TRUE, "b": Y_TRUE}, {"a": Y_PRED, "b": Y_PRED})
    assert_close(result, PER_SAMPLE.mean() + np.abs(Y_TRUE - Y_PRED).mean())


@pytest.mark.requires_trainable_backend
def test_gradient_flows_through_a_loss():
    from kbackend.backend import value_and_grad

    loss = losses.MeanSquaredError()
    value, grad = value_and_grad(lambda p: loss(Y_TRUE, p))(ops.convert_to_tensor(Y_PRED))
    assert_close(value, PER_SAMPLE.mean())
    assert_close(grad, 2 * (Y_PRED - Y_TRUE) / Y_TRUE.size)
