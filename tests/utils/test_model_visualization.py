import shutil

import pytest

import kbackend as keras
from kbackend import layers, ops

pytest.importorskip("pydot")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def _model():
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    return keras.Model([a, b], layers.Dense(2, activation="relu", name="head")(ops.add(a, b)))


def test_model_to_dot_has_every_operation_and_edge():
    dot = keras.utils.model_to_dot(_model(), show_shapes=True, show_dtype=True,
                                   show_layer_activations=True)
    labels = " ".join(node.get_label() or "" for node in dot.get_nodes())
    assert "a (InputLayer)" in labels and "head (Dense)" in labels
    assert "Output shape: (None, 2)" in labels and "Activation: relu" in labels
    assert len(dot.get_edges()) == 3


@needs_dot
def test_plot_model_writes_an_image(tmp_path):
    target = tmp_path / "plots" / "model.png"
    keras.utils.plot_model(_model(), str(target), show_shapes=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.png"]


def test_subclassed_model_is_a_clear_error():
    class Sub(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="subclassed or unbuilt"):
        keras.utils.model_to_dot(Sub())
