"""VGG16 and VGG19 (Simonyan & Zisserman, 2014)."""

from kbackend import backend, layers
from kbackend.applications import _builder, imagenet_utils

_HASHES = {  # (with top, without top), md5 of Keras's published files
    "vgg16": ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc"),
    "vgg19": ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6"),
}


def _vgg(convs_per_block, model_name, include_top, weights, input_tensor, input_shape,
         pooling, classes, classifier_activation, name):
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = _builder.make_input(input_tensor, input_shape)
    x = img_input
    for block, (filters, count) in enumerate(zip((64, 128, 256, 512, 512),
                                                 convs_per_block), start=1):
        for conv in range(1, count + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{conv}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling)
    model = _builder.build_model(input_tensor, img_input, x, name)
    suffix = ".h5" if include_top else "_notop.h5"
    _builder.load_weights(
        model, weights, f"{model_name}_weights_tf_dim_ordering_tf_kernels{suffix}",
        _HASHES[model_name][0 if include_top else 1], subdir=f"{model_name}/")
    return model


_DOC = """Instantiates the {title} architecture.

    Args:
        include_top: whether to include the 3 fully-connected layers at the top.
        weights: None (random initialization), "imagenet" (downloads Keras's published
            ImageNet weights) or the path to a weights file.
        input_tensor: optional tensor (e.g. an ``Input``) to use as the image input.
        input_shape: optional shape tuple, only when ``include_top`` is False (else it
            must be ``(224, 224, 3)``); each side at least 32.
        pooling: with ``include_top=False``: None (4D output), "avg" or "max" (global
            pooling to 2D).
        classes: number of classes, only with ``include_top=True`` and ``weights=None``.
        classifier_activation: activation of the "predictions" layer (None for logits).
        name: the model's name.

    Returns:
        A Functional model ({params} parameters with the top and 1000 classes).

    Example:
    >>> import kbackend
    >>> model = kbackend.applications.{title}(include_top=False, weights=None,
    ...                                       input_shape=(32, 32, 3), pooling="avg")
    >>> model.output.shape
    (None, 512)
    """


def VGG16(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
          input_shape=None, pooling=None, classes=1000, classifier_activation="softmax",
          name="vgg16"):
    return _vgg((2, 2, 3, 3, 3), "vgg16", include_top, weights, input_tensor,
                input_shape, pooling, classes, classifier_activation, name)


def VGG19(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
          input_shape=None, pooling=None, classes=1000, classifier_activation="softmax",
          name="vgg19"):
    return _vgg((2, 2, 4, 4, 4), "vgg19", include_top, weights, input_tensor,
                input_shape, pooling, classes, classifier_activation, name)


VGG16.__doc__ = _DOC.format(title="VGG16", params="138,357,544")
VGG19.__doc__ = _DOC.format(title="VGG19", params="143,667,240")


def preprocess_input(x, data_format=None):
    """Preprocesses images for VGG: RGB to BGR, then the ImageNet mean is subtracted.

    Args:
        x: images with values in [0, 255], a NumPy array or tensor.
        data_format: optional data format of the images.

    Returns:
        The preprocessed images (see ``imagenet_utils.preprocess_input``, mode "caffe").

    Example:
    >>> import numpy as np
    >>> preprocess_input(np.zeros((1, 1, 1, 3)))[0, 0, 0].round(2).tolist()
    [-103.94, -116.78, -123.68]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see ``imagenet_utils.decode_predictions``.

    Args:
        preds: a ``(samples, 1000)`` batch of predictions.
        top: how many guesses to return per sample.

    Returns:
        Per sample, a list of ``(class_name, description, score)`` tuples.

    Example:
    >>> decode_predictions  # doctest: +ELLIPSIS
    <function decode_predictions at ...>
    """
    return imagenet_utils.decode_predictions(preds, top=top)
