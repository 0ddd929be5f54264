"""Functional: a model that is the graph of layer calls between input and output tensors."""

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.masking import set_keras_mask
from kbackend.layers.core.input_layer import InputLayer
from kbackend.layers.layer import Layer
from kbackend.models.model import Model
from kbackend.saving import serialization_lib


def _history(tensor):
    history = tensor._keras_history
    if history is None:
        raise ValueError(
            f"{tensor} was not produced by a layer or Input(); a Functional model's inputs "
            "and outputs must come from kbackend.Input() and layer calls."
        )
    return history


def build_graph(inputs, outputs):
    """Finds the nodes between ``inputs`` and ``outputs``, in an executable order.

    Returns ``(nodes, layers)``; raises a ValueError naming the tensor and layer when an
    output depends on a tensor that is not among the inputs.
    """
    input_ids = {id(x) for x in inputs}
    ordered_nodes, visited, on_stack = [], set(), set()

    def visit(tensor, path_layer):
        if id(tensor) in input_ids:
            return
        operation, node_index, _ = _history(tensor)
        node = operation._inbound_nodes[node_index]
        if id(node) in visited:
            return
        if id(node) in on_stack:
            raise ValueError(f"The graph has a cycle through layer {operation.name!r}.")
        if node.is_input:
            raise ValueError(
                f"Graph disconnected: cannot obtain a value for tensor {tensor} (from "
                f"layer {operation.name!r}), needed by layer {path_layer!r}. It is not among "
                f"the model's inputs {[getattr(x, 'name', None) for x in inputs]}; pass it "
                "as an input or build the outputs from the given inputs."
            )
        on_stack.add(id(node))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor, operation.name)
        on_stack.discard(id(node))
        visited.add(id(node))
        ordered_nodes.append(node)

    for output in outputs:
        visit(output, "(model output)")
    layers = []
    for x in inputs:
        layer = _history(x).operation
        if layer not in layers:
            layers.append(layer)
    for node in ordered_nodes:
        if node.operation not in layers:
            layers.append(node.operation)
    return ordered_nodes, layers


def _adjust_rank(value, spec):
    """Adds or drops a trailing axis of size 1, as Keras does for ``(n,)`` vs ``(n, 1)``."""
    from kbackend import ops

    shape = getattr(value, "shape", None)
    if shape is None or value is None:
        return value
    expected = len(spec.shape)
    if len(shape) == expected - 1 and spec.shape[-1] == 1:
        return ops.expand_dims(value, -1)
    if len(shape) == expected + 1 and shape[-1] == 1:
        return ops.squeeze(value, -1)
    return value


class Functional(Model):
    """A model defined by connecting layers from `Input` tensors to output tensors.

    Usually created as ``kbackend.Model(inputs, outputs)``.

    Args:
        inputs: a KerasTensor, or a list or dict of them (from `kbackend.Input`).
        outputs: a KerasTensor, or a list or dict of them.
        name: model name.

    Example:
    >>> from kbackend import layers
    >>> x = layers.Input((3,))
    >>> model = Functional(x, layers.Dense(2)(x))
    >>> model.output_shape
    (None, 2)
    """

    def __init__(self, inputs, outputs, name=None, **kwargs):
        trainable = kwargs.pop("trainable", True)
        Layer.__init__(self, name=name, **kwargs)
        flat_inputs, flat_outputs = tree.flatten(inputs), tree.flatten(outputs)
        for x in flat_inputs + flat_outputs:
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    f"Model {self.name!r}: inputs and outputs must be KerasTensors (from "
                    f"kbackend.Input() and layer calls), got {type(x).__name__}: {x!r}."
                )
        names = [getattr(_history(x).operation, "name", None) for x in flat_inputs]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(
                f"Model {self.name!r}: input names must be unique, {sorted(duplicates)} "
                "appear more than once."
            )
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._flat_inputs = flat_inputs
        self._flat_outputs = flat_outputs
        self._nodes, graph_layers = build_graph(flat_inputs, flat_outputs)
        layer_names = [layer.name for layer in graph_layers]
        clashes = {n for n in layer_names if layer_names.count(n) > 1}
        if clashes:
            raise ValueError(
                f"Model {self.name!r}: all layer names must be unique, but "
                f"{sorted(clashes)} is used by several layers. Give them distinct names."
            )
        self._graph_layers = graph_layers
        self.built = True
        self._build_shapes = tree.map_structure(lambda x: x.shape, inputs)
        if not trainable:
            self.trainable = False

    # The graph's layers are tracked explicitly (not as attributes).
    def _flat_layers(self):
        own = self.layers
        return own + [layer for layer in super()._flat_layers() if layer not in own]

    @property
    def operations(self):
        """Every operation of the graph (layers and ops such as ``ops.add``), in order."""
        return list(self._graph_layers)

    @property
    def layers(self):
        return [op for op in self._graph_layers if isinstance(op, Layer)]

    @property
    def inputs(self):
        return self._flat_inputs

    @property
    def outputs(self):
        return self._flat_outputs

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        return tree.map_structure(lambda x: x.shape, self._inputs_struct)

    @property
    def output_shape(self):
        return tree.map_structure(lambda x: x.shape, self._outputs_struct)

    @property
    def input_names(self):
        return [_history(x).operation.name for x in self._flat_inputs]

    @property
    def output_names(self):
        return [_history(x).operation.name for x in self._flat_outputs]

    def _standardize_inputs(self, inputs):
        """Matches user inputs (single, list, or dict by input name) to the input tensors."""
        if isinstance(inputs, dict) and not isinstance(self._inputs_struct, dict):
            names = self.input_names
            unknown = [k for k in inputs if k not in names]
            missing = [n for n in names if n not in inputs]
            if unknown or missing:
                raise ValueError(
                    f"Model {self.name!r} expects inputs named {names}; got keys "
                    f"{sorted(inputs)} (unknown: {unknown}, missing: {missing})."
                )
            return [inputs[n] for n in names]
        if isinstance(self._inputs_struct, dict):
            if not isinstance(inputs, dict):
                raise ValueError(
                    f"Model {self.name!r} expects a dict of inputs with keys "
                    f"{sorted(self._inputs_struct)}, got {type(inputs).__name__}."
                )
            missing = [k for k in self._inputs_struct if k not in inputs]
            if missing:
                raise ValueError(
                    f"Model {self.name!r}: missing inputs {missing}; expected keys "
                    f"{sorted(self._inputs_struct)}."
                )
            return tree.flatten({k: inputs[k] for k in self._inputs_struct})
        flat = tree.flatten(inputs)
        if len(flat) != len(self._flat_inputs):
            raise ValueError(
                f"Model {self.name!r} expects {len(self._flat_inputs)} input(s) "
                f"{self.input_names}, but it was called on {len(flat)} input(s)."
            )
        return [_adjust_rank(x, spec) for x, spec in zip(flat, self._flat_inputs)]

    def _run_graph(self, inputs, call_operation, masks=None):
        flat = self._standardize_inputs(inputs)
        values = {id(spec): tensor for tensor, spec in zip(flat, self._flat_inputs)}
        if masks is not None:
            for value, mask in zip(flat, tree.flatten(masks)):
                if mask is not None:
                    set_keras_mask(value, mask)

        def lookup(x):
            if isinstance(x, KerasTensor):
                key = id(x)
                if key not in values:
                    raise ValueError(f"Model {self.name!r}: missing value for {x}.")
                return values[key]
            return x

        for node in self._nodes:
            call_args = node.call_args
            if (not node.call_kwargs and len(call_args) == 1
                    and isinstance(call_args[0], KerasTensor)):
                # The common node, one tensor in: no tree walk (same lookup and error).
                args, kwargs = (lookup(call_args[0]),), {}
            else:
                args, kwargs = tree.map_structure(lookup, node.arguments_structure)
            outputs = call_operation(node.operation, args, kwargs)
            for kt, value in zip(node.outputs, tree.flatten(outputs)):
                values[id(kt)] = value
        return tree.pack_sequence_as(
            self._outputs_struct, [lookup(x) for x in self._flat_outputs]
        )

    def call(self, inputs, training=None, mask=None):
        return self._run_graph(
            inputs, lambda op, args, kwargs: op(*args, **kwargs), masks=mask
        )

    def compute_output_spec(self, inputs, training=None, mask=None):
        def spec(operation, args, kwargs):
            if isinstance(operation, Layer):
                operation._maybe_build(args, kwargs)
            return operation.compute_output_spec(*args, **kwargs)

        return self._run_graph(inputs, spec)

    def compute_output_shape(self, input_shape):
        inputs = tree.map_shape_structure(lambda s: KerasTensor(s), input_shape)
        return tree.map_structure(lambda x: x.shape, self.compute_output_spec(inputs))

    # --- configuration --------------------------------------------------------------
    def get_config(self):
        node_ids = {id(node) for node in self._nodes}
        reindex = {}
        for layer in self._graph_layers:
            kept = [n for n in layer._inbound_nodes if n.is_input or id(n) in node_ids]
            for new_index, node in enumerate(kept):
                reindex[(id(layer), layer._inbound_nodes.index(node))] = new_index

        def tensor_ref(x):
            operation, node_index, tensor_index = _history(x)
            return [operation.name, reindex.get((id(operation), node_index), node_index),
                    tensor_index]

        def serialize_argument(x):
            if isinstance(x, KerasTensor):
                return {"class_name": "__keras_tensor__",
                        "config": {"shape": list(x.shape), "dtype": x.dtype,
                                   "keras_history": tensor_ref(x)}}
            return serialization_lib.serialize_keras_object(x)

        layer_configs = []
        for layer in self._graph_layers:
            config = serialization_lib.serialize_keras_object(layer)
            config["name"] = layer.name
            nodes = []
            for node in layer._inbound_nodes:
                if node.is_input or id(node) not in node_ids:
                    continue
                nodes.append({
                    "args": [tree.map_structure(serialize_argument, a) if tree.is_nested(a)
                             else serialize_argument(a) for a in node.call_args],
                    "kwargs": {k: tree.map_structure(serialize_argument, v)
                               for k, v in node.call_kwargs.items()},
                })
            config["inbound_nodes"] = nodes
            layer_configs.append(config)

        def refs(structure):
            if isinstance(structure, dict):
                return {k: tensor_ref(v) for k, v in structure.items()}
            if isinstance(structure, (list, tuple)):
                return [tensor_ref(x) for x in structure]
            return tensor_ref(structure)

        return {
            "name": self.name,
            "trainable": self.trainable,
            "layers": layer_configs,
            "input_layers": refs(self._inputs_struct),
            "output_layers": refs(self._outputs_struct),
        }



def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds a Functional model (same graph, shared layers, nested models) from config."""
    created = {}
    pending = []
    for layer_config in config["layers"]:
        layer = serialization_lib.deserialize_keras_object(
            {k: v for k, v in layer_config.items() if k != "inbound_nodes"}, custom_objects
        )
        created[layer_config["name"]] = layer
        pending.append((layer, list(layer_config.get("inbound_nodes", []))))

    def output_of(name, node_index, tensor_index):
        layer = created.get(name)
        if layer is None:
            raise ValueError(f"The config refers to an unknown layer {name!r}.")
        if node_index >= len(layer._inbound_nodes):
            return None
        outputs = layer._inbound_nodes[node_index].outputs
        return outputs[tensor_index]

    def resolve(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            tensor = output_of(*x["config"]["keras_history"])
            if tensor is None:
                raise LookupError
            return tensor
        if isinstance(x, dict) and "class_name" in x:
            return serialization_lib.deserialize_keras_object(x, custom_objects)
        if isinstance(x, dict):
            return {k: resolve(v) for k, v in x.items()}
        if isinstance(x, list):
            return [resolve(v) for v in x]
        return x

    # Layers are called in the order their inputs become available.
    while any(nodes for _, nodes in pending):
        progressed = False
        for layer, nodes in pending:
            while nodes:
                try:
                    args = [resolve(a) for a in nodes[0]["args"]]
                    kwargs = {k: resolve(v) for k, v in nodes[0].get("kwargs", {}).items()}
                except LookupError:
                    break
                layer(*args, **kwargs)
                nodes.pop(0)
                progressed = True
        if not progressed:
            stuck = [layer.name for layer, nodes in pending if nodes]
            raise ValueError(f"Could not rebuild the graph: layers {stuck} never get inputs.")

    def tensors(refs):
        if isinstance(refs, dict):
            return {k: output_of(*v) for k, v in refs.items()}
        if refs and isinstance(refs[0], (list, tuple)):
            return [output_of(*r) for r in refs]
        return output_of(*refs)

    inputs = tensors(config["input_layers"])
    outputs = tensors(config["output_layers"])
    extra = {k: v for k, v in config.items()
             if k not in ("layers", "input_layers", "output_layers")}
    return cls(inputs=inputs, outputs=outputs, **extra)


InputLayer.__module__ = "kbackend.layers"
