"""Operation: the symbolic unit. Every public op and every Layer is one.

An Operation has ``call`` (real tensors, dispatched to the engine) and
``compute_output_spec`` (KerasTensors in, KerasTensors out, no computation). Calling it
on symbolic tensors records a `Node` so that graphs of ops and layers can be replayed.
"""

import inspect
import re

from kbackend.backends.common.keras_tensor import any_symbolic_tensors
from kbackend.ops.node import Node

_name_counts = {}


def _to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def unique_name(base):
    """Returns ``base``, then ``base_1``, ``base_2``... within this process.

    Example:
    >>> n = unique_name("my_op"); unique_name("my_op") == n + "_1" if n == "my_op" else True
    True
    """
    count = _name_counts.get(base, 0)
    _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def reset_uids():
    """Forgets auto-generated names (used by ``clear_session``)."""
    _name_counts.clear()


class Operation:
    """Base class of ops and layers: ``call`` for tensors, ``compute_output_spec`` for shapes.

    Args:
        name: optional name; a unique snake_case name of the class is used otherwise.

    Example:
    >>> from kbackend import KerasTensor, ops
    >>> class Double(Operation):
    ...     def call(self, x):
    ...         return ops.multiply(x, 2)
    >>> Double()(KerasTensor((3,))).shape
    (3,)
    """

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # Remembered so that get_config() can describe ops without writing it per class.
        instance._constructor_arguments = (args, kwargs)
        return instance

    def __init__(self, name=None):
        if name is None:
            name = unique_name(_to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"An operation name must be a string without '/', got {name!r}."
            )
        self.name = name
        self._inbound_nodes = []
        self._outbound_nodes = []

    def __call__(self, *args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"{type(self).__name__} must implement `call`."
        )

    def compute_output_spec(self, *args, **kwargs):
        """Infers output KerasTensors by tracing ``call`` with symbolic inputs."""
        from kbackend.backends import compute_output_spec

        return compute_output_spec(self.call, *args, **kwargs)

    def get_config(self):
        """The constructor arguments (captured at creation) plus the name."""
        args, kwargs = getattr(self, "_constructor_arguments", ((), {}))
        try:
            bound = inspect.signature(type(self).__init__).bind(self, *args, **kwargs)
        except TypeError:
            return {"name": self.name}
        config = {k: v for k, v in bound.arguments.items() if k != "self"}
        parameters = inspect.signature(type(self).__init__).parameters
        for key in list(config):
            parameter = parameters[key]
            if parameter.kind == parameter.VAR_KEYWORD:
                config.update(config.pop(key))
            elif parameter.kind == parameter.VAR_POSITIONAL:
                config.pop(key)
        config["name"] = self.name
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @property
    def input(self):
        return self._node_tensors("input_tensors", 0, "input")

    @property
    def output(self):
        return self._node_tensors("outputs", 0, "output")

    def _node_tensors(self, attribute, node_index, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"{type(self).__name__} {self.name!r} has never been called on symbolic "
                f"tensors, so it has no defined {what}."
            )
        tensors = getattr(self._inbound_nodes[node_index], attribute)
        return tensors[0] if len(tensors) == 1 else tensors
