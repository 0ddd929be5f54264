"""Function: a graph of ops and layers, recorded from KerasTensors, callable on real tensors.

``Function`` is the executable graph without the model machinery (no weights tracking,
no training): it walks the `Node`s recorded when ops and layers were called on
KerasTensors, from the given outputs back to the given inputs, and replays them in
order on real tensors (`call`) or on KerasTensors (`compute_output_spec`).
"""

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.ops.operation import Operation


def _producing_node(tensor):
    history = tensor._keras_history
    if history is None:
        return None
    operation, node_index, _ = history
    return operation._inbound_nodes[node_index]


def _input_names(inputs):
    return [getattr(x, "name", None) or repr(x) for x in inputs]


def _ordered_nodes(inputs, outputs):
    """The nodes between ``inputs`` and ``outputs``, each after the nodes it depends on."""
    input_ids = {id(x) for x in inputs}
    ordered, visited, on_stack = [], set(), set()

    def disconnected(tensor, needed_by):
        return ValueError(
            f"Graph disconnected: cannot obtain a value for tensor {tensor}, needed by "
            f"{needed_by}. It is not among the Function's inputs {_input_names(inputs)}. "
            "Pass it as an input, or build the outputs only from the given inputs."
        )

    # An explicit stack instead of recursion: graphs can be thousands of ops deep.
    for output in outputs:
        stack = [(output, "(function output)", False)]
        while stack:
            tensor, needed_by, expanded = stack.pop()
            if id(tensor) in input_ids:
                continue
            node = _producing_node(tensor)
            if node is None or node.is_input:
                raise disconnected(tensor, needed_by)
            if id(node) in visited:
                continue
            if expanded:
                on_stack.discard(id(node))
                visited.add(id(node))
                ordered.append(node)
                continue
            if id(node) in on_stack:
                raise ValueError(
                    f"The graph has a cycle through operation {node.operation.name!r}."
                )
            on_stack.add(id(node))
            stack.append((tensor, needed_by, True))
            for parent in reversed(node.input_tensors):
                stack.append((parent, f"operation {node.operation.name!r}", False))
    return ordered


class Function(Operation):
    """A graph of operations from input KerasTensors to output KerasTensors.

    Built from tensors produced by calling ops (``kbackend.ops.*``) and layers on
    KerasTensors; calling the Function on real tensors replays those calls.

    Args:
        inputs: a KerasTensor, or a (nested) list/tuple/dict of KerasTensors.
        outputs: a KerasTensor, or a (nested) list/tuple/dict of KerasTensors computed
            from ``inputs``.
        name: optional name.

    Returns:
        Calling it returns the outputs' structure filled with real tensors (or with
        KerasTensors when called on KerasTensors).

    Example:
    >>> import numpy as np
    >>> import kbackend as keras
    >>> x = keras.KerasTensor((None, 3))
    >>> y = keras.ops.multiply(keras.ops.add(x, 1.0), 2.0)
    >>> fn = keras.Function(x, y)
    >>> keras.ops.convert_to_numpy(fn(np.ones((1, 3), "float32"))).tolist()
    [[4.0, 4.0, 4.0]]
    """

    def __init__(self, inputs, outputs, name=None):
        super().__init__(name=name)
        flat_inputs, flat_outputs = tree.flatten(inputs), tree.flatten(outputs)
        for what, flat in (("inputs", flat_inputs), ("outputs", flat_outputs)):
            if not flat:
                raise ValueError(f"A Function needs at least one tensor in {what}, got {flat}.")
            for x in flat:
                if not isinstance(x, KerasTensor):
                    raise ValueError(
                        f"Function {what} must be KerasTensors (from kbackend.Input(), "
                        f"kbackend.KerasTensor(...) and op or layer calls on them), got "
                        f"{type(x).__name__}: {x!r}."
                    )
        if len({id(x) for x in flat_inputs}) != len(flat_inputs):
            raise ValueError(
                f"Function inputs must be distinct tensors; got {flat_inputs} with repeats."
            )
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flat_inputs
        self._outputs = flat_outputs
        self._nodes = _ordered_nodes(flat_inputs, flat_outputs)
        operations = []
        for node in self._nodes:
            if node.operation not in operations:
                operations.append(node.operation)
        self._operations = operations

    @property
    def inputs(self):
        """The flat list of input KerasTensors."""
        return list(self._inputs)

    @property
    def outputs(self):
        """The flat list of output KerasTensors."""
        return list(self._outputs)

    @property
    def operations(self):
        """The distinct operations of the graph, in execution order."""
        return list(self._operations)

    def _flatten_call_inputs(self, inputs):
        if isinstance(self._inputs_struct, dict) and isinstance(inputs, dict):
            missing = [k for k in self._inputs_struct if k not in inputs]
            unknown = [k for k in inputs if k not in self._inputs_struct]
            if missing or unknown:
                raise ValueError(
                    f"Function {self.name!r} expects inputs with keys "
                    f"{sorted(self._inputs_struct)}; got {sorted(inputs)} (missing: "
                    f"{missing}, unknown: {unknown})."
                )
            return tree.flatten({k: inputs[k] for k in self._inputs_struct})
        flat = tree.flatten(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Function {self.name!r} expects {len(self._inputs)} input(s) shaped "
                f"{[x.shape for x in self._inputs]}, but was called on {len(flat)} "
                "input(s). Pass one tensor per input, in the structure given at creation."
            )
        return flat

    def _run_through_graph(self, inputs, run_operation):
        flat = self._flatten_call_inputs(inputs)
        values = {id(spec): value for spec, value in zip(self._inputs, flat)}

        def lookup(x):
            if isinstance(x, KerasTensor) and id(x) in values:
                return values[id(x)]
            return x

        for node in self._nodes:
            args, kwargs = tree.map_structure(lookup, node.arguments_structure)
            results = run_operation(node.operation, args, kwargs)
            for output, value in zip(node.outputs, tree.flatten(results)):
                values[id(output)] = value
        return tree.pack_sequence_as(self._outputs_struct, [lookup(x) for x in self._outputs])

    def call(self, inputs):
        """Runs the graph on real tensors structured like the Function's ``inputs``."""
        return self._run_through_graph(inputs, lambda op, args, kwargs: op(*args, **kwargs))

    def compute_output_spec(self, inputs):
        """Infers the outputs' KerasTensors for KerasTensor inputs, recording no nodes."""

        def spec(operation, args, kwargs):
            # Layers build their weights from the input shapes before inferring specs.
            maybe_build = getattr(operation, "_maybe_build", None)
            if maybe_build is not None:
                maybe_build(args, kwargs)
            return operation.compute_output_spec(*args, **kwargs)

        return self._run_through_graph(inputs, spec)

    def get_config(self):
        raise NotImplementedError(
            "A Function is not serializable by config; serialize a kbackend.Model built "
            "from the same inputs and outputs instead."
        )


Function.__module__ = "kbackend"
