"""ImageNet helpers shared by the applications: preprocessing, decoding, input checks."""

import json

import numpy as np

from kbackend import backend, ops

CLASS_INDEX_PATH = (
    "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
)
_CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"
_CLASS_INDEX = None

_MODES = ("caffe", "tf", "torch")
_CAFFE_MEAN = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


def _data_format(data_format):
    data_format = data_format or backend.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"Unknown data_format: {data_format!r}. Expected 'channels_last' or "
            "'channels_first'."
        )
    return data_format


def _broadcast_shape(ndim, channel_axis):
    shape = [1] * ndim
    shape[channel_axis] = 3
    return shape


def preprocess_input(x, data_format=None, mode="caffe"):
    """Preprocesses a batch of RGB images for an ImageNet model.

    Args:
        x: a NumPy array or tensor of images with 3 color channels, values in [0, 255].
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``kbackend.backend.image_data_format()``.
        mode: ``"caffe"`` (RGB to BGR, then subtract the ImageNet mean per channel, no
            scaling), ``"tf"`` (scale to [-1, 1]) or ``"torch"`` (scale to [0, 1], then
            normalize with the ImageNet mean and standard deviation).

    Returns:
        The preprocessed images, a float array (NumPy in, NumPy out) or tensor.
        NOTE: unlike Keras, a float NumPy input is never modified in place.

    Example:
    >>> import numpy as np
    >>> preprocess_input(np.full((1, 2, 2, 3), 255.0), mode="tf")[0, 0, 0].tolist()
    [1.0, 1.0, 1.0]
    """
    if mode not in _MODES:
        raise ValueError(f"Unknown mode: {mode!r}. Expected one of {list(_MODES)}.")
    data_format = _data_format(data_format)
    is_numpy = isinstance(x, np.ndarray)
    if is_numpy:
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(backend.floatx())
        xp_flip = np.flip
    else:
        x = ops.convert_to_tensor(x)
        if "float" not in str(x.dtype):
            x = ops.cast(x, backend.floatx())
        xp_flip = ops.flip
    ndim = len(x.shape)
    channel_axis = -1 if data_format == "channels_last" else (0 if ndim == 3 else 1)
    channel_axis = channel_axis % ndim
    if x.shape[channel_axis] not in (3, None):
        raise ValueError(
            f"preprocess_input expects 3 color channels on axis {channel_axis} "
            f"({data_format}); received shape {tuple(x.shape)}."
        )
    if mode == "tf":
        return x / 127.5 - 1.0
    if mode == "torch":
        x = x / 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = xp_flip(x, axis=channel_axis)  # RGB -> BGR
        mean, std = _CAFFE_MEAN, None
    shape = _broadcast_shape(ndim, channel_axis)
    mean = np.reshape(np.asarray(mean, dtype=x.dtype if is_numpy else "float32"), shape)
    if not is_numpy:
        mean = ops.cast(mean, x.dtype)
    x = x - mean
    if std is not None:
        std = np.reshape(np.asarray(std, dtype=x.dtype if is_numpy else "float32"), shape)
        x = x / (std if is_numpy else ops.cast(std, x.dtype))
    return x


def _class_index():
    global _CLASS_INDEX
    if _CLASS_INDEX is None:
        from kbackend.utils import get_file

        path = get_file("imagenet_class_index.json", CLASS_INDEX_PATH,
                        cache_subdir="models", file_hash=_CLASS_INDEX_HASH)
        with open(path, encoding="utf-8") as f:
            _CLASS_INDEX = json.load(f)
    return _CLASS_INDEX


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions into ``(class_name, description, score)`` tuples.

    The class index (``imagenet_class_index.json``) is downloaded once through
    ``kbackend.utils.get_file``; offline and uncached, that raises get_file's error.

    Args:
        preds: a batch of predictions, shape ``(samples, 1000)``.
        top: how many top guesses to return per sample.

    Returns:
        A list (one per sample) of lists of ``(class_name, class_description, score)``,
        best first.

    Example:
    >>> import numpy as np
    >>> try:
    ...     decode_predictions(np.zeros((1, 10)))
    ... except ValueError as error:
    ...     print(str(error).split(". ")[-1])
    Received array with shape: (1, 10)
    """
    preds = np.asarray(ops.convert_to_numpy(preds))
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "`decode_predictions` expects a batch of predictions (i.e. a 2D array of "
            f"shape (samples, 1000)). Received array with shape: {preds.shape}"
        )
    index = _class_index()
    results = []
    for pred in preds:
        best = pred.argsort()[-top:][::-1]
        results.append([(*index[str(i)], float(pred[i])) for i in best])
    return results


def obtain_input_shape(input_shape, default_size, min_size, data_format,
                       require_flatten, weights=None):
    """Validates a model's ``input_shape`` (channels last/first) and fills in defaults.

    Args:
        input_shape: the shape the user asked for, or None.
        default_size: the side of the pretrained model's images.
        min_size: the smallest side the architecture accepts.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        require_flatten: True when the classifier top is included (a fixed shape).
        weights: ``"imagenet"``, None or a weights path.

    Returns:
        The input shape as a tuple of 3 entries.

    Example:
    >>> obtain_input_shape(None, 224, 32, "channels_last", require_flatten=False)
    (None, None, 3)
    """
    channels_last = data_format != "channels_first"
    default_shape = ((default_size, default_size, 3) if channels_last
                     else (3, default_size, default_size))
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError(
                "When setting `include_top=True` and loading `imagenet` weights, "
                f"`input_shape` should be {default_shape}. Received: "
                f"input_shape={input_shape}"
            )
        return default_shape
    if input_shape is not None:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise ValueError(f"`input_shape` must be a tuple of three integers. Received: "
                             f"input_shape={input_shape}")
        channels = input_shape[-1] if channels_last else input_shape[0]
        sides = input_shape[:2] if channels_last else input_shape[1:]
        if weights == "imagenet" and channels != 3:
            raise ValueError(
                "The input must have 3 channels to load `imagenet` weights; Received: "
                f"input_shape={input_shape}"
            )
        if any(side is not None and side < min_size for side in sides):
            raise ValueError(
                f"Input size must be at least {min_size}x{min_size}; Received: "
                f"input_shape={input_shape}"
            )
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (None, None, 3) if channels_last else (3, None, None)
    if require_flatten and None in input_shape:
        raise ValueError(
            "If `include_top` is True, you should specify a static `input_shape`. "
            f"Received: input_shape={input_shape}"
        )
    return input_shape


def correct_pad(inputs, kernel_size):
    """The ``ZeroPadding2D`` padding that makes a stride-2 'valid' conv act like 'same'.

    Args:
        inputs: a channels-last 4D tensor.
        kernel_size: an int or a pair of ints.

    Returns:
        A pair of ``(before, after)`` pairs.

    Example:
    >>> import kbackend
    >>> correct_pad(kbackend.Input((224, 224, 3)), 3)
    ((0, 1), (0, 1))
    """
    sizes = inputs.shape[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if sizes[0] is None else (1 - sizes[0] % 2, 1 - sizes[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights):
    """Pretrained tops only allow ``"softmax"`` or None as the classifier activation.

    Args:
        classifier_activation: the activation the user asked for.
        weights: ``"imagenet"``, None or a path.

    Returns:
        None; raises ValueError otherwise.

    Example:
    >>> validate_activation("softmax", "imagenet")
    """
    if weights is None:
        return
    if classifier_activation not in ("softmax", None):
        raise ValueError(
            "Only `None` and `softmax` activations are allowed for the "
            "`classifier_activation` argument when using pretrained weights, with "
            f"`include_top=True`; Received: classifier_activation={classifier_activation}"
        )
