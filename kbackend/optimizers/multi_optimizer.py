"""MultiOptimizer: route different variables to different optimizers."""

import re

from kbackend import ops
from kbackend.optimizers.base_optimizer import Optimizer
from kbackend.saving import serialization_lib


class MultiOptimizer(Optimizer):
    """Updates each variable with the first optimizer whose selector matches it.

    A selector is one of: a list of Variables; an object with ``trainable_variables``
    (a layer or model); a string, a regular expression searched in ``variable.path``; or a
    callable ``predicate(variable) -> bool``. Variables no selector matches go to
    ``default_optimizer`` (an error if there is none). Each inner optimizer keeps its own
    slots, step counter and learning rate; `variables` is this optimizer's ``iteration``
    followed by each inner optimizer's variables, in order. Only string selectors can be
    serialized by `get_config`.

    Args:
        optimizers_and_selectors: list of ``(optimizer, selector)`` pairs.
        default_optimizer: optimizer for the variables no selector matches.
        name: the optimizer's name.

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers, ops
    >>> kernel = kbackend.Variable([1.0], name="kernel")
    >>> bias = kbackend.Variable([1.0], name="bias")
    >>> opt = optimizers.MultiOptimizer([(optimizers.SGD(0.5), "kernel")],
    ...                                 default_optimizer=optimizers.SGD(0.1))
    >>> opt.apply([ops.ones((1,)), ops.ones((1,))], [kernel, bias])
    >>> kernel.numpy().tolist(), [round(x, 4) for x in bias.numpy().tolist()]
    ([0.5], [0.9])
    """

    def __init__(self, optimizers_and_selectors, default_optimizer=None, name=None, **kwargs):
        super().__init__(learning_rate=0.0, name=name, **kwargs)
        # NOTE: keep only the step counter; learning rates belong to the inner optimizers.
        self._variables = [self._iterations]
        pairs = [tuple(pair) for pair in optimizers_and_selectors]
        for pair in pairs:
            if len(pair) != 2 or not isinstance(pair[0], Optimizer):
                raise ValueError(
                    "`optimizers_and_selectors` must be a list of (optimizer, selector) "
                    f"pairs. Received the entry {pair!r}."
                )
        if default_optimizer is not None and not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                f"`default_optimizer` must be an Optimizer or None, got {default_optimizer!r}."
            )
        self.optimizers_and_selectors = pairs
        self.default_optimizer = default_optimizer
        self._assignment = {}

    @property
    def optimizers(self):
        """The inner optimizers, in order (the default last)."""
        result = [opt for opt, _ in self.optimizers_and_selectors]
        if self.default_optimizer is not None:
            result.append(self.default_optimizer)
        return result

    @property
    def learning_rate(self):
        return self.optimizers[0].learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        for optimizer in self.optimizers:
            optimizer.learning_rate = value

    @property
    def variables(self):
        result = list(self._variables)
        for optimizer in self.optimizers:
            result.extend(optimizer.variables)
        return result

    def _owner(self, variable):
        for optimizer, selector in self.optimizers_and_selectors:
            if _matches(selector, variable):
                return optimizer
        if self.default_optimizer is None:
            raise ValueError(
                f"MultiOptimizer: no selector matches variable {variable.path!r} and there "
                "is no `default_optimizer`. Add a selector for it or pass default_optimizer."
            )
        return self.default_optimizer

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        groups = {id(opt): [] for opt in self.optimizers}
        for variable in variables:
            owner = self._owner(variable)
            self._assignment[id(variable)] = owner
            groups[id(owner)].append(variable)
        for optimizer in self.optimizers:
            if groups[id(optimizer)]:
                optimizer.build(groups[id(optimizer)])

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if trainable_variables is None:
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        routed = {id(opt): ([], []) for opt in self.optimizers}
        for g, v in zip(grads, trainable_variables):
            if g is None:
                continue
            owner = self._assignment.get(id(v))
            if owner is None:
                raise ValueError(
                    f"MultiOptimizer was built without variable {v.path!r}; it can only "
                    "update the variables it was built with."
                )
            routed[id(owner)][0].append(g)
            routed[id(owner)][1].append(v)
        for optimizer in self.optimizers:
            sub_grads, sub_variables = routed[id(optimizer)]
            if sub_grads:
                optimizer.apply(sub_grads, sub_variables)
        self._iterations.assign_add(ops.convert_to_tensor(1, dtype="int64"))

    def finalize_variable_values(self, var_list):
        for optimizer in self.optimizers:
            own = [v for v in var_list if self._assignment.get(id(v)) is optimizer]
            if own:
                optimizer.finalize_variable_values(own)

    def get_config(self):
        pairs = []
        for optimizer, selector in self.optimizers_and_selectors:
            if not isinstance(selector, str):
                raise ValueError(
                    "MultiOptimizer.get_config() can only serialize string (regular "
                    f"expression) selectors; got {type(selector).__name__}. Use patterns "
                    "matching variable paths, e.g. (Adam(), 'dense_1/')."
                )
            pairs.append([serialization_lib.serialize_keras_object(optimizer), selector])
        return {
            "name": self.name,
            "optimizers_and_selectors": pairs,
            "default_optimizer": serialization_lib.serialize_keras_object(
                self.default_optimizer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["optimizers_and_selectors"] = [
            (serialization_lib.deserialize_keras_object(opt, custom_objects=custom_objects),
             selector)
            for opt, selector in config["optimizers_and_selectors"]
        ]
        if config.get("default_optimizer") is not None:
            config["default_optimizer"] = serialization_lib.deserialize_keras_object(
                config["default_optimizer"], custom_objects=custom_objects)
        return cls(**config)


def _matches(selector, variable):
    if isinstance(selector, str):
        return re.search(selector, getattr(variable, "path", variable.name)) is not None
    if hasattr(selector, "trainable_variables"):
        return any(v is variable for v in selector.trainable_variables)
    if callable(selector):
        return bool(selector(variable))
    return any(v is variable for v in selector)
