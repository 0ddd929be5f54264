"""Reshaping layers: Reshape, Flatten, Permute, RepeatVector, Cropping*, ZeroPadding*,
UpSampling*."""

from kbackend.layers.reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from kbackend.layers.reshaping.flatten import Flatten
from kbackend.layers.reshaping.permute import Permute
from kbackend.layers.reshaping.repeat_vector import RepeatVector
from kbackend.layers.reshaping.reshape import Reshape
from kbackend.layers.reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from kbackend.layers.reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D

PUBLIC_CLASSES = (Cropping1D, Cropping2D, Cropping3D, Flatten, Permute, RepeatVector,
                  Reshape, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D,
                  ZeroPadding2D, ZeroPadding3D)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
