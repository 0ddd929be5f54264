"""Shared helpers of the metric tests."""

import numpy as np

from kbackend import ops


def to_numpy(x):
    return np.asarray(ops.convert_to_numpy(x), dtype=np.float64)


def streamed(metric, batches):
    """Updates ``metric`` with each ``(args, kwargs)`` batch; returns the result."""
    for args, kwargs in batches:
        metric.update_state(*args, **kwargs)
    return to_numpy(metric.result())


def split(arrays, parts=2):
    """Splits each array (or None) along axis 0 into ``parts`` batches."""
    count = next(len(a) for a in arrays if a is not None)
    bounds = np.linspace(0, count, parts + 1).astype(int)
    return [[None if a is None else a[lo:hi] for a in arrays]
            for lo, hi in zip(bounds[:-1], bounds[1:])]


def check_streaming(make_metric, y_true, y_pred, sample_weight, expected, rtol=1e-5,
                    atol=1e-6):
    """Whole-data result, two-batch result and post-reset result all equal ``expected``."""
    metric = make_metric()
    kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
    whole = streamed(metric, [((y_true, y_pred), kwargs)])
    np.testing.assert_allclose(whole, expected, rtol=rtol, atol=atol)
    metric.reset_state()
    batches = []
    for yt, yp, sw in split([y_true, y_pred, sample_weight]):
        batches.append(((yt, yp), {} if sw is None else {"sample_weight": sw}))
    np.testing.assert_allclose(streamed(metric, batches), expected, rtol=rtol, atol=atol)
    return metric
