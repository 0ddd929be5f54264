"""Convolution layers: Conv*, Conv*Transpose, DepthwiseConv*, SeparableConv*."""

from kbackend.layers.convolutional.conv import (  # noqa: F401
    Conv1D,
    Conv2D,
    Conv3D,
    Convolution1D,
    Convolution2D,
    Convolution3D,
)
from kbackend.layers.convolutional.conv_transpose import (  # noqa: F401
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
    Convolution1DTranspose,
    Convolution2DTranspose,
    Convolution3DTranspose,
)
from kbackend.layers.convolutional.depthwise_conv import (  # noqa: F401
    DepthwiseConv1D,
    DepthwiseConv2D,
)
from kbackend.layers.convolutional.separable_conv import (  # noqa: F401
    SeparableConv1D,
    SeparableConv2D,
    SeparableConvolution1D,
    SeparableConvolution2D,
)

PUBLIC_CLASSES = (
    Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
    DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D,
)
