"""What ``compile(loss=..., metrics=...)`` turns into: per-output losses and metrics."""

from kbackend import ops


def _output_names(model):
    names = getattr(model, "output_names", None)
    if names:
        return list(names)
    return None


def _per_output(spec, output_names, what):
    """Returns a list with one entry per output, from a single value, list, or dict."""
    count = len(output_names) if output_names else 1
    if isinstance(spec, dict):
        if not output_names:
            raise ValueError(
                f"compile: `{what}` is a dict, but the model's outputs have no names. Pass a "
                "list with one entry per output instead."
            )
        unknown = [k for k in spec if k not in output_names]
        if unknown:
            raise ValueError(
                f"compile: `{what}` has keys {unknown} that are not output names; the "
                f"model's outputs are {output_names}."
            )
        return [spec.get(name) for name in output_names]
    if isinstance(spec, (list, tuple)) and count > 1:
        if len(spec) != count:
            raise ValueError(
                f"compile: `{what}` has {len(spec)} entries but the model has {count} outputs "
                f"({output_names})."
            )
        return list(spec)
    return [spec] * count


class CompileLoss:
    """The total training loss: weighted sum of per-output losses.

    Also keeps one ``Mean`` tracker per output (logged as ``<output>_loss``) when the
    model has several outputs.
    """

    def __init__(self, loss, loss_weights=None, output_names=None):
        from kbackend import losses, metrics

        self.output_names = output_names
        specs = _per_output(loss, output_names, "loss")
        self.losses = [_as_loss(losses, s) for s in specs]
        weights = loss_weights
        if weights is None:
            self.weights = [1.0] * len(self.losses)
        else:
            self.weights = [1.0 if w is None else float(w)
                            for w in _per_output(weights, output_names, "loss_weights")]
        self.trackers = []
        if output_names and len(output_names) > 1:
            self.trackers = [metrics.Mean(name=f"{name}_loss") for name in output_names]

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_true_list = _align(y_true, self.output_names, "y")
        y_pred_list = _align(y_pred, self.output_names, "predictions")
        sw_list = _align(sample_weight, self.output_names, "sample_weight", allow_single=True)
        total = None
        for i, (loss_fn, weight) in enumerate(zip(self.losses, self.weights)):
            if loss_fn is None:
                continue
            value = loss_fn(y_true_list[i], y_pred_list[i], sample_weight=sw_list[i])
            value = ops.cast(value, "float32")
            if self.trackers:
                self.trackers[i].update_state(value)
            weighted = ops.multiply(value, weight) if weight != 1.0 else value
            total = weighted if total is None else ops.add(total, weighted)
        if total is None:
            raise ValueError("compile: no loss applies to any output.")
        return total


def _as_loss(losses, spec):
    """A Loss object for a compile spec (plain functions are wrapped, as Keras does)."""
    if spec is None:
        return None
    loss = losses.get(spec)
    if not isinstance(loss, losses.Loss):
        loss = losses.LossFunctionWrapper(loss, name=getattr(loss, "__name__", None))
    return loss


def _align(values, output_names, what, allow_single=False):
    count = len(output_names) if output_names else 1
    if values is None:
        return [None] * count
    if isinstance(values, dict) and output_names:
        missing = [n for n in output_names if n not in values]
        if missing and not allow_single:
            raise ValueError(
                f"The {what} dict lacks entries for outputs {missing}; it has keys "
                f"{sorted(values)}."
            )
        return [values.get(n) for n in output_names]
    if count == 1:
        if isinstance(values, (list, tuple)) and len(values) == 1:
            return [values[0]]
        return [values]
    if isinstance(values, (list, tuple)):
        if len(values) != count:
            raise ValueError(
                f"The model has {count} outputs {output_names} but {len(values)} {what} "
                "were given."
            )
        return list(values)
    if allow_single:
        return [values] * count
    raise ValueError(
        f"The model has {count} outputs {output_names}; pass {what} as a list or a dict "
        "keyed by output name."
    )


def _resolve_metric(identifier, loss_fn, y_true, y_pred, output_name, prefix):
    from kbackend import metrics

    if isinstance(identifier, str) and identifier in (
        "accuracy", "acc", "crossentropy", "ce"
    ):
        kind = _accuracy_kind(loss_fn, y_true, y_pred)
        is_accuracy = identifier in ("accuracy", "acc")
        if is_accuracy:
            cls = {"binary": metrics.BinaryAccuracy, "sparse": metrics.SparseCategoricalAccuracy,
                   "categorical": metrics.CategoricalAccuracy}[kind]
        else:
            cls = {"binary": metrics.BinaryCrossentropy,
                   "sparse": metrics.SparseCategoricalCrossentropy,
                   "categorical": metrics.CategoricalCrossentropy}[kind]
        name = f"{prefix}{identifier}"
        return cls(name=name)
    metric = metrics.get(identifier)
    if not isinstance(metric, metrics.Metric):
        # A plain function f(y_true, y_pred) becomes a mean over batches, as in Keras.
        metric = metrics.MeanMetricWrapper(metric, name=getattr(metric, "__name__", None))
    if isinstance(identifier, str):
        # Keras 3 logs a metric given by string under that string ("mae", not
        # "mean_absolute_error").
        metric.name = identifier
    if prefix:
        metric.name = f"{prefix}{metric.name}"
    return metric


def _accuracy_kind(loss_fn, y_true, y_pred):
    loss_name = type(loss_fn).__name__.lower() if loss_fn is not None else ""
    loss_name += getattr(loss_fn, "__name__", "") or ""
    y_pred_shape = tuple(ops.shape(y_pred))
    y_true_shape = tuple(ops.shape(y_true)) if y_true is not None else ()
    if "binary" in loss_name or (y_pred_shape and y_pred_shape[-1] == 1):
        return "binary"
    if "sparse" in loss_name or len(y_true_shape) < len(y_pred_shape) or (
        y_true_shape and y_true_shape[-1] == 1
    ):
        return "sparse"
    return "categorical"


class CompileMetrics:
    """The metrics given to compile, built per output on the first batch."""

    def __init__(self, metrics, weighted_metrics, output_names=None, compile_loss=None):
        self.metrics_spec = metrics
        self.weighted_spec = weighted_metrics
        self.output_names = output_names
        self.compile_loss = compile_loss
        self.built = False
        self.unweighted = []  # per output: list of metrics
        self.weighted = []

    def build(self, y_true, y_pred):
        names = self.output_names
        y_true_list = _align(y_true, names, "y")
        y_pred_list = _align(y_pred, names, "predictions")
        multi = names is not None and len(names) > 1
        losses_ = self.compile_loss.losses if self.compile_loss else [None] * len(y_pred_list)

        def expand(spec):
            if spec is None:
                return [[] for _ in y_pred_list]
            if isinstance(spec, dict):
                per = _per_output(spec, names, "metrics")
                return [[] if p is None else (list(p) if isinstance(p, (list, tuple)) else [p])
                        for p in per]
            if multi and isinstance(spec, (list, tuple)) and len(spec) == len(names) and all(
                isinstance(p, (list, tuple)) or p is None for p in spec
            ):
                return [list(p or []) for p in spec]
            spec = list(spec) if isinstance(spec, (list, tuple)) else [spec]
            return [list(spec) for _ in y_pred_list]

        def resolve(spec, suffix=""):
            result = []
            for i, identifiers in enumerate(expand(spec)):
                prefix = f"{names[i]}_" if multi else ""
                result.append([
                    _resolve_metric(m, losses_[i], y_true_list[i], y_pred_list[i],
                                    names[i] if names else None, prefix + suffix)
                    for m in identifiers
                ])
            return result

        self.unweighted = resolve(self.metrics_spec)
        self.weighted = resolve(self.weighted_spec, "weighted_")
        self.built = True

    @property
    def metrics(self):
        return [m for group in self.unweighted + self.weighted for m in group]

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        y_true_list = _align(y_true, self.output_names, "y")
        y_pred_list = _align(y_pred, self.output_names, "predictions")
        sw_list = _align(sample_weight, self.output_names, "sample_weight", allow_single=True)
        for i in range(len(y_pred_list)):
            for metric in self.unweighted[i]:
                metric.update_state(y_true_list[i], y_pred_list[i])
            for metric in self.weighted[i]:
                metric.update_state(y_true_list[i], y_pred_list[i], sample_weight=sw_list[i])

    def result(self):
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results
