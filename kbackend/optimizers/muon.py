"""Muon: momentum orthogonalized by Newton-Schulz iterations, with AdamW for the rest."""

import re

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer


class Muon(Optimizer):
    """Muon (Jordan et al., 2024) for 2D weights; AdamW for every other variable.

    A 2D variable (not an embedding, not matched by ``exclude_layers``) is updated with
    ``m = momentum * m + g``, ``d = g + momentum * m`` (Nesterov) or ``d = m``, then
    ``w -= lr * NS(d) * sqrt(max(1, rows / cols))`` where ``NS`` approximately
    orthogonalizes ``d`` with ``ns_steps`` quintic Newton-Schulz iterations
    (coefficients ``muon_a, muon_b, muon_c``). Other variables take an Adam step with
    ``adam_beta_1/adam_beta_2`` and learning rate ``lr * adam_lr_ratio``. Decoupled weight
    decay (``weight_decay``) applies to all variables, as in the base `Optimizer`.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        adam_beta_1: Adam's first-moment decay. Defaults to 0.9.
        adam_beta_2: Adam's second-moment decay. Defaults to 0.999.
        epsilon: Adam's stability constant. Defaults to 1e-7.
        weight_decay: decoupled weight decay. Defaults to 0.1.
        exclude_layers: regular expressions; variables whose path matches use AdamW.
        exclude_embeddings: use AdamW for variables with "embedding" in their path.
        muon_a, muon_b, muon_c: the Newton-Schulz polynomial coefficients.
        adam_lr_ratio: Adam's learning rate as a fraction of ``learning_rate``.
        momentum: Muon's momentum. Defaults to 0.95.
        ns_steps: the number of Newton-Schulz iterations. Defaults to 6.
        nesterov: whether to use Nesterov momentum. Defaults to True.
        **kwargs: the base `Optimizer` arguments (name defaults to "muon").

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> w = kbackend.Variable(ops.zeros((2, 2)))
    >>> optimizers.Muon(0.1, weight_decay=None).apply([ops.eye(2)], [w])
    >>> [round(x, 2) for x in w.numpy().ravel().tolist()]
    [-0.07, 0.0, 0.0, -0.07]
    """

    def __init__(self, learning_rate=0.001, adam_beta_1=0.9, adam_beta_2=0.999, epsilon=1e-7,
                 weight_decay=0.1, exclude_layers=None, exclude_embeddings=True,
                 muon_a=3.4445, muon_b=-4.7750, muon_c=2.0315, adam_lr_ratio=0.1,
                 momentum=0.95, ns_steps=6, nesterov=True, name="muon", **kwargs):
        super().__init__(learning_rate=learning_rate, weight_decay=weight_decay, name=name,
                         **kwargs)
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.exclude_layers = list(exclude_layers or [])
        self.exclude_embeddings = exclude_embeddings
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov

    def _should_use_adamw(self, variable):
        if len(variable.shape) != 2:
            return True
        path = getattr(variable, "path", variable.name)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(pattern, path) for pattern in self.exclude_layers)

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = [], []
        for v in variables:
            self._momentums.append(self.add_variable_from_reference(v, "momentum"))
            self._velocities.append(
                self.add_variable_from_reference(v, "velocity")
                if self._should_use_adamw(v) else None
            )

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        if self._should_use_adamw(variable):
            self._adamw_update_step(gradient, variable, ops.multiply(lr, self.adam_lr_ratio))
        else:
            self._muon_update_step(gradient, variable, lr)

    def _muon_update_step(self, gradient, variable, lr):
        m = self._momentums[self._get_variable_index(variable)]
        m.assign(ops.add(ops.multiply(m.value, self.momentum), gradient))
        direction = ops.add(gradient, ops.multiply(self.momentum, m.value)) if self.nesterov \
            else m.value
        rows, cols = variable.shape
        scale = max(1.0, rows / cols) ** 0.5
        orthogonal = self.zeropower_via_newtonschulz5(direction, self.ns_steps)
        variable.assign(ops.subtract(variable.value,
                                     ops.multiply(ops.multiply(lr, orthogonal), scale)))

    def _adamw_update_step(self, gradient, variable, lr):
        dtype = variable.dtype
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        local_step = ops.cast(ops.add(self.iterations.value, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.adam_beta_1, dtype), local_step)
        beta_2_power = ops.power(ops.cast(self.adam_beta_2, dtype), local_step)
        alpha = ops.divide(ops.multiply(lr, ops.sqrt(ops.subtract(1, beta_2_power))),
                           ops.subtract(1, beta_1_power))
        m.assign(ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value),
                                               1 - self.adam_beta_1)))
        v.assign(ops.add(v.value, ops.multiply(ops.subtract(ops.square(gradient), v.value),
                                               1 - self.adam_beta_2)))
        variable.assign(ops.subtract(variable.value, ops.divide(
            ops.multiply(m.value, alpha), ops.add(ops.sqrt(v.value), self.epsilon))))

    def zeropower_via_newtonschulz5(self, x, steps):
        """Approximately orthogonalizes the matrix ``x`` (quintic Newton-Schulz).

        Args:
            x: a 2D tensor.
            steps: the number of iterations.

        Returns:
            A tensor of ``x``'s shape whose singular values are close to 1.
        """
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        transposed = x.shape[-2] > x.shape[-1]
        if transposed:
            x = ops.swapaxes(x, -2, -1)
        x = ops.divide(x, ops.add(ops.norm(x, axis=(-2, -1), keepdims=True), 1e-7))
        for _ in range(steps):
            gram = ops.matmul(x, ops.swapaxes(x, -2, -1))
            poly = ops.add(ops.multiply(b, gram), ops.multiply(c, ops.matmul(gram, gram)))
            x = ops.add(ops.multiply(a, x), ops.matmul(poly, x))
        if transposed:
            x = ops.swapaxes(x, -2, -1)
        return x

    def get_config(self):
        config = super().get_config()
        config.update({
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "exclude_embeddings": self.exclude_embeddings,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
        })
        return config
