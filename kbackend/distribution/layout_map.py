"""LayoutMap: variable paths (regular expressions) to TensorLayouts."""

import collections
import re

from kbackend.distribution.device_mesh import TensorLayout


class LayoutMap(collections.abc.MutableMapping):
    """Maps variable paths to layouts; keys are regular expressions searched in the path.

    A lookup first tries the exact key, then every key as a regular expression
    (``re.search``) in the variable's path (e.g. ``"sequential/dense/kernel"``). A tuple
    value becomes a `TensorLayout` on this map's mesh.

    Args:
        device_mesh: the `DeviceMesh` every layout in the map uses.

    Example:
    >>> import kbackend
    >>> from kbackend import distribution
    >>> mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], devices=["cpu:0"])
    >>> layout_map = distribution.LayoutMap(mesh)
    >>> layout_map["dense.*kernel"] = (None, "model")
    >>> layout_map["sequential/dense/kernel"].axes
    (None, 'model')
    """

    def __init__(self, device_mesh):
        self._device_mesh = device_mesh
        self._layouts = {}

    @property
    def device_mesh(self):
        return self._device_mesh

    def __getitem__(self, key):
        if key in self._layouts:
            return self._layouts[key]
        matches = [k for k in self._layouts if re.search(k, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path {key!r} matches several LayoutMap keys: {matches}. Make the keys "
                "more specific so that each variable matches at most one."
            )
        return self._layouts[matches[0]] if matches else None

    def __setitem__(self, key, layout):
        if key in self._layouts:
            raise ValueError(
                f"LayoutMap already has a layout for {key!r}: {self._layouts[key]}. "
                "Delete it first to replace it."
            )
        if isinstance(layout, (tuple, list)):
            layout = TensorLayout(layout)
        if not isinstance(layout, TensorLayout):
            raise TypeError(
                f"A LayoutMap value must be a TensorLayout or a tuple of mesh axis names "
                f"(or None), got {layout!r}."
            )
        if layout.device_mesh is None:
            layout.device_mesh = self._device_mesh
        self._layouts[key] = layout

    def __delitem__(self, key):
        del self._layouts[key]

    def __len__(self):
        return len(self._layouts)

    def __iter__(self):
        return iter(self._layouts)


LayoutMap.__module__ = "kbackend.distribution"
