"""Normalization layers."""

from kbackend.layers.normalization.batch_normalization import BatchNormalization
from kbackend.layers.normalization.group_normalization import GroupNormalization
from kbackend.layers.normalization.layer_normalization import LayerNormalization
from kbackend.layers.normalization.rms_normalization import RMSNormalization
from kbackend.layers.normalization.spectral_normalization import SpectralNormalization
from kbackend.layers.normalization.unit_normalization import UnitNormalization

PUBLIC_CLASSES = (BatchNormalization, GroupNormalization, LayerNormalization,
                  RMSNormalization, SpectralNormalization, UnitNormalization)
