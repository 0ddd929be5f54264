"""run_layer_test: one call checks a layer the way every layer must behave.

It builds the layer, checks eager and symbolic output shapes and dtypes, the number of
weights, the config round trip (same outputs after copying weights), serialization through
`kbackend.saving`, and — on engines that can train — that one gradient step changes the
trainable weights.
"""

import numpy as np

from kbackend import backends, ops, tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.saving import serialization_lib


def _random_input(shape, dtype, rng):
    if dtype.startswith("int") or dtype.startswith("uint"):
        return rng.integers(0, 5, size=shape).astype(dtype)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    return rng.standard_normal(shape).astype(dtype)


def run_layer_test(layer_cls, init_kwargs=None, input_shape=None, input_dtype="float32",
                   input_data=None, expected_output_shape=None, expected_output_dtype=None,
                   expected_num_trainable_weights=None, expected_num_non_trainable_weights=None,
                   expected_output=None, call_kwargs=None, run_training_check=True,
                   run_symbolic_check=True, custom_objects=None, rtol=1e-5, atol=1e-5):
    """Builds and checks a layer; returns the layer and its eager output.

    Args:
        layer_cls: the Layer class.
        init_kwargs: constructor arguments.
        input_shape: shape of a random input (or a list of shapes for several inputs).
        input_dtype: dtype of the random input(s).
        input_data: explicit input(s) instead of random ones.
        expected_output_shape: the output shape (a tuple, or a structure of tuples).
        expected_output_dtype: the output dtype.
        expected_num_trainable_weights / expected_num_non_trainable_weights: weight counts.
        expected_output: exact values to compare with.
        call_kwargs: extra call arguments.
        run_training_check: on trainable engines, check that gradients update weights.
        run_symbolic_check: call the layer on KerasTensors and compare shapes/dtypes.

    Returns:
        ``(layer, output)``.

    Example:
    >>> from kbackend import layers
    >>> layer, out = run_layer_test(layers.Dense, {"units": 3}, input_shape=(2, 4),
    ...                             expected_output_shape=(2, 3),
    ...                             expected_num_trainable_weights=2)
    """
    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    rng = np.random.default_rng(0)
    if input_data is None:
        if isinstance(input_shape, list):
            input_data = [_random_input(s, input_dtype, rng) for s in input_shape]
        else:
            input_data = _random_input(input_shape, input_dtype, rng)
    layer = layer_cls(**init_kwargs)
    output = layer(input_data, **call_kwargs)
    output_shapes = tree.map_structure(lambda x: tuple(ops.shape(x)), output)
    if expected_output_shape is not None:
        assert_equal(output_shapes, expected_output_shape, "eager output shape", layer)
    if expected_output_dtype is not None:
        dtypes_ = [ops.dtype(x) for x in tree.flatten(output)]
        assert_equal(dtypes_[0], expected_output_dtype, "output dtype", layer)
    if expected_num_trainable_weights is not None:
        assert_equal(len(layer.trainable_weights), expected_num_trainable_weights,
                     "number of trainable weights", layer)
    if expected_num_non_trainable_weights is not None:
        assert_equal(len(layer.non_trainable_weights), expected_num_non_trainable_weights,
                     "number of non-trainable weights", layer)
    if expected_output is not None:
        np.testing.assert_allclose(
            ops.convert_to_numpy(output), expected_output, rtol=rtol, atol=atol)

    if run_symbolic_check:
        symbolic_layer = layer_cls(**init_kwargs)
        symbolic_inputs = tree.map_structure(
            lambda x: KerasTensor((None,) + tuple(np.shape(x))[1:],
                                  dtype=ops.dtype(ops.convert_to_tensor(x))), input_data)
        symbolic_output = symbolic_layer(symbolic_inputs, **call_kwargs)
        flat_eager = [tuple(ops.shape(x)) for x in tree.flatten(output)]
        flat_symbolic = [x.shape for x in tree.flatten(symbolic_output)]
        for eager, symbolic in zip(flat_eager, flat_symbolic):
            if symbolic[1:] != tuple(eager[1:]) and None not in symbolic[1:]:
                raise AssertionError(
                    f"{layer.name}: symbolic output shape {symbolic} disagrees with eager "
                    f"shape {eager}."
                )
        flat_output = tree.flatten(output)
        for eager, symbolic in zip(flat_output, tree.flatten(symbolic_output)):
            assert_equal(symbolic.dtype, ops.dtype(eager), "symbolic output dtype", layer)

    config = serialization_lib.serialize_keras_object(layer)
    clone = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    assert_equal(type(clone), type(layer), "class after config round trip", layer)
    clone_output = clone(input_data, **call_kwargs)
    if layer.weights:
        clone.set_weights(layer.get_weights())
        clone_output = clone(input_data, **call_kwargs)
    if not call_kwargs.get("training"):
        for a, b in zip(tree.flatten(output), tree.flatten(clone_output)):
            np.testing.assert_allclose(ops.convert_to_numpy(a), ops.convert_to_numpy(b),
                                       rtol=rtol, atol=atol)

    if run_training_check and backends.CAN_TRAIN and layer.trainable_weights:
        from kbackend.backend import compute_gradients

        def loss_fn():
            result = layer(input_data, training=True, **call_kwargs)
            total = None
            for x in tree.flatten(result):
                if ops.dtype(x) in ("float16", "bfloat16", "float32", "float64"):
                    value = ops.mean(ops.square(ops.cast(x, "float32")))
                    total = value if total is None else ops.add(total, value)
            return total

        loss, grads = compute_gradients(loss_fn, layer.trainable_weights)
        if loss is not None:
            norms = [float(np.abs(ops.convert_to_numpy(g)).sum()) for g in grads]
            if not any(n > 0 for n in norms):
                raise AssertionError(f"{layer.name}: no gradient reaches any trainable weight.")
    return layer, output


def assert_equal(actual, expected, what, layer):
    if actual != expected:
        raise AssertionError(
            f"{getattr(layer, 'name', layer)}: {what} is {actual!r}, expected {expected!r}."
        )
