"""Lion and Lamb."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class Lion(Optimizer):
    """Lion (Chen et al., 2023): signed momentum updates.

    ``w -= lr * sign(beta_1 * m + (1 - beta_1) * g)``; then ``m = beta_2 * m + (1 - beta_2) * g``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: interpolation factor of the update direction. Defaults to 0.9.
        beta_2: decay of the momentum. Defaults to 0.99.
        **kwargs: the base `Optimizer` arguments (name defaults to "lion").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Lion(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, name="lion", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                f"`beta_1` must be in (0, 1]. Received: beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        m = self._momentums[self._get_variable_index(variable)]
        direction = ops.add(ops.multiply(m.value, self.beta_1),
                            ops.multiply(gradient, 1.0 - self.beta_1))
        variable.assign(ops.subtract(variable.value, ops.multiply(lr, ops.sign(direction))))
        m.assign(ops.add(ops.multiply(m.value, self.beta_2),
                         ops.multiply(gradient, 1.0 - self.beta_2)))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config


class Lamb(Optimizer):
    """Lamb (You et al., 2019): Adam steps rescaled by a layer-wise trust ratio.

    ``update = m_hat / (sqrt(v_hat) + epsilon)``; ``ratio = ||w|| / ||update||`` (1 when
    either norm is 0); ``w -= lr * ratio * update``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: decay of the first moment. Defaults to 0.9.
        beta_2: decay of the second moment. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (name defaults to "lamb").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([3.0, 4.0])
    >>> optimizers.Lamb(0.1).apply([ops.ones((2,))], [w])
    >>> [round(x, 3) for x in w.numpy().tolist()]
    [2.646, 3.646]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="lamb", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = [], []
        for v in variables:
            self._momentums.append(self.add_variable_from_reference(v, "momentum"))
            self._velocities.append(self.add_variable_from_reference(v, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), local_step)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        m.assign(ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)))
        v.assign(ops.add(v.value, ops.multiply(
            ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2)))
        m_hat = ops.divide(m.value, ops.subtract(1.0, beta_1_power))
        v_sqrt = ops.add(ops.sqrt(ops.divide(v.value, ops.subtract(1.0, beta_2_power))),
                         self.epsilon)
        update = ops.divide(m_hat, v_sqrt)
        w_norm = ops.sqrt(ops.sum(ops.square(variable.value)))
        g_norm = ops.sqrt(ops.sum(ops.square(update)))
        one = ops.ones_like(w_norm)
        ratio = ops.where(
            ops.greater(w_norm, 0),
            ops.where(ops.greater(g_norm, 0), ops.divide(w_norm, ops.where(
                ops.greater(g_norm, 0), g_norm, one)), one),
            one,
        )
        variable.assign(ops.subtract(variable.value, ops.multiply(ops.multiply(lr, ratio),
                                                                  update)))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
