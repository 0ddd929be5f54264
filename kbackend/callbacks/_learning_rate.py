"""Reading and writing an optimizer's learning rate from a callback."""

from kbackend.callbacks import _monitor


def _optimizer(model, callback_name):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{callback_name} needs a model compiled with an optimizer that has a "
            "`learning_rate`; call model.compile(optimizer=...) before fit."
        )
    return optimizer


def get_learning_rate(model, callback_name):
    """The optimizer's current learning rate as a float."""
    return _monitor.to_float(_optimizer(model, callback_name).learning_rate)


def set_learning_rate(model, value, callback_name):
    """Sets the optimizer's learning rate to the float ``value``."""
    _optimizer(model, callback_name).learning_rate = float(value)
