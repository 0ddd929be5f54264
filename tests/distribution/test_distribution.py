"""kbackend.distribution in one process: meshes, layouts, layout maps, global state."""

import numpy as np
import pytest

import kbackend
from kbackend import backends, distribution, layers

ENGINE = backends.distribution_lib()
model_parallel = pytest.mark.skipif(
    not ENGINE.SUPPORTS_MODEL_PARALLEL, reason="the engine has no ModelParallel")


def test_list_devices_has_the_cpu():
    assert "cpu:0" in distribution.list_devices("cpu")
    assert distribution.get_device_count("cpu") == len(distribution.list_devices("cpu"))
    assert distribution.list_devices()  # the preferred kind always has a device


def test_device_mesh_checks_its_arguments():
    mesh = distribution.DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    assert mesh.devices.shape == (1,)
    with pytest.raises(ValueError, match="needs 2 devices"):
        distribution.DeviceMesh((2,), ["batch"], devices=["cpu:0"])
    with pytest.raises(ValueError, match="one name per axis"):
        distribution.DeviceMesh((1,), ["batch", "model"], devices=["cpu:0"])


def test_tensor_layout_checks_axis_names():
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    layout = distribution.TensorLayout((None, "model"), mesh)
    assert layout.device_mesh is mesh
    with pytest.raises(ValueError, match="axis names are"):
        distribution.TensorLayout(("data",), mesh)


def test_layout_map_matches_paths_by_regex():
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    layout_map = distribution.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")
    layout_map["dense.*bias"] = distribution.TensorLayout(("model",))
    assert layout_map["sequential/dense_3/kernel"].axes == (None, "model")
    assert layout_map["sequential/dense/bias"].device_mesh is mesh
    assert layout_map["conv/kernel"] is None
    assert len(layout_map) == 2
    layout_map["dense.*"] = (None,)
    with pytest.raises(ValueError, match="several LayoutMap keys"):
        layout_map["dense/bias"]
    with pytest.raises(TypeError, match="TensorLayout"):
        layout_map["other"] = "model"


def test_scope_and_set_distribution_restore_the_previous_one():
    assert distribution.distribution() is None
    data_parallel = distribution.DataParallel(devices=["cpu:0"])
    with data_parallel.scope():
        assert distribution.distribution() is data_parallel
    assert distribution.distribution() is None
    distribution.set_distribution(data_parallel)
    try:
        assert distribution.distribution() is data_parallel
    finally:
        distribution.set_distribution(None)
    with pytest.raises(TypeError, match="Distribution or None"):
        distribution.set_distribution("data_parallel")


def test_data_parallel_layouts():
    data_parallel = distribution.DataParallel(devices=["cpu:0"])
    assert data_parallel.get_data_layout((8, 3)).axes == ("batch", None)
    variable = kbackend.Variable(np.zeros((2, 3)), name="kernel")
    assert data_parallel.get_variable_layout(variable).axes == (None, None)


def test_unknown_devices_are_a_clear_error():
    with pytest.raises(ValueError, match="cpu:0|processes"):
        distribution.DataParallel(devices=["cpu:0", "cpu:99"])


def test_distribute_tensor_replicated_keeps_values():
    mesh = distribution.DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    x = np.arange(6.0).reshape(2, 3)
    out = distribution.distribute_tensor(x, distribution.TensorLayout((None, None), mesh))
    np.testing.assert_array_equal(kbackend.ops.convert_to_numpy(out), x)
    with pytest.raises(ValueError, match="device mesh"):
        distribution.distribute_tensor(x, distribution.TensorLayout((None, None)))


def _mlp():
    kbackend.utils.set_random_seed(3)
    model = kbackend.Sequential(
        [layers.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    return model


@pytest.mark.requires_trainable_backend
def test_one_device_data_parallel_fit_matches_plain_fit():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    reference = _mlp()
    reference.fit(x, y, batch_size=4, shuffle=False, verbose=0)
    with distribution.DataParallel(devices=["cpu:0"]).scope():
        model = _mlp()
    model.fit(x, y, batch_size=4, shuffle=False, verbose=0)
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(model.predict(x, verbose=0), reference.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


def test_one_device_data_parallel_predicts():
    model = _mlp()
    x = np.ones((4, 3), "float32")
    want = model.predict(x, verbose=0)
    with distribution.DataParallel(devices=["cpu:0"]).scope():
        distributed = _mlp()
    np.testing.assert_allclose(distributed.predict(x, verbose=0), want, rtol=1e-6)


@model_parallel
def test_model_parallel_on_a_one_device_mesh():
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    layout_map = distribution.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")
    parallel = distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    with parallel.scope():
        model = _mlp()
    kernel = model.layers[0].kernel
    assert parallel.get_variable_layout(kernel).axes == (None, "model")
    x = np.ones((4, 3), "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), _mlp().predict(x, verbose=0),
                               rtol=1e-6)


@pytest.mark.skipif(ENGINE.SUPPORTS_MODEL_PARALLEL, reason="the engine has ModelParallel")
def test_model_parallel_is_a_clear_error_elsewhere():
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    layout_map = distribution.LayoutMap(mesh)
    with pytest.raises(ValueError, match="ModelParallel|one device"):
        distribution.ModelParallel(layout_map=layout_map)


@pytest.mark.skipif(ENGINE.SIMULATED_DEVICES is not None, reason="a multi-device engine")
def test_single_device_engine():
    assert distribution.list_devices() == ["cpu:0"]
    assert distribution.list_devices("gpu") == []
    with pytest.raises(ValueError, match="one process"):
        distribution.initialize("localhost:1234", 2, 0)
