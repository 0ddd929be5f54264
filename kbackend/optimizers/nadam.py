"""Nadam: Adam with Nesterov momentum."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam (Dozat, 2015): Adam with a Nesterov-style momentum schedule.

    With ``u_t = beta_1 * (1 - 0.5 * 0.96**t)`` and ``u_product = prod(u_1..u_t)``:
    ``m_hat = u_{t+1} * m / (1 - u_product * u_{t+1}) + (1 - u_t) * g / (1 - u_product)``,
    ``v_hat = v / (1 - beta_2**t)``, ``w -= lr * m_hat / (sqrt(v_hat) + epsilon)``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: decay of the first moment. Defaults to 0.9.
        beta_2: decay of the second moment. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (name defaults to "nadam").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Nadam(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 2)
    0.89
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="nadam", **kwargs):
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
        dtype = variables[0].dtype if variables else None
        self._u_product = self.add_variable(shape=(), initializer="ones", dtype=dtype,
                                            name="u_product")

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # u_product advances once per step, before the per-variable updates read it.
        dtype = self._u_product.dtype
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        u_t = ops.multiply(self.beta_1, ops.subtract(1.0, ops.multiply(
            0.5, ops.power(ops.cast(0.96, dtype), local_step))))
        self._u_product.assign(ops.multiply(self._u_product.value, u_t))
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        next_step = ops.cast(ops.add(self.iterations.value, 2), dtype)
        decay = ops.cast(0.96, dtype)
        u_t = ops.multiply(self.beta_1, ops.subtract(1.0, ops.multiply(
            0.5, ops.power(decay, local_step))))
        u_t_1 = ops.multiply(self.beta_1, ops.subtract(1.0, ops.multiply(
            0.5, ops.power(decay, next_step))))
        u_product_t = ops.cast(self._u_product.value, dtype)
        u_product_t_1 = ops.multiply(u_product_t, u_t_1)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), local_step)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        m.assign(ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)))
        v.assign(ops.add(v.value, ops.multiply(
            ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2)))
        m_hat = ops.add(
            ops.divide(ops.multiply(u_t_1, m.value), ops.subtract(1.0, u_product_t_1)),
            ops.divide(ops.multiply(ops.subtract(1.0, u_t), gradient),
                       ops.subtract(1.0, u_product_t)),
        )
        v_hat = ops.divide(v.value, ops.subtract(1.0, beta_2_power))
        variable.assign(ops.subtract(variable.value, ops.divide(
            ops.multiply(m_hat, lr), ops.add(ops.sqrt(v_hat), self.epsilon))))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
