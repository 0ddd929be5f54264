"""Activation layers: ELU, LeakyReLU, PReLU, ReLU, Softmax."""

from kbackend.layers.activations.elu import ELU
from kbackend.layers.activations.leaky_relu import LeakyReLU
from kbackend.layers.activations.prelu import PReLU
from kbackend.layers.activations.relu import ReLU
from kbackend.layers.activations.softmax import Softmax

PUBLIC_CLASSES = (ELU, LeakyReLU, PReLU, ReLU, Softmax)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
