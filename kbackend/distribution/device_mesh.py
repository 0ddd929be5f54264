"""DeviceMesh and TensorLayout: where arrays live, written once for every engine."""

import numpy as np

from kbackend import backends


def list_devices(device_type=None):
    """Lists the devices the engine can place computation on, for the whole job.

    Args:
        device_type: "cpu", "gpu" or "tpu"; None means the engine's preferred kind
            (its accelerators when it has any, else the CPU).

    Returns:
        A list of device names such as ``["cpu:0"]`` or ``["gpu:0", "gpu:1"]``.

    Example:
    >>> import kbackend
    >>> "cpu:0" in kbackend.distribution.list_devices("cpu")
    True
    """
    return backends.distribution_lib().list_devices(device_type)


def get_device_count(device_type=None):
    """Returns how many devices `list_devices(device_type)` lists.

    Args:
        device_type: "cpu", "gpu" or "tpu"; None for the engine's preferred kind.

    Returns:
        An int.

    Example:
    >>> import kbackend
    >>> kbackend.distribution.get_device_count("cpu") >= 1
    True
    """
    return len(list_devices(device_type))


def initialize(job_addresses=None, num_processes=None, process_id=None):
    """Starts the multi-process runtime of the engine (call once, first, in every process).

    jax calls ``jax.distributed.initialize``; torch calls
    ``torch.distributed.init_process_group`` (gloo on CPU, NCCL on GPU; under ``torchrun``
    the arguments come from its environment variables); tensorflow sets up
    ``tf.distribute.MultiWorkerMirroredStrategy`` for the next `DataParallel`. Each
    argument defaults to the environment variables ``KBACKEND_DISTRIBUTION_JOB_ADDRESSES``,
    ``KBACKEND_DISTRIBUTION_NUM_PROCESSES`` and ``KBACKEND_DISTRIBUTION_PROCESS_ID``.

    Args:
        job_addresses: comma-separated ``host:port`` of every process; the first one is
            the coordinator.
        num_processes: how many processes take part.
        process_id: this process's index, from 0.

    Example:
    >>> import kbackend
    >>> # In each of two processes (process_id 0 and 1):
    >>> # kbackend.distribution.initialize("10.0.0.1:1234", 2, process_id)
    """
    import os

    if job_addresses is None:
        job_addresses = os.environ.get("KBACKEND_DISTRIBUTION_JOB_ADDRESSES")
    if num_processes is None and "KBACKEND_DISTRIBUTION_NUM_PROCESSES" in os.environ:
        num_processes = int(os.environ["KBACKEND_DISTRIBUTION_NUM_PROCESSES"])
    if process_id is None and "KBACKEND_DISTRIBUTION_PROCESS_ID" in os.environ:
        process_id = int(os.environ["KBACKEND_DISTRIBUTION_PROCESS_ID"])
    backends.distribution_lib().initialize(job_addresses, num_processes, process_id)


class DeviceMesh:
    """A grid of devices with a name for each axis (e.g. ``("batch", "model")``).

    Args:
        shape: the grid's shape, e.g. ``(8,)`` or ``(2, 4)``.
        axis_names: one name per axis of ``shape``.
        devices: the device names to arrange (default: `list_devices()`); their count must
            equal the product of ``shape``.

    Example:
    >>> import kbackend
    >>> mesh = kbackend.distribution.DeviceMesh((1,), ["batch"], devices=["cpu:0"])
    >>> mesh.shape, mesh.axis_names
    ((1,), ['batch'])
    """

    def __init__(self, shape, axis_names, devices=None):
        if not shape or not axis_names:
            raise ValueError(
                f"DeviceMesh needs a non-empty shape and axis_names, got shape={shape!r}, "
                f"axis_names={axis_names!r}."
            )
        shape = tuple(int(d) for d in shape)
        axis_names = [str(a) for a in axis_names]
        if len(shape) != len(axis_names):
            raise ValueError(
                f"DeviceMesh shape {shape} has {len(shape)} axes but axis_names "
                f"{axis_names} has {len(axis_names)}; give one name per axis."
            )
        if devices is None:
            devices = list_devices()
        devices = np.asarray(devices, dtype=object)
        if int(np.prod(shape)) != devices.size:
            raise ValueError(
                f"DeviceMesh shape {shape} needs {int(np.prod(shape))} devices, got "
                f"{devices.size}: {list(devices.ravel())}. Pass a shape whose product "
                "is the number of devices."
            )
        self._shape = shape
        self._axis_names = axis_names
        self._devices = devices.reshape(shape)

    @property
    def shape(self):
        return self._shape

    @property
    def axis_names(self):
        return self._axis_names

    @property
    def devices(self):
        return self._devices

    def __repr__(self):
        return f"<DeviceMesh shape={self.shape}, axis_names={self.axis_names}>"


class TensorLayout:
    """How one tensor is split over a `DeviceMesh`: one mesh axis name (or None) per dim.

    Args:
        axes: for each tensor dimension, the mesh axis it is split along, or None to
            keep it whole (replicated).
        device_mesh: the mesh; may be set later (a `LayoutMap` sets it).

    Example:
    >>> import kbackend
    >>> layout = kbackend.distribution.TensorLayout((None, "model"))
    >>> layout.axes
    (None, 'model')
    """

    def __init__(self, axes, device_mesh=None):
        self._axes = tuple(axes)
        self._device_mesh = None
        if device_mesh is not None:
            self.device_mesh = device_mesh

    @property
    def axes(self):
        return self._axes

    @property
    def device_mesh(self):
        return self._device_mesh

    @device_mesh.setter
    def device_mesh(self, device_mesh):
        if self._device_mesh is not None and device_mesh is not self._device_mesh:
            raise ValueError(
                "This TensorLayout already has a device mesh; create a new TensorLayout "
                "for another mesh."
            )
        unknown = [a for a in self._axes if a is not None and a not in device_mesh.axis_names]
        if unknown:
            raise ValueError(
                f"TensorLayout axes {self._axes} name {unknown}, which the mesh does not "
                f"have; its axis names are {device_mesh.axis_names}."
            )
        self._device_mesh = device_mesh

    def __repr__(self):
        return f"<TensorLayout axes={self.axes}, device_mesh={self.device_mesh}>"


DeviceMesh.__module__ = "kbackend.distribution"
TensorLayout.__module__ = "kbackend.distribution"
for _f in (list_devices, get_device_count, initialize):
    _f.__module__ = "kbackend.distribution"
