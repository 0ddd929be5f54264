"""`Objective`: the metric a search optimizes and whether to minimize or maximize it."""

__all__ = ["MultiObjective", "Objective", "create_objective"]

_MAXIMIZED = (
    "accuracy", "acc", "auc", "precision", "recall", "f1_score", "fbeta_score", "r2_score",
    "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "iou", "mean_iou",
    "one_hot_iou", "one_hot_mean_iou", "binary_iou", "true_positives", "true_negatives",
    "precision_at_recall", "recall_at_precision", "sensitivity_at_specificity",
    "specificity_at_sensitivity", "cosine_similarity",
)
_MINIMIZED_SUFFIXES = ("loss", "error", "crossentropy", "hinge", "divergence")
_MINIMIZED = (
    "mse", "mae", "mape", "msle", "rmse", "poisson", "logcosh", "log_cosh", "false_positives",
    "false_negatives", "huber", "kld", "kl_divergence", "root_mean_squared_error",
)


class Objective:
    """A metric name and a direction ("min" or "max").

    Args:
        name: the metric's name in the training logs, e.g. "val_accuracy".
        direction: "min" or "max".

    Example:
    >>> objective = Objective("val_accuracy", direction="max")
    >>> objective.better_than(0.9, 0.8)
    True
    """

    def __init__(self, name, direction):
        if direction not in ("min", "max"):
            raise ValueError(f"Objective {name!r}: direction must be 'min' or 'max', received "
                             f"{direction!r}.")
        self.name = name
        self.direction = direction

    def better_than(self, a, b):
        """Whether score ``a`` is strictly better than score ``b``."""
        return a < b if self.direction == "min" else a > b

    def best(self, values):
        """The best of a sequence of scores."""
        return min(values) if self.direction == "min" else max(values)

    def get_value(self, logs):
        """Reads this objective from a dict of metric values."""
        if self.name not in logs:
            from kbackend.tuner.errors import FatalValueError

            raise FatalValueError(
                f"The objective {self.name!r} is missing from the metrics the trial reported: "
                f"{sorted(logs)}. Pass an objective that fit() logs (e.g. 'val_loss', "
                "'val_accuracy' with metrics=['accuracy'] and validation data).")
        return float(logs[self.name])

    def get_config(self):
        return {"name": self.name, "direction": self.direction}

    def __eq__(self, other):
        return (isinstance(other, Objective) and type(other) is type(self)
                and self.get_config() == other.get_config())

    def __hash__(self):
        return hash((self.name, self.direction))

    def __repr__(self):
        return f'Objective(name="{self.name}", direction="{self.direction}")'


class MultiObjective(Objective):
    """Several objectives summed into one score to minimize (max ones are negated).

    Args:
        objectives: a list of `Objective`.

    Example:
    >>> objective = MultiObjective([Objective("loss", "min"), Objective("acc", "max")])
    >>> objective.get_value({"loss": 0.5, "acc": 0.75})
    -0.25
    """

    def __init__(self, objectives):
        super().__init__("multi_objective", "min")
        self.objectives = list(objectives)

    def get_value(self, logs):
        total = 0.0
        for objective in self.objectives:
            value = objective.get_value(logs)
            total += value if objective.direction == "min" else -value
        return total

    def get_config(self):
        return {"objectives": [o.get_config() for o in self.objectives]}

    def __repr__(self):
        return f"MultiObjective({self.objectives})"


def infer_direction(name):
    """Returns "min" or "max" for a well-known metric name, else None."""
    base = name[4:] if name.startswith("val_") else name
    if base in _MAXIMIZED or base.endswith("accuracy"):
        return "max"
    if base in _MINIMIZED or base.endswith(_MINIMIZED_SUFFIXES):
        return "min"
    return None


def create_objective(objective):
    """Turns a name, an `Objective`, a config dict or a list of them into an `Objective`.

    Args:
        objective: "val_accuracy", ``Objective(...)``, ``{"name", "direction"}``, a list of
            those, or None (meaning "val_loss").

    Returns:
        An `Objective` (a `MultiObjective` for a list).

    Example:
    >>> create_objective("val_loss").direction
    'min'
    """
    if objective is None:
        return Objective("val_loss", "min")
    if isinstance(objective, Objective):
        return objective
    if isinstance(objective, dict):
        if "objectives" in objective:
            return MultiObjective([create_objective(o) for o in objective["objectives"]])
        return Objective(objective["name"], objective["direction"])
    if isinstance(objective, (list, tuple)):
        objectives = [create_objective(o) for o in objective]
        return objectives[0] if len(objectives) == 1 else MultiObjective(objectives)
    if isinstance(objective, str):
        direction = infer_direction(objective)
        if direction is None:
            raise ValueError(
                f"Could not infer whether to minimize or maximize the objective {objective!r}; "
                f"pass kbackend.tuner.Objective({objective!r}, direction='min' or 'max').")
        return Objective(objective, direction)
    raise TypeError(f"`objective` must be a string, an Objective or a list of them, received "
                    f"{objective!r} of type {type(objective).__name__}.")


Objective.__module__ = "kbackend.tuner"
MultiObjective.__module__ = "kbackend.tuner"
