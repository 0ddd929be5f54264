"""Adam and AdamW."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class Adam(Optimizer):
    """Adam: adaptive moment estimation (Kingma & Ba, 2014).

    ``m += (g - m) * (1 - beta_1)``, ``v += (g**2 - v) * (1 - beta_2)``,
    ``w -= m * alpha / (sqrt(v) + epsilon)`` with
    ``alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`` at step ``t = iterations + 1``.
    With ``amsgrad`` the running maximum of ``v`` replaces ``v``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: decay of the first moment. Defaults to 0.9.
        beta_2: decay of the second moment. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: the base `Optimizer` arguments (name defaults to "adam").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.Adam(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name="adam", **kwargs):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs,
        )
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    @property
    def _fused_kind(self):
        return "adam" if type(self).update_step is Adam.update_step else None

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities, self._velocity_hats = [], [], []
        for v in variables:
            self._momentums.append(self.add_variable_from_reference(v, "momentum"))
            self._velocities.append(self.add_variable_from_reference(v, "velocity"))
        if self.amsgrad:
            self._velocity_hats = [
                self.add_variable_from_reference(v, "velocity_hat") for v in variables
            ]

    def _alpha(self, learning_rate, dtype):
        lr = ops.cast(learning_rate, dtype)
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), local_step)
        return ops.divide(ops.multiply(lr, ops.sqrt(ops.subtract(1, beta_2_power))),
                          ops.subtract(1, beta_1_power))

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        alpha = self._alpha(learning_rate, variable.dtype)
        m.assign(ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)))
        v.assign(ops.add(v.value, ops.multiply(
            ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2)))
        second = v.value
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            v_hat.assign(ops.maximum(v_hat.value, second))
            second = v_hat.value
        step = ops.divide(ops.multiply(m.value, alpha), ops.add(ops.sqrt(second), self.epsilon))
        variable.assign(ops.subtract(variable.value, step))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Before each Adam step, ``w -= w * weight_decay * lr`` (see
    `Optimizer.exclude_from_weight_decay`).

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        weight_decay: the decay rate. Defaults to 0.004.
        beta_1: decay of the first moment. Defaults to 0.9.
        beta_2: decay of the second moment. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: the base `Optimizer` arguments (name defaults to "adamw").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.AdamW(0.1, weight_decay=0.5).apply([ops.zeros((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.95
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name="adamw", **kwargs):
        if weight_decay is None:
            raise ValueError(
                "AdamW needs a float `weight_decay` (got None). Use Adam for no decay."
            )
        super().__init__(
            learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
            amsgrad=amsgrad, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs,
        )
