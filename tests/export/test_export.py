"""model.export → a SavedModel reloaded in plain TensorFlow, and TFSMLayer."""

import importlib.util
import os

import numpy as np
import pytest

import kbackend as keras
from kbackend import backends

CAN_EXPORT = backends.ENGINE == "tensorflow" or (
    backends.ENGINE == "jax" and importlib.util.find_spec("tensorflow") is not None
)
needs_export = pytest.mark.skipif(not CAN_EXPORT, reason="export needs tensorflow or jax+tf")


def _model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(2),
    ])


def _export(model, tmp_path, **kwargs):
    path = os.path.join(tmp_path, "exported")
    model.export(path, verbose=False, **kwargs)
    return path


@needs_export
def test_export_reloads_in_plain_tensorflow(tmp_path):
    tf = pytest.importorskip("tensorflow")
    model = _model()
    x = np.random.rand(5, 3).astype("float32")
    path = _export(model, tmp_path)
    reloaded = tf.saved_model.load(path)
    np.testing.assert_allclose(reloaded.serve(x).numpy(), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


@needs_export
def test_export_has_a_dynamic_batch_dim(tmp_path):
    tf = pytest.importorskip("tensorflow")
    model = _model()
    reloaded = tf.saved_model.load(_export(model, tmp_path))
    for n in (1, 4):
        x = np.random.rand(n, 3).astype("float32")
        np.testing.assert_allclose(reloaded.serve(x).numpy(), model.predict(x, verbose=0),
                                   rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(backends.ENGINE != "tensorflow", reason="TFSMLayer needs tensorflow")
def test_tfsm_layer_inside_a_functional_model(tmp_path):
    model = _model()
    path = _export(model, tmp_path)
    x = np.random.rand(4, 3).astype("float32")
    inputs = keras.Input((3,))
    features = keras.layers.TFSMLayer(path, call_endpoint="serve")(inputs)
    outer = keras.Model(inputs, keras.layers.Dense(1)(features))
    assert outer.output.shape == (None, 1)
    np.testing.assert_allclose(outer.layers[1](x), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    signature_layer = keras.layers.TFSMLayer(path, call_endpoint="serving_default")
    np.testing.assert_allclose(signature_layer(x), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="no endpoint"):
        keras.layers.TFSMLayer(path, call_endpoint="nope")


def test_unsupported_format_and_engine_errors(tmp_path):
    model = _model()
    with pytest.raises(ValueError, match="onnx"):
        model.export(os.path.join(tmp_path, "m"), format="onnx")
    if not CAN_EXPORT:
        with pytest.raises(ValueError, match="tensorflow"):
            model.export(os.path.join(tmp_path, "m"))


@pytest.mark.skipif(backends.ENGINE == "tensorflow", reason="stub only off tensorflow")
def test_tfsm_layer_stub_names_the_engine():
    with pytest.raises(ValueError, match="KBACKEND=tensorflow"):
        keras.layers.TFSMLayer("somewhere")
