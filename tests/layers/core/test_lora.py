"""LoRA on Dense, EinsumDense and Embedding (Note [LoRA]), against NumPy references."""

import numpy as np
import pytest

import kbackend
from kbackend import layers


def _np(x):
    return kbackend.ops.convert_to_numpy(x)


def _set(variable, value):
    variable.assign(np.asarray(value, dtype="float32"))
    return np.asarray(value, dtype="float32")


def _random(rng, shape):
    return rng.standard_normal(shape).astype("float32")


def test_dense_lora_weights_and_values():
    rng = np.random.default_rng(0)
    layer = layers.Dense(3, lora_rank=2, lora_alpha=4)
    x = _random(rng, (5, 4))
    layer(x)
    assert [w.name for w in layer.trainable_weights] == ["bias", "lora_kernel_a", "lora_kernel_b"]
    assert [w.name for w in layer.non_trainable_weights] == ["kernel"]
    assert tuple(layer.lora_kernel_a.shape) == (4, 2)
    assert tuple(layer.lora_kernel_b.shape) == (2, 3)
    np.testing.assert_allclose(_np(layer(x)), x @ layer._kernel.numpy() + layer.bias.numpy(),
                               rtol=1e-5, atol=1e-5)  # b starts at zeros
    kernel = layer._kernel.numpy()
    a = _set(layer.lora_kernel_a, _random(rng, (4, 2)))
    b = _set(layer.lora_kernel_b, _random(rng, (2, 3)))
    expected = x @ (kernel + 2.0 * a @ b) + layer.bias.numpy()
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(_np(layer.kernel),
                               kernel + 2.0 * a @ b, rtol=1e-5, atol=1e-5)
    config = layer.get_config()
    assert (config["lora_rank"], config["lora_alpha"]) == (2, 4)
    clone = layers.Dense.from_config(config)
    clone.build((None, 4))
    assert clone.lora_enabled and clone.lora_alpha == 4


def test_enable_lora_after_build_and_errors():
    layer = layers.Dense(3)
    with pytest.raises(ValueError, match="not built"):
        layer.enable_lora(2)
    layer.build((None, 4))
    layer.enable_lora(2)
    assert layer.lora_alpha == 2 and layer.lora_enabled
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(2)
    constrained = layers.Dense(3, kernel_constraint="non_neg")
    constrained.build((None, 4))
    with pytest.raises(ValueError, match="constraint"):
        constrained.enable_lora(2)
    assert "lora_rank" not in layers.Dense(3).get_config()


def test_einsum_dense_lora():
    rng = np.random.default_rng(1)
    layer = layers.EinsumDense("abc,cde->abde", (4, 2, 3), bias_axes="e",
                               lora_rank=2)
    x = _random(rng, (2, 4, 5))
    layer(x)
    assert tuple(layer.lora_kernel_a.shape) == (5, 2, 2)
    assert tuple(layer.lora_kernel_b.shape) == (2, 3)
    kernel = layer._kernel.numpy()
    a = _set(layer.lora_kernel_a, _random(rng, (5, 2, 2)))
    b = _set(layer.lora_kernel_b, _random(rng, (2, 3)))
    merged = kernel + a @ b
    expected = np.einsum("abc,cde->abde", x, merged) + layer.bias.numpy()
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-4, atol=1e-4)


def test_embedding_lora():
    rng = np.random.default_rng(2)
    layer = layers.Embedding(7, 4, lora_rank=3, lora_alpha=6)
    ids = np.array([[0, 3, 6], [1, 1, 2]], dtype="int32")
    layer(ids)
    assert [w.name for w in layer.trainable_weights] == ["lora_embeddings_a",
                                                         "lora_embeddings_b"]
    table = layer._embeddings.numpy()
    a = _set(layer.lora_embeddings_a, _random(rng, (7, 3)))
    b = _set(layer.lora_embeddings_b, _random(rng, (3, 4)))
    merged = table + 2.0 * a @ b
    np.testing.assert_allclose(_np(layer(ids)), merged[ids], rtol=1e-4, atol=1e-4)


def _model(lora_rank=None):
    inputs = layers.Input((4,))
    x = layers.Dense(5, name="d1", lora_rank=lora_rank)(inputs)
    x = layers.EinsumDense("ab,bc->ac", 2, bias_axes="c", name="e1", lora_rank=lora_rank)(x)
    return kbackend.Model(inputs, x)


def test_saving_writes_the_merged_kernel(tmp_path):
    rng = np.random.default_rng(3)
    model = _model(lora_rank=2)
    for layer in model.layers[1:]:
        _set(layer.lora_kernel_a, _random(rng, tuple(layer.lora_kernel_a.shape)))
        _set(layer.lora_kernel_b, _random(rng, tuple(layer.lora_kernel_b.shape)))
    x = _random(rng, (3, 4))
    expected = model.predict(x, verbose=0)
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    plain = _model()
    plain.load_weights(path)  # only kernel and bias are stored, merged
    np.testing.assert_allclose(plain.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-4)
    again = _model(lora_rank=2)
    again.load_weights(path)
    np.testing.assert_allclose(again.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-4)
    for layer in again.layers[1:]:
        assert not np.any(layer.lora_kernel_a.numpy())
        assert not np.any(layer.lora_kernel_b.numpy())
    model.save(tmp_path / "m.keras")
    loaded = kbackend.saving.load_model(tmp_path / "m.keras")
    assert loaded.get_layer("d1").lora_enabled
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.requires_trainable_backend
def test_only_lora_weights_train():
    rng = np.random.default_rng(4)
    ids = layers.Input((3,), dtype="int32")
    x = layers.Embedding(6, 4, lora_rank=2, name="emb")(ids)
    x = layers.EinsumDense("abc,cd->abd", (3, 3), lora_rank=2, name="ein")(x)
    outputs = layers.Dense(2, lora_rank=2, use_bias=False, name="dense")(x)
    model = kbackend.Model(ids, outputs)
    model.compile(optimizer="sgd", loss="mse")
    frozen = {name: model.get_layer(name).non_trainable_weights[0].numpy().copy()
              for name in ("emb", "ein", "dense")}
    assert len(model.trainable_weights) == 6
    data = rng.integers(0, 6, (8, 3)).astype("int32")
    target = _random(rng, (8, 3, 2))
    model.fit(data, target, epochs=2, batch_size=4, verbose=0)
    for name, before in frozen.items():
        layer = model.get_layer(name)
        np.testing.assert_array_equal(layer.non_trainable_weights[0].numpy(), before)
        factor_b = layer.trainable_weights[-1].numpy()
        assert np.any(factor_b), f"{name}: the LoRA factor b did not train"
