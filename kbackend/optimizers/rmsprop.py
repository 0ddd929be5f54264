"""RMSprop."""

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class RMSprop(Optimizer):
    """Divides the gradient by a moving root-mean-square of recent gradients.

    ``velocity = rho * velocity + (1 - rho) * g**2``; the step is
    ``lr * g / sqrt(velocity + epsilon)`` (centered: ``velocity - average_gradient**2`` under
    the root, with ``average_gradient = rho * average_gradient + (1 - rho) * g``); with
    momentum the step feeds ``momentum_slot = momentum * momentum_slot + step``.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        rho: the discounting factor. Defaults to 0.9.
        momentum: float >= 0. Defaults to 0.0.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        centered: normalize by the estimated variance instead of the second moment.
        **kwargs: the base `Optimizer` arguments (name defaults to "rmsprop").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable([1.0])
    >>> optimizers.RMSprop(0.1).apply([ops.ones((1,))], [w])
    >>> round(float(w.numpy()[0]), 3)
    0.684
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name="rmsprop", **kwargs):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs,
        )
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in variables]
        self._momentums = []
        if self.momentum > 0:
            self._momentums = [
                self.add_variable_from_reference(v, "momentum") for v in variables
            ]
        self._average_gradients = []
        if self.centered:
            self._average_gradients = [
                self.add_variable_from_reference(v, "average_gradient") for v in variables
            ]

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        velocity.assign(ops.add(ops.multiply(rho, velocity.value),
                                ops.multiply(1 - rho, ops.square(gradient))))
        if self.centered:
            average = self._average_gradients[index]
            average.assign(ops.add(ops.multiply(rho, average.value),
                                   ops.multiply(1 - rho, gradient)))
            denominator = ops.add(
                ops.subtract(velocity.value, ops.square(average.value)), self.epsilon)
        else:
            denominator = ops.add(velocity.value, self.epsilon)
        increment = ops.divide(ops.multiply(lr, gradient), ops.sqrt(denominator))
        if self.momentum > 0:
            momentum = self._momentums[index]
            momentum.assign(ops.add(ops.multiply(self.momentum, momentum.value), increment))
            variable.assign(ops.subtract(variable.value, momentum.value))
        else:
            variable.assign(ops.subtract(variable.value, increment))

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                       "centered": self.centered})
        return config
