"""Schedule-Free AdamW (Defazio et al., 2024, "The Road Less Scheduled")."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """AdamW without a learning-rate schedule: interpolation plus online averaging.

    State per variable: ``z`` (the base SGD-like sequence), ``x`` (the weighted average of
    ``z``, the point to evaluate the model at) and the second moment ``v``. The model
    variable holds ``y = (1 - beta_1) * z + beta_1 * x``, where gradients are taken. With
    step ``t = iterations + 1``, ``lr_t = learning_rate * min(1, t / warmup_steps)``,
    ``lr_max = max(lr_max, lr_t)``, ``weight = t**r * lr_max**weight_lr_power`` and
    ``c = weight / sum(weights)``:

    ``v = beta_2 * v + (1 - beta_2) * g**2``;
    ``d = g / (sqrt(v / (1 - beta_2**t)) + epsilon) + weight_decay * y``;
    ``z -= lr_t * d``; ``x = (1 - c) * x + c * z``; ``y = (1 - beta_1) * z + beta_1 * x``.

    `finalize_variable_values` (called at the end of ``fit``) writes ``x`` into the model
    variables, as evaluation should use ``x``; the next `apply` continues from the stored
    ``z`` and ``x``. Weight decay is applied at ``y`` inside the rule, not by the base class.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.0025.
        beta_1: the interpolation factor between ``z`` and ``x``. Defaults to 0.9.
        beta_2: decay of the second moment. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-8.
        weight_decay: the decay rate (None or 0 for none).
        warmup_steps: linear learning-rate warmup length. Defaults to 0.
        r: the step-count exponent of the averaging weights. Defaults to 0.0.
        weight_lr_power: the learning-rate exponent of the averaging weights.
            Defaults to 2.0.
        **kwargs: the base `Optimizer` arguments (name defaults to "schedule_free_adamw").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.ScheduleFreeAdamW(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 3)
    0.9
    """

    def __init__(self, learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 weight_decay=None, warmup_steps=0, r=0.0, weight_lr_power=2.0,
                 name="schedule_free_adamw", **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, name=name,
                         **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps
        self.r = r
        self.weight_lr_power = weight_lr_power

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._z, self._x, self._velocities = [], [], []
        for v in variables:
            self._z.append(self.add_variable_from_reference(v, "z", initializer=_copy_of(v)))
            self._x.append(self.add_variable_from_reference(v, "x", initializer=_copy_of(v)))
            self._velocities.append(self.add_variable_from_reference(v, "velocity"))
        self._lr_max = self.add_variable((), initializer="zeros", dtype="float32",
                                         name="lr_max")
        self._weight_sum = self.add_variable((), initializer="zeros", dtype="float32",
                                             name="weight_sum")

    def _apply_weight_decay(self, variables):
        # Decay is part of the rule (applied at y), see the class docstring.
        return

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        step = ops.cast(ops.add(self.iterations.value, 1), "float32")
        lr = ops.cast(learning_rate, "float32")
        if self.warmup_steps:
            lr = ops.multiply(lr, ops.minimum(1.0, ops.divide(step, float(self.warmup_steps))))
        lr_max = ops.maximum(self._lr_max.value, lr)
        weight = ops.multiply(ops.power(step, self.r), ops.power(lr_max, self.weight_lr_power))
        weight_sum = ops.add(self._weight_sum.value, weight)
        safe_sum = ops.where(ops.greater(weight_sum, 0), weight_sum, ops.ones_like(weight_sum))
        self._ckp1 = ops.where(ops.greater(weight_sum, 0), ops.divide(weight, safe_sum), 0.0)
        self._bias_correction_2 = ops.subtract(1.0, ops.power(self.beta_2, step))
        self._lr_max.assign(lr_max)
        self._weight_sum.assign(weight_sum)
        for g, v in zip(grads, trainable_variables):
            self.update_step(g, v, lr)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        index = self._get_variable_index(variable)
        z, x, v = self._z[index], self._x[index], self._velocities[index]
        ckp1 = ops.cast(self._ckp1, dtype)
        y = variable.value
        v.assign(ops.add(ops.multiply(self.beta_2, v.value),
                         ops.multiply(1 - self.beta_2, ops.square(gradient))))
        denominator = ops.add(
            ops.sqrt(ops.divide(v.value, ops.cast(self._bias_correction_2, dtype))), self.epsilon)
        direction = ops.divide(gradient, denominator)
        if self.weight_decay:
            direction = ops.add(direction, ops.multiply(self.weight_decay, y))
        z.assign(ops.subtract(z.value, ops.multiply(lr, direction)))
        x.assign(ops.add(ops.multiply(ops.subtract(1.0, ckp1), x.value),
                         ops.multiply(ckp1, z.value)))
        variable.assign(ops.add(ops.multiply(1 - self.beta_1, z.value),
                                ops.multiply(self.beta_1, x.value)))

    def finalize_variable_values(self, var_list):
        """Writes the averaged point ``x`` into the model variables (for evaluation)."""
        super().finalize_variable_values(var_list)
        if not self.built:
            return
        for variable in var_list:
            variable.assign(self._x[self._get_variable_index(variable)].value)

    def get_config(self):
        config = super().get_config()
        config.update({
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "warmup_steps": self.warmup_steps,
            "r": self.r,
            "weight_lr_power": self.weight_lr_power,
        })
        return config


def _copy_of(variable):
    def initializer(shape, dtype=None):
        # NOTE: a copy: a torch Variable built from a tensor would share its storage.
        return ops.copy(ops.cast(variable.value, dtype or variable.dtype))

    return initializer
