"""kbackend.layers.TorchModuleWrapper (KBACKEND=torch only)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kbackend as keras  # noqa: E402
from kbackend import layers  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("TorchModuleWrapper needs KBACKEND=torch", allow_module_level=True)


def _native():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(3, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 1)
    )


def _wrapped_model():
    inputs = keras.Input((3,))
    # NOTE: no output_shape: the wrapper infers it on the "meta" device.
    outputs = layers.TorchModuleWrapper(_native())(inputs)
    return keras.Model(inputs, layers.Dense(1)(outputs))


def _data():
    x = np.random.rand(32, 3).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


def test_output_shape_inferred_and_weights_shared():
    model = _wrapped_model()
    assert model.output_shape == (None, 1)
    wrapper = model.layers[1]
    module = wrapper.module
    # Parameters train; BatchNorm's statistics are non-trainable weights.
    assert len(wrapper.trainable_weights) == 6
    assert len(wrapper.non_trainable_weights) == 3
    native_parameters = {id(p) for p in module.parameters()}
    assert native_parameters == {id(v.value) for v in wrapper.trainable_weights}
    # Each tensor appears once in the state dict, under the module's own keys.
    keys = list(model.state_dict())
    assert "_graph_layers_1.module.0.weight" in keys
    assert len(keys) == len(set(keys)) == len(model.weights)


def test_trains_in_fit_and_round_trips_through_save(tmp_path):
    model = _wrapped_model()
    x, y = _data()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    kernel_before = model.layers[1].module[0].weight.detach().clone()
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert not torch.equal(kernel_before, model.layers[1].module[0].weight)

    path = str(tmp_path / "wrapped.keras")
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(path)
    restored = keras.saving.load_model(path, safe_mode=False)
    np.testing.assert_allclose(
        restored.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6
    )
    restored.fit(x, y, batch_size=8, epochs=1, verbose=0)


def test_training_argument_sets_module_mode():
    wrapper = layers.TorchModuleWrapper(torch.nn.Dropout(0.5))
    x = torch.ones(4, 16)
    wrapper(x, training=False)
    assert not wrapper.module.training
    torch.testing.assert_close(wrapper(x), x)
    wrapper(x, training=True)
    assert wrapper.module.training


def test_rejects_non_modules_and_lazy_modules():
    with pytest.raises(TypeError, match="torch.nn.Module"):
        layers.TorchModuleWrapper(lambda x: x)
    with pytest.raises(ValueError, match="lazy"):
        layers.TorchModuleWrapper(torch.nn.LazyLinear(2))


def test_explicit_output_shape():
    inputs = keras.Input((3,))
    wrapper = layers.TorchModuleWrapper(torch.nn.Linear(3, 5), output_shape=(None, 5))
    assert wrapper(inputs).shape == (None, 5)
    config = wrapper.get_config()
    assert config["output_shape"] == [None, 5]
