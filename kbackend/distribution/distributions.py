"""Distribution strategies (DataParallel, ModelParallel) and the process-wide setting.

Note [distribution]: the classes here only decide *layouts* — which mesh axis each
variable and each batch is split along. Carrying them out is the engine's own machinery,
in ``backends/<engine>/distribution.py``: jax places arrays with ``jax.sharding`` and lets
``jax.jit`` partition the step; torch runs one process per device under
``torch.distributed`` and all-reduces gradients (as DistributedDataParallel does);
tensorflow maps `DataParallel` onto ``tf.distribute.MirroredStrategy``. The trainer asks
`kbackend.distribution.trainer_hooks` for the compiled step, which is where the engine
steps in (see Note [distributed step] there).
"""

import contextlib

from kbackend import backends
from kbackend.distribution.device_mesh import DeviceMesh, TensorLayout, list_devices
from kbackend.distribution.layout_map import LayoutMap

_GLOBAL = {"distribution": None}


class Distribution:
    """Base class: decides the layout of data batches and of variables on a mesh.

    Args:
        device_mesh: the `DeviceMesh` to use.
        batch_dim_name: the mesh axis that data batches are split along.

    Example:
    >>> import kbackend
    >>> dist = kbackend.distribution.DataParallel(devices=["cpu:0"])
    >>> isinstance(dist, kbackend.distribution.Distribution)
    True
    """

    def __init__(self, device_mesh, batch_dim_name=None):
        self._device_mesh = device_mesh
        self._batch_dim_name = batch_dim_name
        self._native = None  # the engine's own strategy object, made on first use
        backends.distribution_lib().check_distribution(self)

    @property
    def device_mesh(self):
        return self._device_mesh

    @property
    def batch_dim_name(self):
        return self._batch_dim_name

    def get_data_layout(self, data_shape):
        """The layout of a batch of shape ``data_shape``: split along the batch axis."""
        axes = [None] * len(data_shape)
        if axes:
            axes[0] = self._batch_dim_name
        return TensorLayout(axes, self._device_mesh)

    def get_variable_layout(self, variable):
        """The layout of ``variable`` (replicated on every device by default)."""
        return TensorLayout([None] * len(variable.shape), self._device_mesh)

    def get_tensor_layout(self, path):
        """The layout of an intermediate tensor named ``path`` (None: the engine decides)."""
        return None

    def distribute_dataset(self, dataset):
        """Returns ``dataset`` prepared for this distribution (batches are split per step)."""
        return dataset

    @contextlib.contextmanager
    def scope(self):
        """Makes this the distribution while building and compiling a model.

        On tensorflow it also enters the ``tf.distribute`` strategy's scope, so that
        variables are created mirrored.

        Example:
        >>> import kbackend
        >>> dist = kbackend.distribution.DataParallel(devices=["cpu:0"])
        >>> with dist.scope():
        ...     kbackend.distribution.distribution() is dist
        True
        """
        previous = _GLOBAL["distribution"]
        _GLOBAL["distribution"] = self
        try:
            with backends.distribution_lib().native_scope(self):
                yield
        finally:
            _GLOBAL["distribution"] = previous

    def __repr__(self):
        return f"<{type(self).__name__} device_mesh={self._device_mesh}>"


class DataParallel(Distribution):
    """Data parallelism: every device holds all variables and takes a slice of each batch.

    Gradients are averaged over devices, so training on N devices gives the same weights
    as one device on the same global batches (the batch size should divide by N).

    Args:
        device_mesh: a 1-D `DeviceMesh` (its axis is the batch axis).
        devices: device names, used when ``device_mesh`` is None (default: all devices).
        auto_shard_dataset: accepted for compatibility; batches are always split per step.

    Example:
    >>> import kbackend
    >>> dist = kbackend.distribution.DataParallel(devices=["cpu:0"])
    >>> dist.batch_dim_name
    'batch'
    """

    def __init__(self, device_mesh=None, devices=None, auto_shard_dataset=True):
        if device_mesh is None:
            devices = list(devices) if devices is not None else list_devices()
            device_mesh = DeviceMesh((len(devices),), ["batch"], devices)
        if len(device_mesh.shape) != 1:
            raise ValueError(
                f"DataParallel needs a 1-D DeviceMesh, got shape {device_mesh.shape}. "
                "Use ModelParallel for a mesh with a model axis."
            )
        self.auto_shard_dataset = auto_shard_dataset
        super().__init__(device_mesh, device_mesh.axis_names[0])


class ModelParallel(Distribution):
    """Model parallelism: variables are split over the mesh as a `LayoutMap` says.

    Variables that no key matches are replicated; batches are split along
    ``batch_dim_name``. Carried out with ``jax.sharding`` (jax engine only).

    Args:
        layout_map: a `LayoutMap`; its mesh is the distribution's mesh.
        batch_dim_name: the mesh axis batches are split along (default: the mesh's first).
        device_mesh: optional, must be the layout map's mesh when given.

    Example:
    >>> import kbackend
    >>> from kbackend import distribution
    >>> mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    >>> layout_map = distribution.LayoutMap(mesh)
    >>> layout_map["dense.*kernel"] = (None, "model")
    >>> # On jax: distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    """

    def __init__(self, *, layout_map=None, batch_dim_name=None, device_mesh=None):
        if not isinstance(layout_map, LayoutMap):
            raise TypeError(
                f"ModelParallel needs layout_map=LayoutMap(device_mesh), got {layout_map!r}."
            )
        if device_mesh is not None and device_mesh is not layout_map.device_mesh:
            raise ValueError(
                "ModelParallel: device_mesh differs from layout_map.device_mesh; pass only "
                "layout_map (its mesh is used)."
            )
        mesh = layout_map.device_mesh
        batch_dim_name = batch_dim_name or mesh.axis_names[0]
        if batch_dim_name not in mesh.axis_names:
            raise ValueError(
                f"batch_dim_name {batch_dim_name!r} is not an axis of the mesh; its axes "
                f"are {mesh.axis_names}."
            )
        self._layout_map = layout_map
        super().__init__(mesh, batch_dim_name)

    def get_variable_layout(self, variable):
        layout = self._layout_map[variable.path]
        if layout is None:
            return super().get_variable_layout(variable)
        if len(layout.axes) != len(variable.shape):
            raise ValueError(
                f"The layout {layout.axes} for {variable.path!r} has {len(layout.axes)} "
                f"axes but the variable has shape {tuple(variable.shape)}; give one axis "
                "(or None) per dimension."
            )
        return layout

    def get_tensor_layout(self, path):
        return self._layout_map[path]


def set_distribution(value):
    """Sets the distribution used by every model from now on (None to stop distributing).

    Args:
        value: a `Distribution` or None.

    Example:
    >>> import kbackend
    >>> kbackend.distribution.set_distribution(None)
    """
    if value is not None and not isinstance(value, Distribution):
        raise TypeError(f"set_distribution expects a Distribution or None, got {value!r}.")
    _GLOBAL["distribution"] = value


def distribution():
    """Returns the current `Distribution` (set by `set_distribution` or a scope), or None.

    Example:
    >>> import kbackend
    >>> kbackend.distribution.distribution() is None
    True
    """
    return _GLOBAL["distribution"]


def distribute_tensor(tensor, layout):
    """Places ``tensor`` on the devices of ``layout``'s mesh, split as it says.

    Args:
        tensor: a tensor or array.
        layout: a `TensorLayout` with a device mesh.

    Returns:
        The distributed tensor (jax: a sharded ``jax.Array``; inside ``jax.jit`` a
        sharding constraint). On torch and tensorflow a replicated layout returns the
        tensor itself.

    Example:
    >>> import kbackend
    >>> from kbackend import distribution
    >>> mesh = distribution.DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    >>> x = distribution.distribute_tensor([1.0, 2.0], distribution.TensorLayout((None,), mesh))
    >>> kbackend.ops.convert_to_numpy(x).tolist()
    [1.0, 2.0]
    """
    if not isinstance(layout, TensorLayout) or layout.device_mesh is None:
        raise ValueError(
            f"distribute_tensor needs a TensorLayout with a device mesh, got {layout!r}."
        )
    return backends.distribution_lib().distribute_tensor(tensor, layout)


for _obj in (Distribution, DataParallel, ModelParallel, set_distribution, distribution,
             distribute_tensor):
    _obj.__module__ = "kbackend.distribution"
