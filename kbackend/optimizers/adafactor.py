"""Adafactor: factored second moments for memory-light adaptive rates."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


def _rms(x):
    return ops.sqrt(ops.mean(ops.square(x)))


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018).

    For variables of rank >= 2 the second moment is stored factored: a row statistic ``r``
    (mean over the last axis) and a column statistic ``c`` (mean over the second-to-last
    axis), recombined as ``v = (r / mean(r))[..., None] * c[..., None, :]``; lower-rank
    variables keep a full ``v``. With ``t = iterations + 1``:
    ``beta_2_t = 1 - t**beta_2_decay``, ``rho_t = min(lr, 1 / sqrt(t))``,
    ``alpha_t = max(epsilon_2, rms(w)) * rho_t``, ``u = g / sqrt(v)``,
    ``w -= alpha_t * u / max(1, rms(u) / clip_threshold)``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_2_decay: the decay exponent of the second moment. Defaults to -0.8.
        epsilon_1: regularizer of the squared gradient. Defaults to 1e-30.
        epsilon_2: the minimum relative step scale. Defaults to 1e-3.
        clip_threshold: the update RMS clipping threshold. Defaults to 1.0.
        relative_step: cap a float learning rate at ``1 / sqrt(t)``. Defaults to True.
        **kwargs: the base `Optimizer` arguments (name defaults to "adafactor").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([[1.0, 2.0], [3.0, 4.0]])
    >>> optimizers.Adafactor(0.1).apply([ops.ones((2, 2))], [w])
    >>> w.shape
    (2, 2)
    """

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30,
                 epsilon_2=1e-3, clip_threshold=1.0, relative_step=True, name="adafactor",
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._r, self._c, self._v = [], [], []
        for var in variables:
            if len(var.shape) < 2:
                # Not factored: no row/column statistics for this variable.
                self._r.append(None)
                self._c.append(None)
            else:
                r_shape = var.shape[:-1]
                c_shape = var.shape[:-2] + (var.shape[-1],)
                self._r.append(self.add_variable(r_shape, dtype=var.dtype,
                                                 name=_slot_name(var, "r")))
                self._c.append(self.add_variable(c_shape, dtype=var.dtype,
                                                 name=_slot_name(var, "c")))
            self._v.append(self.add_variable_from_reference(var, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        if self.relative_step and not callable(self._learning_rate):
            lr = ops.minimum(lr, ops.divide(1.0, ops.sqrt(local_step)))
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        rho_t = ops.minimum(lr, ops.divide(1.0, ops.sqrt(local_step)))
        alpha_t = ops.multiply(ops.maximum(self.epsilon_2, _rms(variable.value)), rho_t)
        squared = ops.add(ops.square(gradient), self.epsilon_1)
        beta_2_t = ops.subtract(1.0, ops.power(local_step, self.beta_2_decay))
        if r is not None:
            r.assign(ops.add(ops.multiply(beta_2_t, r.value), ops.multiply(
                ops.subtract(1.0, beta_2_t), ops.mean(squared, axis=-1))))
            c.assign(ops.add(ops.multiply(beta_2_t, c.value), ops.multiply(
                ops.subtract(1.0, beta_2_t), ops.mean(squared, axis=-2))))
            row = ops.divide(r.value, ops.mean(r.value, axis=-1, keepdims=True))
            v.assign(ops.multiply(ops.expand_dims(row, -1), ops.expand_dims(c.value, -2)))
        else:
            v.assign(ops.add(ops.multiply(beta_2_t, v.value),
                             ops.multiply(ops.subtract(1.0, beta_2_t), squared)))
        u = ops.divide(gradient, ops.sqrt(v.value))
        u_hat = ops.divide(u, ops.maximum(1.0, ops.divide(_rms(u), self.clip_threshold)))
        variable.assign(ops.subtract(variable.value, ops.multiply(alpha_t, u_hat)))

    def get_config(self):
        config = super().get_config()
        config.update({
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        })
        return config


def _slot_name(variable, suffix):
    base = getattr(variable, "path", None) or str(variable.name)
    return base.replace("/", "_") + "_" + suffix
