"""Shared machinery of the image preprocessing layers.

Note [image layer batching]: every layer works on a 4D batch. A single (3D) image is
given a batch axis of 1 on the way in and loses it on the way out, so the random
draws (one per image: ``(batch,)`` parameters) are written once.

Note [augmentation randomness]: random layers draw through their own `SeedGenerator`
(``self.seed_generator``), whose state is a non-trainable variable; the trainers carry
it through compiled steps, so every train step gets new draws, reproducibly from
``seed``. Like Keras 3, ``call`` defaults to ``training=True`` (a direct call augments);
``predict``/``evaluate`` and ``training=False`` give the inputs unchanged (cast to the
compute dtype).
"""

import numbers

from kbackend import ops, random
from kbackend.backend import image_data_format
from kbackend.layers.preprocessing.tf_graph import TFDataLayer

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
INTERPOLATIONS = ("nearest", "bilinear")


def check_choice(value, choices, layer_name, arg_name):
    """Raises a ValueError naming the valid choices when ``value`` is not one of them."""
    if value not in choices:
        raise ValueError(
            f"{layer_name}: invalid value {value!r} for argument `{arg_name}`; expected one "
            f"of {choices}."
        )
    return value


def check_data_format(data_format, layer_name):
    """Resolves ``None`` to the global image data format and checks the value."""
    data_format = image_data_format() if data_format is None else data_format
    return check_choice(data_format, ("channels_last", "channels_first"), layer_name,
                        "data_format")


def check_size(value, layer_name, arg_name):
    """Checks that a target height/width is a positive int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(
            f"{layer_name}: `{arg_name}` must be a positive int, received {arg_name}={value!r}."
        )
    return int(value)


def parse_factor(factor, layer_name, arg_name="factor", min_value=None, max_value=None,
                 symmetric=True):
    """Returns ``(lower, upper)`` from a float or a pair.

    A single number ``f`` means ``(-f, f)`` when ``symmetric``, else ``(f, f)``.
    """
    if isinstance(factor, (list, tuple)):
        if len(factor) != 2:
            raise ValueError(
                f"{layer_name}: `{arg_name}` must be a float or a pair (lower, upper), "
                f"received {arg_name}={factor!r}."
            )
        lower, upper = factor
    elif isinstance(factor, numbers.Real) and not isinstance(factor, bool):
        lower, upper = (-factor, factor) if symmetric else (factor, factor)
    else:
        raise ValueError(
            f"{layer_name}: `{arg_name}` must be a float or a pair (lower, upper), received "
            f"{arg_name}={factor!r}."
        )
    lower, upper = float(lower), float(upper)
    if symmetric and lower > upper:
        raise ValueError(
            f"{layer_name}: `{arg_name}` lower bound must not exceed the upper bound, "
            f"received {arg_name}={factor!r}."
        )
    for bound in (lower, upper):
        if (min_value is not None and bound < min_value) or (
            max_value is not None and bound > max_value
        ):
            raise ValueError(
                f"{layer_name}: `{arg_name}` values must lie in [{min_value}, {max_value}], "
                f"received {arg_name}={factor!r}."
            )
    return lower, upper


def check_value_range(value_range, layer_name):
    """Checks a ``(low, high)`` pixel value range."""
    if not isinstance(value_range, (list, tuple)) or len(value_range) != 2 or not (
        value_range[0] < value_range[1]
    ):
        raise ValueError(
            f"{layer_name}: `value_range` must be a pair (low, high) with low < high, "
            f"received value_range={value_range!r}."
        )
    return tuple(float(v) for v in value_range)


class ImageLayer(TFDataLayer):
    """Base of the image layers: data format, 3D/4D inputs, cast to the compute dtype.

    Subclasses implement ``transform(images, training)`` on a 4D batch; see
    Note [image layer batching].
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = check_data_format(data_format, type(self).__name__)
        self.supports_masking = False
        self.built = True

    def spatial_axes(self, rank=4):
        """(height axis, width axis) of a tensor of ``rank``."""
        offset = rank - 3
        if self.data_format == "channels_last":
            return offset, offset + 1
        return offset + 1, offset + 2

    def _check_rank(self, shape):
        if len(shape) not in (3, 4):
            raise ValueError(
                f"{type(self).__name__} {self.name}: expected images of rank 3 (single) or 4 "
                f"(batched), received input of shape {tuple(shape)}."
            )

    def call(self, inputs, training=True):
        images = ops.cast(inputs, self.compute_dtype)
        self._check_rank(images.shape)
        unbatched = len(images.shape) == 3
        if unbatched:
            images = ops.expand_dims(images, 0)
        outputs = self.transform(images, training)
        if unbatched:
            outputs = ops.squeeze(outputs, 0)
        return outputs

    def transform(self, images, training):
        raise NotImplementedError

    def output_size(self, height, width):
        """The output (height, width) for an input (height, width)."""
        return height, width

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        self._check_rank(shape)
        h_axis, w_axis = self.spatial_axes(len(shape))
        shape[h_axis], shape[w_axis] = self.output_size(shape[h_axis], shape[w_axis])
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class RandomImageLayer(ImageLayer):
    """Base of the random augmentation layers; see Note [augmentation randomness]."""

    def __init__(self, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images, training):
        if not training:
            return images
        return self.augment(images)

    def augment(self, images):
        raise NotImplementedError

    def uniform(self, shape, minval, maxval):
        """Draws float32 values in ``[minval, maxval)`` from the layer's SeedGenerator."""
        return random.uniform(tuple(shape), minval=minval, maxval=maxval, dtype="float32",
                              seed=self.seed_generator)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def image_size(images, data_format):
    """(height, width) of a 4D batch, as Python ints where known."""
    shape = ops.shape(images)
    if data_format == "channels_last":
        return shape[1], shape[2]
    return shape[2], shape[3]
