"""Layers (``kbackend.layers``)."""

from kbackend.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax  # noqa: F401
from kbackend.layers.activations import PUBLIC_CLASSES as _ACTIVATION_CLASSES
from kbackend.layers.attention import PUBLIC_CLASSES as _ATTENTION_CLASSES
from kbackend.layers.attention import (  # noqa: F401
    AdditiveAttention,
    Attention,
    GroupedQueryAttention,
    GroupQueryAttention,
    MultiHeadAttention,
)
from kbackend.layers.convolutional import PUBLIC_CLASSES as _CONVOLUTIONAL_CLASSES
from kbackend.layers.convolutional import (  # noqa: F401
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    Convolution1D,
    Convolution1DTranspose,
    Convolution2D,
    Convolution2DTranspose,
    Convolution3D,
    Convolution3DTranspose,
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
    SeparableConvolution1D,
    SeparableConvolution2D,
)
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
from kbackend.layers.core.jax_layer import FlaxLayer, JaxLayer  # noqa: F401
from kbackend.layers.core.tfsm_layer import TFSMLayer  # noqa: F401
from kbackend.layers.core.torch_module_wrapper import TorchModuleWrapper  # noqa: F401
from kbackend.layers.input_spec import InputSpec  # noqa: F401
from kbackend.layers.layer import Layer  # noqa: F401
from kbackend.layers.merging import PUBLIC_CLASSES as _MERGING_CLASSES
from kbackend.layers.merging import (  # noqa: F401
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)
from kbackend.layers.normalization import PUBLIC_CLASSES as _NORMALIZATION_CLASSES
from kbackend.layers.normalization import (  # noqa: F401
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
    RMSNormalization,
    SpectralNormalization,
    UnitNormalization,
)
from kbackend.layers.pooling import PUBLIC_CLASSES as _POOLING_CLASSES
from kbackend.layers.pooling import (  # noqa: F401
    AdaptiveAveragePooling1D,
    AdaptiveAveragePooling2D,
    AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D,
    AdaptiveMaxPooling2D,
    AdaptiveMaxPooling3D,
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    AvgPool1D,
    AvgPool2D,
    AvgPool3D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPool3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
)
from kbackend.layers.preprocessing.image import PUBLIC_CLASSES as _IMAGE_CLASSES
from kbackend.layers.preprocessing.image import (  # noqa: F401
    CenterCrop,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Resizing,
)
from kbackend.layers.preprocessing.numeric import PUBLIC_CLASSES as _NUMERIC_CLASSES
from kbackend.layers.preprocessing.numeric import (  # noqa: F401
    CategoryEncoding,
    Discretization,
    HashedCrossing,
    Hashing,
    Normalization,
    Rescaling,
)
from kbackend.layers.preprocessing.text import PUBLIC_CLASSES as _TEXT_CLASSES
from kbackend.layers.preprocessing.text import (  # noqa: F401
    IntegerLookup,
    StringLookup,
    TextVectorization,
)
from kbackend.layers.regularization import PUBLIC_CLASSES as _REGULARIZATION_CLASSES
from kbackend.layers.regularization import (  # noqa: F401
    ActivityRegularization,
    AlphaDropout,
    Dropout,
    GaussianDropout,
    GaussianNoise,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from kbackend.layers.reshaping import PUBLIC_CLASSES as _RESHAPING_CLASSES
from kbackend.layers.reshaping import (  # noqa: F401
    Cropping1D,
    Cropping2D,
    Cropping3D,
    Flatten,
    Permute,
    RepeatVector,
    Reshape,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from kbackend.layers.rnn import (  # noqa: F401
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    ConvLSTM1D,
    ConvLSTM2D,
    ConvLSTM3D,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
)
from kbackend.layers.rnn import PUBLIC_CLASSES as _RNN_CLASSES

for _cls in (*_ACTIVATION_CLASSES, *_ATTENTION_CLASSES, *_NUMERIC_CLASSES,
             *_CORE_CLASSES, *_MERGING_CLASSES, *_RESHAPING_CLASSES,
             *_CONVOLUTIONAL_CLASSES, *_POOLING_CLASSES, *_NORMALIZATION_CLASSES,
             *_REGULARIZATION_CLASSES, *_TEXT_CLASSES, *_RNN_CLASSES, *_IMAGE_CLASSES,
             Dense, InputLayer, InputSpec, Layer):
    _cls.__module__ = "kbackend.layers"
del _cls

# tf.keras 2 spellings (layers.experimental.preprocessing.<Name>), with deprecation warnings.
from kbackend.layers import experimental  # noqa: E402, F401
