"""Layers (``kbackend.layers``).

Note [lazy layer families]: the base classes and the core family load with this package
(the models import them, and their ``__module__`` must read ``kbackend.layers`` in saved
configs); every other family loads on first access through the module ``__getattr__`` below,
which then sets ``__module__ = "kbackend.layers"`` on the classes of every family loaded so
far. ``dir(kbackend.layers)`` lists all names either way (tests/test_lazy_imports.py).
"""

import importlib as _importlib
import sys as _sys

from kbackend.layers.core import PUBLIC_CLASSES as _CORE_CLASSES
from kbackend.layers.core import (  # noqa: F401
    Activation,
    EinsumDense,
    Embedding,
    Identity,
    Lambda,
    Masking,
    TimeDistributed,
    Wrapper,
)
from kbackend.layers.core.dense import Dense  # noqa: F401
from kbackend.layers.core.input_layer import Input, InputLayer  # noqa: F401
from kbackend.layers.input_spec import InputSpec  # noqa: F401
from kbackend.layers.layer import Layer  # noqa: F401

for _cls in (*_CORE_CLASSES, Dense, InputLayer, InputSpec, Layer):
    _cls.__module__ = "kbackend.layers"
del _cls

# Lazily loaded exports: module -> public names it defines.
_LAZY_EXPORTS = {
    "kbackend.layers.activations": (
        "ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax",
    ),
    "kbackend.layers.attention": (
        "AdditiveAttention", "Attention", "GroupedQueryAttention", "GroupQueryAttention",
        "MultiHeadAttention",
    ),
    "kbackend.layers.convolutional": (
        "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D",
        "Conv3DTranspose", "Convolution1D", "Convolution1DTranspose", "Convolution2D",
        "Convolution2DTranspose", "Convolution3D", "Convolution3DTranspose",
        "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
        "SeparableConvolution1D", "SeparableConvolution2D",
    ),
    "kbackend.layers.core.jax_layer": (
        "FlaxLayer", "JaxLayer",
    ),
    "kbackend.layers.core.tfsm_layer": (
        "TFSMLayer",
    ),
    "kbackend.layers.core.torch_module_wrapper": (
        "TorchModuleWrapper",
    ),
    "kbackend.layers.merging": (
        "Add", "Average", "Concatenate", "Dot", "Maximum", "Minimum", "Multiply",
        "Subtract", "add", "average", "concatenate", "dot", "maximum", "minimum",
        "multiply", "subtract",
    ),
    "kbackend.layers.normalization": (
        "BatchNormalization", "GroupNormalization", "LayerNormalization",
        "RMSNormalization", "SpectralNormalization", "UnitNormalization",
    ),
    "kbackend.layers.pooling": (
        "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
        "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
        "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D",
        "AvgPool2D", "AvgPool3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
        "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalMaxPooling1D",
        "GlobalMaxPooling2D", "GlobalMaxPooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D",
        "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    ),
    "kbackend.layers.preprocessing.image": (
        "CenterCrop", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
        "RandomRotation", "RandomTranslation", "RandomZoom", "Resizing",
    ),
    "kbackend.layers.preprocessing.numeric": (
        "CategoryEncoding", "Discretization", "HashedCrossing", "Hashing", "Normalization",
        "Rescaling",
    ),
    "kbackend.layers.preprocessing.text": (
        "IntegerLookup", "StringLookup", "TextVectorization",
    ),
    "kbackend.layers.regularization": (
        "ActivityRegularization", "AlphaDropout", "Dropout", "GaussianDropout",
        "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
    ),
    "kbackend.layers.reshaping": (
        "Cropping1D", "Cropping2D", "Cropping3D", "Flatten", "Permute", "RepeatVector",
        "Reshape", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D",
        "ZeroPadding2D", "ZeroPadding3D",
    ),
    "kbackend.layers.rnn": (
        "GRU", "LSTM", "RNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
        "GRUCell", "LSTMCell", "SimpleRNN", "SimpleRNNCell", "StackedRNNCells",
    ),
}
_LAZY_NAMES = {name: module for module, names in _LAZY_EXPORTS.items() for name in names}

# Families whose PUBLIC_CLASSES are renamed to kbackend.layers once loaded.
_FAMILIES = (
    "kbackend.layers.activations",
    "kbackend.layers.attention",
    "kbackend.layers.convolutional",
    "kbackend.layers.core",
    "kbackend.layers.merging",
    "kbackend.layers.normalization",
    "kbackend.layers.pooling",
    "kbackend.layers.preprocessing.image",
    "kbackend.layers.preprocessing.numeric",
    "kbackend.layers.preprocessing.text",
    "kbackend.layers.regularization",
    "kbackend.layers.reshaping",
    "kbackend.layers.rnn",
)

# Subpackages reachable as attributes (kbackend.layers.rnn, ...), as with eager imports.
_SUBMODULES = (
    "activations", "attention", "convolutional", "core", "experimental", "input_spec",
    "layer", "merging", "normalization", "pooling", "preprocessing", "regularization",
    "reshaping", "rnn",
)


def _rename_loaded_families():
    for family in _FAMILIES:
        module = _sys.modules.get(family)
        for cls in getattr(module, "PUBLIC_CLASSES", ()):
            cls.__module__ = "kbackend.layers"


def __getattr__(name):
    module_name = _LAZY_NAMES.get(name)
    if module_name is not None:
        value = getattr(_importlib.import_module(module_name), name)
        _rename_loaded_families()
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = _importlib.import_module(f"kbackend.layers.{name}")
        _rename_loaded_families()
        return module
    raise AttributeError(f"module 'kbackend.layers' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_NAMES) | set(_SUBMODULES))
