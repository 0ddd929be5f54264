"""Node: one call of an Operation on symbolic tensors, the edge unit of the graph."""

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor


class KerasHistory:
    """Where a KerasTensor came from: ``(operation, node_index, tensor_index)``."""

    __slots__ = ("operation", "node_index", "tensor_index")

    def __init__(self, operation, node_index, tensor_index):
        self.operation = operation
        self.node_index = node_index
        self.tensor_index = tensor_index

    def __iter__(self):
        return iter((self.operation, self.node_index, self.tensor_index))


class Node:
    """Records that ``operation`` was called on ``call_args``/``call_kwargs`` giving ``outputs``.

    Creating a node appends it to ``operation._inbound_nodes`` and to the
    ``_outbound_nodes`` of the operations that produced its inputs, and stamps every
    output KerasTensor with its ``_keras_history``.

    Example:
    >>> from kbackend import ops
    >>> x = KerasTensor((None, 2))
    >>> y = ops.add(x, x)
    >>> y._keras_history.operation.name.startswith("add")
    True
    """

    def __init__(self, operation, call_args=None, call_kwargs=None, outputs=None):
        self.operation = operation
        self.call_args = tuple(call_args or ())
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = [] if outputs is None else tree.flatten(outputs)
        self.arguments_structure = (self.call_args, self.call_kwargs)
        self.input_tensors = [
            x for x in tree.flatten(self.arguments_structure) if isinstance(x, KerasTensor)
        ]
        self.is_input = not self.input_tensors
        operation._inbound_nodes.append(self)
        for x in self.input_tensors:
            history = x._keras_history
            if history is not None:
                history.operation._outbound_nodes.append(self)
        node_index = len(operation._inbound_nodes) - 1
        for i, output in enumerate(self.outputs):
            if isinstance(output, KerasTensor):
                output._keras_history = KerasHistory(operation, node_index, i)

    @property
    def input_shapes(self):
        shapes = [x.shape for x in self.input_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shapes(self):
        shapes = [x.shape for x in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def parent_nodes(self):
        """The nodes that produced this node's inputs."""
        parents = []
        for x in self.input_tensors:
            history = x._keras_history
            if history is not None:
                node = history.operation._inbound_nodes[history.node_index]
                if node not in parents:
                    parents.append(node)
        return parents
