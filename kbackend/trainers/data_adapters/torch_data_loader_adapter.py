"""Adapter for a torch ``DataLoader`` (recognised by module name; torch is not imported)."""

from kbackend.trainers.data_adapters.data_adapter import DataAdapter


def is_torch_data_loader(x):
    """True for a ``torch.utils.data.DataLoader`` (checked without importing torch)."""
    return any(
        (cls.__module__ or "").startswith("torch.utils.data") and cls.__name__ == "DataLoader"
        for cls in type(x).__mro__
    )


class TorchDataLoaderAdapter(DataAdapter):
    """Reads a torch ``DataLoader``; its batches become NumPy arrays.

    Each batch is ``x``, ``[x, y]`` / ``(x, y)`` or ``(x, y, sample_weight)`` (what the
    default collate function makes of a dataset returning ``(x, y)`` pairs).
    ``num_batches`` is ``len(loader)`` (None for an iterable dataset without a length).
    Shuffling is the loader's own (``DataLoader(..., shuffle=True)``).

    Args:
        loader: a ``torch.utils.data.DataLoader``.
        class_weight: optional ``{class_index: weight}``.

    Example:
    >>> import torch  # doctest: +SKIP
    >>> data = torch.utils.data.TensorDataset(torch.ones(5, 2))  # doctest: +SKIP
    >>> loader = torch.utils.data.DataLoader(data, batch_size=2)  # doctest: +SKIP
    >>> TorchDataLoaderAdapter(loader).num_batches  # doctest: +SKIP
    3
    """

    source_name = "torch DataLoader"

    def __init__(self, loader, class_weight=None):
        super().__init__(class_weight=class_weight)
        self.loader = loader
        try:
            self.num_batches = len(loader)
        except TypeError:
            self.num_batches = None

    def _raw_batches(self):
        return iter(self.loader)
