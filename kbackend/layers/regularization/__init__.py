"""Regularization layers: identity at inference, noise or penalties in training."""

from kbackend.layers.regularization.activity_regularization import ActivityRegularization
from kbackend.layers.regularization.dropout import Dropout
from kbackend.layers.regularization.noise import AlphaDropout, GaussianDropout, GaussianNoise
from kbackend.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)

PUBLIC_CLASSES = (ActivityRegularization, AlphaDropout, Dropout, GaussianDropout,
                  GaussianNoise, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D)
