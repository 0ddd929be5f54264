"""plot_model / model_to_dot: draw a model's graph with pydot and Graphviz."""

import os
import shutil
import tempfile

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor


def _require_pydot():
    try:
        import pydot
    except ImportError:
        raise ImportError(
            "plot_model needs the `pydot` package: pip install pydot (and the Graphviz "
            "program: apt-get install graphviz, or brew install graphviz)."
        ) from None
    if shutil.which("dot") is None:
        raise ImportError(
            "plot_model needs the Graphviz `dot` program on PATH: apt-get install graphviz "
            "(or brew install graphviz / conda install graphviz)."
        )
    return pydot


def _format_shapes(tensors):
    shapes = [x.shape for x in tensors if isinstance(x, KerasTensor)]
    if not shapes:
        return "?"
    text = [str(tuple(s)).replace("None", "None") for s in shapes]
    return text[0] if len(text) == 1 else "[" + ", ".join(text) + "]"


def _label(operation, node, show_shapes, show_dtype, show_layer_names,
           show_layer_activations, show_trainable):
    title = type(operation).__name__
    if show_layer_names:
        title = f"{operation.name} ({title})"
    rows = [title]
    activation = getattr(operation, "activation", None)
    if show_layer_activations and activation is not None:
        rows.append(f"Activation: {getattr(activation, '__name__', str(activation))}")
    if show_trainable and hasattr(operation, "trainable"):
        rows.append(f"Trainable: {'Y' if operation.trainable else 'N'}")
    if show_shapes and node is not None:
        inputs = node.input_tensors or node.outputs
        rows.append(f"Input shape: {_format_shapes(inputs)}")
        rows.append(f"Output shape: {_format_shapes(node.outputs)}")
    if show_dtype and node is not None:
        dtypes_ = sorted({x.dtype for x in node.outputs if isinstance(x, KerasTensor)})
        rows.append(f"Output dtype: {', '.join(dtypes_)}")
    return "\n".join(rows)


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                 rankdir="TB", expand_nested=False, dpi=200, subgraph=False,
                 show_layer_activations=False, show_trainable=False, **kwargs):
    """Returns a ``pydot.Dot`` graph of a Functional or Sequential model.

    Args:
        model: a built Functional or Sequential model.
        show_shapes: add input/output shapes to each box.
        show_dtype: add output dtypes.
        show_layer_names: prefix each box with the layer name.
        rankdir: "TB" (top to bottom) or "LR" (left to right).
        expand_nested: draw nested models' layers inside a cluster.
        dpi: image resolution.
        show_layer_activations: show the activation of layers that have one.
        show_trainable: show whether each layer is trainable.

    Example:
    >>> import kbackend
    >>> from kbackend import layers
    >>> x = layers.Input((3,))
    >>> dot = model_to_dot(kbackend.Model(x, layers.Dense(2)(x)))  # doctest: +SKIP
    """
    pydot = _require_pydot()
    graph_model = getattr(model, "_functional", None) or model
    nodes = getattr(graph_model, "_nodes", None)
    if nodes is None:
        raise ValueError(
            f"plot_model needs a Functional or built Sequential model; {model.name!r} is a "
            "subclassed or unbuilt model, whose graph is not known. Build it with "
            "kbackend.Input(), or call it on data first (Sequential)."
        )
    if subgraph:
        dot = pydot.Cluster(style="dashed", graph_name=model.name, label=model.name)
    else:
        dot = pydot.Dot(graph_type="digraph", rankdir=rankdir, dpi=dpi, concentrate=True)
    dot.set_node_defaults(shape="record", fontname="Helvetica", fontsize="10")

    def node_id(operation):
        return str(id(operation))

    operations = list(getattr(graph_model, "operations", graph_model.layers))
    node_of = {}
    for operation in operations:
        own = [n for n in operation._inbound_nodes if n in nodes or n.is_input]
        node_of[id(operation)] = own[0] if own else None
    for operation in operations:
        label = _label(operation, node_of[id(operation)], show_shapes, show_dtype,
                       show_layer_names, show_layer_activations, show_trainable)
        if expand_nested and hasattr(operation, "_nodes"):
            cluster = model_to_dot(operation, show_shapes, show_dtype, show_layer_names,
                                   rankdir, expand_nested, dpi, subgraph=True,
                                   show_layer_activations=show_layer_activations,
                                   show_trainable=show_trainable)
            dot.add_subgraph(cluster)
        dot.add_node(pydot.Node(node_id(operation), label=label.replace("\n", "\\n")))
    for node in nodes:
        for x in tree.flatten(node.arguments_structure):
            if isinstance(x, KerasTensor) and x._keras_history is not None:
                source = x._keras_history.operation
                dot.add_edge(pydot.Edge(node_id(source), node_id(node.operation)))
    return dot


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=True, rankdir="TB", expand_nested=False, dpi=200,
               show_layer_activations=False, show_trainable=False, **kwargs):
    """Draws the model's graph to an image file (png, svg, pdf, dot...).

    Needs pydot and the Graphviz ``dot`` program; a clear ImportError names the missing
    one. The folder of ``to_file`` is created if needed; the file is written atomically.

    Args:
        model: a Functional or built Sequential model.
        to_file: output path; its extension picks the format.
        show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
            show_layer_activations, show_trainable: see `model_to_dot`.

    Returns:
        The ``to_file`` path.

    Example:
    >>> import kbackend
    >>> from kbackend import layers
    >>> x = layers.Input((3,))
    >>> plot_model(kbackend.Model(x, layers.Dense(2)(x)), "m.png")  # doctest: +SKIP
    'm.png'
    """
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations,
                       show_trainable=show_trainable)
    folder = os.path.dirname(os.path.abspath(to_file))
    os.makedirs(folder, exist_ok=True)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=f".{extension}")
    os.close(fd)
    try:
        dot.write(temporary, format=extension)
        os.replace(temporary, to_file)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return to_file
