"""The shared docstring of the application constructors."""

CONSTRUCTOR_DOC = """Instantiates the {title} architecture.

    Args:
        include_top: whether to include the classifier at the top.
        weights: None (random initialization), "imagenet" (downloads Keras's published
            ImageNet weights) or the path to a weights file.
        input_tensor: optional tensor (e.g. an ``Input``) to use as the image input.
        input_shape: optional shape tuple, only when ``include_top`` is False (with
            ImageNet weights and the top it must be the default{default}); each side at
            least {min_size}.
        pooling: with ``include_top=False``: None (4D output), "avg" or "max" (global
            pooling to 2D).
        classes: number of classes, only with ``include_top=True`` and ``weights=None``.
        classifier_activation: activation of the "predictions" layer (None for logits).
        name: the model's name.{extra}

    Returns:
        A Functional model ({params} parameters with the top and 1000 classes).

    Example:
    >>> import kbackend
    >>> model = kbackend.applications.{title}(include_top=False, weights=None,
    ...                                       input_shape=({example}, {example}, 3),
    ...                                       pooling="avg")
    >>> model.output.shape
    (None, {features})
    """

PREPROCESS_DOC = """Preprocesses images for {family} ({mode_text}).

    Args:
        x: images with values in [0, 255], a NumPy array or tensor.
        data_format: optional data format of the images.

    Returns:
        The preprocessed images (``imagenet_utils.preprocess_input`` with mode "{mode}").

    Example:
    >>> import numpy as np
    >>> preprocess_input(np.zeros((1, 1, 1, 3))).shape
    (1, 1, 1, 3)
    """

DECODE_DOC = """Decodes ImageNet predictions; see ``imagenet_utils.decode_predictions``.

    Args:
        preds: a ``(samples, 1000)`` batch of predictions.
        top: how many guesses to return per sample.

    Returns:
        Per sample, a list of ``(class_name, description, score)`` tuples.

    Example:
    >>> decode_predictions  # doctest: +ELLIPSIS
    <function decode_predictions at ...>
    """

_MODE_TEXT = {
    "caffe": "RGB to BGR, then the ImageNet mean is subtracted",
    "tf": "scaled to [-1, 1]",
    "torch": "scaled to [0, 1], then normalized by the ImageNet mean and std",
}


def preprocessing_pair(family, mode):
    """Returns ``(preprocess_input, decode_predictions)`` for a family using ``mode``."""
    from kbackend.applications import imagenet_utils

    def preprocess_input(x, data_format=None):
        return imagenet_utils.preprocess_input(x, data_format=data_format, mode=mode)

    def decode_predictions(preds, top=5):
        return imagenet_utils.decode_predictions(preds, top=top)

    preprocess_input.__doc__ = PREPROCESS_DOC.format(
        family=family, mode_text=_MODE_TEXT[mode], mode=mode)
    decode_predictions.__doc__ = DECODE_DOC
    return preprocess_input, decode_predictions
