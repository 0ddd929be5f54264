"""`timeseries_dataset_from_array`: sliding windows over an array, batched."""

import numpy as np

from kbackend.utils.batch_dataset import BatchDataset, finalize


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"timeseries_dataset_from_array: {name} must be a positive int; "
                         f"got {value!r}.")
    return int(value)


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None):
    """Creates a dataset of sliding windows over a timeseries.

    Window ``i`` starts at time step ``s_i = start_index + i * sequence_stride`` and holds
    ``data[s_i], data[s_i + sampling_rate], ...`` (``sequence_length`` steps); its target
    is ``targets[s_i]`` (so for "predict the step after the window", pass
    ``targets=data[sequence_length:]``). Only windows that end before ``end_index`` (and
    whose target exists) are made.

    Args:
        data: array of time steps along axis 0 (NumPy, tensor or list).
        targets: array with the same number of time steps, or None (windows only).
        sequence_length: time steps per window (after sampling).
        sequence_stride: steps between the starts of consecutive windows.
        sampling_rate: steps between consecutive elements of a window.
        batch_size: windows per batch (default 128), or None for single windows.
        shuffle: shuffle the windows (reshuffled each epoch).
        seed: random seed for shuffling.
        start_index: first time step used (default 0).
        end_index: time steps from here on are not used (default ``len(data)``).

    Returns:
        Batches ``(windows, targets)`` (or ``windows``): windows ``(batch,
        sequence_length) + data.shape[1:]`` in ``data``'s dtype. On the tensorflow engine
        a ``tf.data.Dataset``; on other engines a `kbackend.utils.BatchDataset` (Note
        [datasets without tensorflow]).

    Example:
    >>> data = np.arange(10)
    >>> ds = timeseries_dataset_from_array(data[:-3], data[3:], sequence_length=3,
    ...                                    batch_size=2)
    >>> windows, labels = next(iter(ds))
    >>> np.asarray(windows).tolist(), np.asarray(labels).tolist()
    ([[0, 1, 2], [1, 2, 3]], [3, 4])
    """
    from kbackend.trainers.data_adapters.data_adapter_utils import to_numpy

    name = "timeseries_dataset_from_array"
    data = to_numpy(data)
    if targets is not None:
        targets = to_numpy(targets)
        if len(targets) != len(data):
            raise ValueError(
                f"{name}: data and targets must have the same number of time steps (axis "
                f"0); got {len(data)} and {len(targets)}."
            )
    sequence_length = _positive_int("sequence_length", sequence_length)
    sequence_stride = _positive_int("sequence_stride", sequence_stride)
    sampling_rate = _positive_int("sampling_rate", sampling_rate)
    if batch_size is not None:
        _positive_int("batch_size", batch_size)
    start_index = 0 if start_index is None else int(start_index)
    end_index = len(data) if end_index is None else int(end_index)
    if not 0 <= start_index < len(data):
        raise ValueError(f"{name}: start_index must be in [0, {len(data)}) (the data's "
                         f"length); got {start_index}.")
    if not start_index < end_index <= len(data):
        raise ValueError(f"{name}: end_index must be in ({start_index}, {len(data)}] "
                         f"(after start_index, at most the data's length); got {end_index}.")
    num_windows = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_windows = min(num_windows, len(targets) - start_index)
    starts = start_index + np.arange(0, max(num_windows, 0), sequence_stride)
    if len(starts) == 0:
        raise ValueError(
            f"{name}: steps {start_index}..{end_index} are too few for one window of "
            f"sequence_length={sequence_length} with sampling_rate={sampling_rate}."
        )
    offsets = np.arange(sequence_length) * sampling_rate

    def load(indices):
        window_starts = starts[indices]
        windows = data[window_starts[:, None] + offsets]
        if targets is None:
            return windows
        return windows, targets[window_starts]

    return finalize(BatchDataset(load, len(starts), batch_size=batch_size, shuffle=shuffle,
                                 seed=seed))
