"""LossScaleOptimizer: dynamic loss scaling for float16 training."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer
from kbackend.optimizers.conditional import apply_if
from kbackend.saving import serialization_lib


class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with dynamic loss scaling.

    The loss is multiplied by ``dynamic_scale`` (`scale_loss`) before differentiation so
    float16 gradients do not underflow; `apply` divides the gradients by the scale. If any
    gradient is not finite the step is skipped (the inner optimizer is untouched) and the
    scale is halved; after ``dynamic_growth_steps`` consecutive finite steps it is doubled.
    The branch is taken with ``ops.where`` (Note [conditional updates]), so it runs compiled.

    Args:
        inner_optimizer: the `Optimizer` to wrap.
        initial_scale: the starting loss scale. Defaults to 2**15.
        dynamic_growth_steps: finite steps between doublings. Defaults to 2000.
        name: the optimizer's name.
        **kwargs: other base `Optimizer` arguments.

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> opt = optimizers.LossScaleOptimizer(optimizers.SGD(1.0), initial_scale=4.0)
    >>> opt.apply([ops.convert_to_tensor([float("inf")])], [w])
    >>> w.numpy().tolist(), float(opt.dynamic_scale.numpy())
    ([1.0], 2.0)
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs):
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "LossScaleOptimizer wraps an optimizer instance, e.g. "
                "LossScaleOptimizer(kbackend.optimizers.Adam()). Received: "
                f"inner_optimizer={inner_optimizer!r}."
            )
        super().__init__(learning_rate=0.0, name=name, **kwargs)
        # NOTE: the step counter and learning rate are the inner optimizer's.
        self._variables = []
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.inner_optimizer.learning_rate = value

    @property
    def variables(self):
        return list(self._variables) + self.inner_optimizer.variables

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.step_counter = self.add_variable((), initializer="zeros", dtype="int64",
                                              name="step_counter")
        self.dynamic_scale = self.add_variable(
            (), initializer=lambda shape, dtype: ops.full(shape, self.initial_scale, dtype),
            dtype="float32", name="dynamic_scale",
        )
        self.inner_optimizer.build(variables)

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if trainable_variables is None:
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        if not pairs:
            return
        grads = [ops.convert_to_tensor(g) for g, _ in pairs]
        variables = [v for _, v in pairs]
        finite = None
        for g in grads:
            ok = ops.all(ops.isfinite(g))
            finite = ok if finite is None else ops.logical_and(finite, ok)

        def finite_step():
            scale = self.dynamic_scale.value
            self.inner_optimizer.apply(
                [ops.divide(g, ops.cast(scale, g.dtype)) for g in grads], variables)
            at_growth = ops.equal(self.step_counter.value, self.dynamic_growth_steps - 1)
            self.step_counter.assign(ops.where(
                at_growth, ops.zeros_like(self.step_counter.value),
                ops.add(self.step_counter.value, 1)))
            self.dynamic_scale.assign(ops.where(at_growth, ops.multiply(scale, 2.0), scale))

        def skipped_step():
            self.step_counter.assign(ops.zeros_like(self.step_counter.value))
            self.dynamic_scale.assign(ops.divide(self.dynamic_scale.value, 2.0))

        apply_if(finite, finite_step, skipped_step)

    def scale_loss(self, loss):
        """Multiplies ``loss`` by the current loss scale (call before differentiating)."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return ops.multiply(loss, ops.cast(scale, ops.convert_to_tensor(loss).dtype))

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["inner_optimizer"] = serialization_lib.deserialize_keras_object(
            config["inner_optimizer"], custom_objects=custom_objects)
        return cls(**config)
