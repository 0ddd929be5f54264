"""kbackend layers and models as ``torch.nn.Module``s (KBACKEND=torch only)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kbackend as keras  # noqa: E402
from kbackend import layers  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("torch nn.Module interop needs KBACKEND=torch", allow_module_level=True)


def _mlp(dropout=0.0):
    return keras.Sequential([
        keras.Input((4,)),
        layers.Dense(3, activation="relu"),
        layers.Dropout(dropout),
        layers.Dense(1),
    ])


def _functional():
    inputs = keras.Input((4,))
    x = layers.Dense(3)(inputs)
    x = layers.BatchNormalization()(x)
    return keras.Model(inputs, layers.Dense(2)(x))


class _Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.first = layers.Dense(3)
        self.blocks = [layers.Dense(3), layers.Dense(2)]

    def call(self, x):
        x = self.first(x)
        for block in self.blocks:
            x = block(x)
        return x


def _subclassed():
    model = _Subclassed()
    model(np.zeros((1, 4), "float32"))
    return model


@pytest.mark.parametrize("make", [_mlp, _functional, _subclassed])
def test_state_dict_keys_are_structural_and_round_trip(make):
    source = make()
    keys = list(source.state_dict())
    for _ in range(3):  # NOTE: shifts every global auto-name (dense_7 ...).
        layers.Dense(2)(np.zeros((1, 4), "float32"))
    fresh = make()
    assert list(fresh.state_dict()) == keys
    assert not any("dense" in key for key in keys), keys
    fresh.load_state_dict(source.state_dict())
    x = np.random.rand(5, 4).astype("float32")
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(fresh(x)), keras.ops.convert_to_numpy(source(x)),
        rtol=1e-6,
    )


def test_parameters_are_the_variables():
    model = _functional()
    parameters = dict(model.named_parameters())
    assert len(parameters) == len(model.weights)
    assert {id(p) for p in parameters.values()} == {id(v.value) for v in model.weights}
    trainable = [p for p in model.parameters() if p.requires_grad]
    assert {id(p) for p in trainable} == {id(v.value) for v in model.trainable_weights}


def test_nested_in_a_user_module_and_to_device():
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = _mlp()
            self.head = torch.nn.Linear(1, 2)

        def forward(self, x):
            return self.head(self.body(x))

    net = Net().to("cpu")
    assert "body.layer_0.kernel" in net.state_dict()
    assert net(torch.ones(2, 4)).shape == (2, 2)


def _dropout_model():
    return keras.Sequential([keras.Input((4,)), layers.Dense(4), layers.Dropout(0.5)])


def test_eval_and_train_select_dropout_mode():
    model = _dropout_model()
    x = torch.rand(64, 4) + 1.0
    # Before train()/eval(): the Keras default (inference).
    torch.testing.assert_close(model(x), model(x))
    model.train()
    assert not torch.equal(model(x), model(x))
    model.eval()
    torch.testing.assert_close(model(x), model(x))
    assert not torch.equal(model(x, training=True), model(x, training=True))
    # A kbackend model inside a user's module follows the outer module's mode.
    outer = torch.nn.Sequential(_dropout_model())
    outer.train()
    assert not torch.equal(outer(x), outer(x))
    outer.eval()
    torch.testing.assert_close(outer(x), outer(x))


def test_functional_call_substitutes_parameters():
    model = _functional()
    x = torch.rand(3, 4)
    expected = model(x)
    kernel_key = "_graph_layers_3.kernel"
    assert kernel_key in dict(model.named_parameters())
    substituted = {kernel_key: torch.zeros(3, 2, requires_grad=True)}
    out = torch.func.functional_call(model, substituted, (x,))
    bias = model.state_dict()["_graph_layers_3.bias"]
    torch.testing.assert_close(out, bias.expand(3, 2))
    out.sum().backward()
    assert substituted[kernel_key].grad is not None
    torch.testing.assert_close(model(x), expected)  # originals restored


def test_autocast_bfloat16_runs():
    model = _mlp()
    x = torch.rand(4, 4)
    expected = model(x)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = model(x)
    torch.testing.assert_close(out.float(), expected, rtol=5e-2, atol=5e-2)


@pytest.mark.filterwarnings("ignore::UserWarning:torch._dynamo.*")
def test_torch_compile_matches_eager():
    # NOTE: backend="aot_eager": on 2 shared CPU cores dynamo tracing alone takes ~30 s
    # and inductor's C++ build adds more; the traced graph is what this test checks.
    layer = layers.Dense(2)
    x = torch.rand(3, 4)
    expected = layer(x)
    compiled = torch.compile(layer, backend="aot_eager")
    torch.testing.assert_close(compiled(x), expected)


def test_native_adam_loop_matches_fit():
    keras.utils.set_random_seed(0)
    x = np.random.rand(32, 4).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")).astype("float32")
    fitted, native = _mlp(), _mlp()
    native.set_weights(fitted.get_weights())

    fitted.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    fitted.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)

    optimizer = torch.optim.Adam(
        [p for p in native.parameters() if p.requires_grad], lr=0.01, eps=1e-7
    )
    native.train()
    for _ in range(2):
        for start in range(0, 32, 8):
            optimizer.zero_grad()
            prediction = native(torch.from_numpy(x[start:start + 8]))
            loss = ((prediction - torch.from_numpy(y[start:start + 8])) ** 2).mean()
            loss.backward()
            optimizer.step()

    def mse(model):
        model.eval()
        prediction = keras.ops.convert_to_numpy(model(x))
        return float(np.mean((prediction - y) ** 2))

    # NOTE: Keras's Adam adds epsilon to sqrt(v_hat) scaled by sqrt(1 - beta_2^t), torch
    # to sqrt(v_hat): with epsilon=1e-7 the two differ far below this tolerance.
    np.testing.assert_allclose(mse(native), mse(fitted), rtol=1e-4)
    for a, b in zip(native.get_weights(), fitted.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
