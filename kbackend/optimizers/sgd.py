"""Stochastic gradient descent with optional (Nesterov) momentum."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional momentum.

    Without momentum: ``w = w - learning_rate * g``. With momentum:
    ``velocity = momentum * velocity - learning_rate * g`` then ``w = w + velocity``; with
    ``nesterov=True``: ``w = w + momentum * velocity - learning_rate * g``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.01.
        momentum: float >= 0. Defaults to 0.0.
        nesterov: whether to use Nesterov momentum.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, ...; name
            defaults to "SGD").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.SGD(0.1, momentum=0.9).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name="SGD", **kwargs):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs,
        )
        if not isinstance(momentum, (int, float)) or momentum < 0 or momentum > 1:
            raise ValueError(
                f"`momentum` must be a float in [0, 1]. Received: momentum={momentum!r}."
            )
        self.momentum = momentum
        self.nesterov = nesterov

    @property
    def _fused_kind(self):
        return "sgd" if type(self).update_step is SGD.update_step else None

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        if self.momentum == 0:
            variable.assign(ops.subtract(variable.value, ops.multiply(gradient, lr)))
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = ops.cast(self.momentum, variable.dtype)
        step = ops.multiply(ops.negative(gradient), lr)
        m.assign(ops.add(step, ops.multiply(m.value, momentum)))
        if self.nesterov:
            variable.assign(ops.add(variable.value, ops.add(step, ops.multiply(m.value, momentum))))
        else:
            variable.assign(ops.add(variable.value, m.value))

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
