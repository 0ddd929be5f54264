"""FTRL-Proximal."""

from kbackend import initializers, ops
from kbackend.optimizers.base_optimizer import Optimizer


class Ftrl(Optimizer):
    """Follow The Regularized Leader (McMahan et al., 2013), with L1/L2 regularization.

    ``g' = g + 2 * l2_shrinkage * w``; ``n_new = n + g**2``;
    ``z += g' - (n_new**(-p) - n**(-p)) / lr * w`` (``p = learning_rate_power``);
    ``w = (clip(z, -l1, l1) - z) / (n_new**(-p) / lr + 2 * (l2 + beta / (2 * lr)))``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        learning_rate_power: float <= 0. Defaults to -0.5.
        initial_accumulator_value: the accumulators' starting value (>= 0). Defaults to 0.1.
        l1_regularization_strength: float >= 0. Defaults to 0.0.
        l2_regularization_strength: float >= 0. Defaults to 0.0.
        l2_shrinkage_regularization_strength: float >= 0 (magnitude penalty). Defaults to 0.0.
        beta: float. Defaults to 0.0.
        **kwargs: the base `Optimizer` arguments (name defaults to "ftrl").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([0.0])
    >>> optimizers.Ftrl(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    -0.0953
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, l2_shrinkage_regularization_strength=0.0,
                 beta=0.0, name="ftrl", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        for arg, value in (("initial_accumulator_value", initial_accumulator_value),
                           ("l1_regularization_strength", l1_regularization_strength),
                           ("l2_regularization_strength", l2_regularization_strength),
                           ("l2_shrinkage_regularization_strength",
                            l2_shrinkage_regularization_strength)):
            if value < 0.0:
                raise ValueError(f"`{arg}` must be >= 0. Received: {arg}={value}.")
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` must be <= 0. Received: "
                f"learning_rate_power={learning_rate_power}."
            )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        initializer = initializers.Constant(self.initial_accumulator_value)
        self._accumulators, self._linears = [], []
        for v in variables:
            self._accumulators.append(
                self.add_variable_from_reference(v, "accumulator", initializer=initializer))
            self._linears.append(self.add_variable_from_reference(v, "linear"))

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        index = self._get_variable_index(variable)
        accumulator, linear = self._accumulators[index], self._linears[index]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = ops.add(self.l2_regularization_strength, ops.divide(self.beta, ops.multiply(2.0, lr)))
        w = variable.value
        grad_to_use = ops.add(gradient, ops.multiply(
            2 * self.l2_shrinkage_regularization_strength, w))
        new_accumulator = ops.add(accumulator.value, ops.square(gradient))
        sigma = ops.divide(ops.subtract(ops.power(new_accumulator, power),
                                        ops.power(accumulator.value, power)), lr)
        linear.assign(ops.add(linear.value, ops.subtract(grad_to_use, ops.multiply(sigma, w))))
        quadratic = ops.add(ops.divide(ops.power(new_accumulator, power), lr),
                            ops.multiply(2.0, l2))
        clipped = ops.clip(linear.value, -l1, l1)
        variable.assign(ops.divide(ops.subtract(clipped, linear.value), quadratic))
        accumulator.assign(new_accumulator)

    def get_config(self):
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        })
        return config
