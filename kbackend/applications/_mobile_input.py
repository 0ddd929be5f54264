"""The input-size rules MobileNet and MobileNetV2 share."""

import warnings

from kbackend import backend
from kbackend.applications import imagenet_utils


def mobile_input_shape(input_shape, input_tensor, weights, include_top, sizes):
    """Resolves the input shape; returns ``(input_shape, rows)`` for the weights file name.

    ``sizes`` are the image sides with published weights; the default size is the given
    side when it is one of them (square), else 224.
    """
    if input_shape is None and input_tensor is not None:
        shape = tuple(input_tensor.shape)
        if len(shape) == 4 and shape[1] == shape[2] and shape[1] is not None:
            input_shape = (shape[1], shape[2], shape[3])
    default_size = 224
    if input_shape is not None and len(input_shape) == 3:
        rows, cols = input_shape[0], input_shape[1]
        if rows == cols and rows in sizes:
            default_size = rows
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    rows, cols = input_shape[0], input_shape[1]
    if weights == "imagenet" and (rows != cols or rows not in sizes):
        warnings.warn(
            f"`input_shape` is undefined or non-square, or `rows` is not in {list(sizes)}. "
            "Weights for input shape (224, 224) will be loaded as the default.",
            stacklevel=3,
        )
        rows = 224
    return input_shape, rows
