"""`import kbackend` loads lazily but exports every name it exported when it loaded eagerly.

The name lists below were taken from the eagerly loading modules (before lazy loading); other
engineers may add names, so the checks are "at least these".
"""

import importlib
import os
import subprocess
import sys

import pytest

import kbackend
from kbackend import layers

LAYERS_NAMES = (
    'Activation', 'ActivityRegularization', 'AdaptiveAveragePooling1D',
    'AdaptiveAveragePooling2D', 'AdaptiveAveragePooling3D', 'AdaptiveMaxPooling1D',
    'AdaptiveMaxPooling2D', 'AdaptiveMaxPooling3D', 'Add', 'AdditiveAttention', 'AlphaDropout',
    'Attention', 'Average', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
    'AvgPool1D', 'AvgPool2D', 'AvgPool3D', 'BatchNormalization', 'Bidirectional',
    'CategoryEncoding', 'CenterCrop', 'Concatenate', 'Conv1D', 'Conv1DTranspose', 'Conv2D',
    'Conv2DTranspose', 'Conv3D', 'Conv3DTranspose', 'ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D',
    'Convolution1D', 'Convolution1DTranspose', 'Convolution2D', 'Convolution2DTranspose',
    'Convolution3D', 'Convolution3DTranspose', 'Cropping1D', 'Cropping2D', 'Cropping3D',
    'Dense', 'DepthwiseConv1D', 'DepthwiseConv2D', 'Discretization', 'Dot', 'Dropout', 'ELU',
    'EinsumDense', 'Embedding', 'Flatten', 'FlaxLayer', 'GRU', 'GRUCell', 'GaussianDropout',
    'GaussianNoise', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D',
    'GlobalAveragePooling3D', 'GlobalAvgPool1D', 'GlobalAvgPool2D', 'GlobalAvgPool3D',
    'GlobalMaxPool1D', 'GlobalMaxPool2D', 'GlobalMaxPool3D', 'GlobalMaxPooling1D',
    'GlobalMaxPooling2D', 'GlobalMaxPooling3D', 'GroupNormalization', 'GroupQueryAttention',
    'GroupedQueryAttention', 'HashedCrossing', 'Hashing', 'Identity', 'Input', 'InputLayer',
    'InputSpec', 'IntegerLookup', 'JaxLayer', 'LSTM', 'LSTMCell', 'Lambda', 'Layer',
    'LayerNormalization', 'LeakyReLU', 'Masking', 'MaxPool1D', 'MaxPool2D', 'MaxPool3D',
    'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'Maximum', 'Minimum', 'MultiHeadAttention',
    'Multiply', 'Normalization', 'PReLU', 'Permute', 'RMSNormalization', 'RNN',
    'RandomBrightness', 'RandomContrast', 'RandomCrop', 'RandomFlip', 'RandomRotation',
    'RandomTranslation', 'RandomZoom', 'ReLU', 'RepeatVector', 'Rescaling', 'Reshape',
    'Resizing', 'SeparableConv1D', 'SeparableConv2D', 'SeparableConvolution1D',
    'SeparableConvolution2D', 'SimpleRNN', 'SimpleRNNCell', 'Softmax', 'SpatialDropout1D',
    'SpatialDropout2D', 'SpatialDropout3D', 'SpectralNormalization', 'StackedRNNCells',
    'StringLookup', 'Subtract', 'TFSMLayer', 'TextVectorization', 'TimeDistributed',
    'TorchModuleWrapper', 'UnitNormalization', 'UpSampling1D', 'UpSampling2D', 'UpSampling3D',
    'Wrapper', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D', 'activations', 'add',
    'attention', 'average', 'concatenate', 'convolutional', 'core', 'dot', 'experimental',
    'input_spec', 'layer', 'maximum', 'merging', 'minimum', 'multiply', 'normalization',
    'pooling', 'preprocessing', 'regularization', 'reshaping', 'rnn', 'subtract'
)

TOP_LEVEL_NAMES = (
    'Function', 'Functional', 'Input', 'InputSpec', 'KerasTensor', 'Layer', 'Model',
    'Sequential', 'StatelessScope', 'Variable', 'activations', 'backend', 'backends', 'config',
    'constraints', 'device', 'distribution', 'dtype_policies', 'export', 'initializers',
    'layers', 'models', 'name_scope', 'ops', 'random', 'regularizers', 'saving', 'trainers',
    'tree', 'utils'
)

# Classes whose public path is kbackend.layers (the rest keep their own module, e.g. Input is a
# function and the engine wrappers document their private path).
NOT_RENAMED = {"Input", "FlaxLayer", "JaxLayer", "TFSMLayer", "TorchModuleWrapper"}


def test_layers_dir_keeps_every_name():
    missing = sorted(set(LAYERS_NAMES) - set(dir(layers)))
    assert not missing, f"kbackend.layers lost names from dir(): {missing}"


@pytest.mark.parametrize("name", LAYERS_NAMES)
def test_layers_name_resolves(name):
    obj = getattr(layers, name)
    assert obj is not None
    # `from kbackend.layers import X` goes through the same module attribute lookup.
    namespace = {}
    exec(f"from kbackend.layers import {name}", namespace)
    assert namespace[name] is obj
    if isinstance(obj, type) and name not in NOT_RENAMED:
        assert obj.__module__ == "kbackend.layers", (name, obj.__module__)


def test_top_level_dir_keeps_every_name():
    missing = sorted(set(TOP_LEVEL_NAMES) - set(dir(kbackend)))
    assert not missing, f"kbackend lost names from dir(): {missing}"
    for name in TOP_LEVEL_NAMES:
        assert getattr(kbackend, name) is not None


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="NotALayer"):
        layers.NotALayer  # noqa: B018
    with pytest.raises(AttributeError, match="not_a_package"):
        kbackend.not_a_package  # noqa: B018
    assert getattr(layers, "NotALayer", None) is None


def test_public_modules_are_set():
    assert kbackend.Variable.__module__ == "kbackend"
    assert layers.Dense.__module__ == "kbackend.layers"
    assert importlib.import_module("kbackend.layers").Dense is layers.Dense


def test_import_kbackend_does_not_load_the_stack():
    # A fresh process: `import kbackend` must not import the layer catalog, the trainers or
    # h5py (unless the engine itself already did: tensorflow imports h5py).
    from kbackend import backends

    code = (
        f"import sys, {backends.ENGINE}; before = set(sys.modules); import kbackend; "
        "heavy = [m for m in ('kbackend.layers.attention', 'kbackend.layers.rnn', "
        "'kbackend.trainers.trainer', 'kbackend.saving.legacy_h5', 'h5py') "
        "if m in sys.modules and m not in before]; "
        "print(','.join(heavy))"
    )
    env = dict(os.environ, KBACKEND=backends.ENGINE)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == "", f"import kbackend loaded {out} eagerly"


def _fresh_modules(code):
    """kbackend modules that `code` loads in a fresh process (after importing the engine)."""
    from kbackend import backends

    script = (
        f"import sys, {backends.ENGINE}; before = set(sys.modules); {code}; "
        "print(','.join(sorted(m for m in sys.modules if m not in before)))"
    )
    env = dict(os.environ, KBACKEND=backends.ENGINE)
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True,
                         capture_output=True, text=True).stdout.strip()
    return set(out.split(",")) if out else set()


def test_import_kbackend_loads_only_the_engine_core():
    # Note [lazy engine modules] (kbackend/backends/__init__.py).
    from kbackend import backends

    loaded = _fresh_modules("import kbackend")
    engine = f"kbackend.backends.{backends.ENGINE}"
    lazy = {f"{engine}.{name}" for name in ("numpy", "nn", "linalg", "math", "image", "random",
                                            "trainer", "optimizer", "distribution")}
    assert not loaded & lazy, f"import kbackend loaded {sorted(loaded & lazy)}"
    assert not {m for m in loaded if m.startswith("kbackend.ops")}
    assert f"{engine}.core" in loaded


def test_backend_facade_does_not_load_the_ops():
    loaded = _fresh_modules("import kbackend; kbackend.backend.floatx()")
    assert not {m for m in loaded if m.startswith(("kbackend.ops", "kbackend.random"))}


def test_lazy_engine_modules_resolve_to_the_engine_modules():
    from kbackend import backends

    for name in ("numpy", "nn", "linalg", "math", "image", "random"):
        module = getattr(backends, name)
        assert module is importlib.import_module(f"kbackend.backends.{backends.ENGINE}.{name}")
        assert getattr(importlib.import_module(f"kbackend.backends.{backends.ENGINE}"),
                       name) is module
    # On the numpy engine the package `kbackend.backends.numpy` must not shadow the module.
    assert hasattr(backends.numpy, "add")
    with pytest.raises(AttributeError, match="not_a_module"):
        backends.not_a_module  # noqa: B018
