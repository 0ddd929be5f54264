"""jax side of ``model.export(format="tf_saved_model")``: a jax2tf conversion.

See Note [saved model export] in ``backends/tensorflow/export.py``: this module turns
``model.stateless_call`` into a TensorFlow function of ``(variable values, inputs)``; the
generic ``kbackend.export`` hands it to the tensorflow side, which writes the SavedModel.
"""

import itertools

from kbackend import tree


def _polymorphic_shape(spec, names):
    # NOTE: unknown dims become jax2tf shape variables; the leading one is shared ("b")
    # so several inputs keep one batch size.
    dims = []
    for i, dim in enumerate(spec.shape):
        if dim is None:
            dims.append("b" if i == 0 else next(names))
        else:
            dims.append(str(int(dim)))
    return "(" + ", ".join(dims) + ")" if dims else "()"


def to_tf_function(model, signature):
    """Returns ``(values, trainable_count, tf_fn)`` for ``tf_fn(values, inputs)``."""
    from jax.experimental import jax2tf

    trainable = list(model.trainable_variables)
    non_trainable = list(model.non_trainable_variables)
    values = [v.numpy() for v in trainable + non_trainable]
    count = len(trainable)

    def serve(variable_values, inputs):
        outputs, _ = model.stateless_call(
            variable_values[:count], variable_values[count:], inputs, training=False
        )
        return outputs

    names = (f"d{i}" for i in itertools.count())
    input_shapes = tree.map_structure(lambda s: _polymorphic_shape(s, names), signature[0])
    tf_fn = jax2tf.convert(
        serve, polymorphic_shapes=[[None] * len(values), input_shapes], with_gradient=False
    )
    return values, count, tf_fn
