"""Adadelta, Adagrad and Adamax."""

from kbackend import initializers, ops
from kbackend.optimizers.base_optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta: per-dimension rates from running averages of squared gradients and steps.

    ``acc_g = rho * acc_g + (1 - rho) * g**2``;
    ``delta = -sqrt(acc_delta + eps) / sqrt(acc_g + eps) * g``;
    ``acc_delta = rho * acc_delta + (1 - rho) * delta**2``; ``w += lr * delta``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        rho: the decay rate. Defaults to 0.95.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (name defaults to "adadelta").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Adadelta(1.0).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9986
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name="adadelta",
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = [], []
        for v in variables:
            self._accumulated_grads.append(self.add_variable_from_reference(v, "accumulated_grad"))
            self._accumulated_delta_vars.append(
                self.add_variable_from_reference(v, "accumulated_delta_var"))

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        index = self._get_variable_index(variable)
        acc_grad = self._accumulated_grads[index]
        acc_delta = self._accumulated_delta_vars[index]
        rho = self.rho
        acc_grad.assign(ops.add(ops.multiply(rho, acc_grad.value),
                                ops.multiply(1 - rho, ops.square(gradient))))

        def rms(x):
            return ops.sqrt(ops.add(x, self.epsilon))

        delta = ops.divide(ops.multiply(ops.negative(rms(acc_delta.value)), gradient),
                           rms(acc_grad.value))
        acc_delta.assign(ops.add(ops.multiply(rho, acc_delta.value),
                                 ops.multiply(1 - rho, ops.square(delta))))
        variable.assign(ops.add(variable.value, ops.multiply(lr, delta)))

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config


class Adagrad(Optimizer):
    """Adagrad: rates scaled by the accumulated sum of squared gradients.

    ``acc += g**2``; ``w -= lr * g / sqrt(acc + epsilon)``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        initial_accumulator_value: the accumulators' starting value. Defaults to 0.1.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (name defaults to "adagrad").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Adagrad(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9047
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 name="adagrad", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        initializer = initializers.Constant(self.initial_accumulator_value)
        self._accumulators = [
            self.add_variable_from_reference(v, "accumulator", initializer=initializer)
            for v in variables
        ]

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        accumulator.assign(ops.add(accumulator.value, ops.square(gradient)))
        variable.assign(ops.subtract(variable.value, ops.divide(
            ops.multiply(lr, gradient), ops.sqrt(ops.add(accumulator.value, self.epsilon)))))

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config


class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm in place of the second moment.

    ``m += (g - m) * (1 - beta_1)``; ``u = max(beta_2 * u, |g|)``;
    ``w -= lr * m / ((1 - beta_1**t) * (u + epsilon))``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: decay of the first moment. Defaults to 0.9.
        beta_2: decay of the infinity norm. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (name defaults to "adamax").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Adamax(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="adamax", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._m, self._u = [], []
        for v in variables:
            self._m.append(self.add_variable_from_reference(v, "momentum"))
            self._u.append(self.add_variable_from_reference(v, "norm"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step)
        index = self._get_variable_index(variable)
        m, u = self._m[index], self._u[index]
        m.assign(ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)))
        u.assign(ops.maximum(ops.multiply(self.beta_2, u.value), ops.abs(gradient)))
        denominator = ops.multiply(ops.subtract(1, beta_1_power), ops.add(u.value, self.epsilon))
        variable.assign(ops.subtract(variable.value,
                                     ops.divide(ops.multiply(lr, m.value), denominator)))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
