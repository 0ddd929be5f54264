"""Model.save / save_weights / load_weights, mixed into `kbackend.Model`."""


class ModelSavingMixin:
    """Adds the Keras 3 saving methods to a Model (see ``kbackend.saving.saving_api``)."""

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model (config, weights, optimizer state) to a ``.keras`` file.

        Args:
            filepath: path ending in ``.keras``.
            overwrite: if False and the file exists, ask before replacing it.
            zipped: must be None or True.

        Example:
        >>> import os, tempfile
        >>> import kbackend
        >>> x = kbackend.layers.Input((2,))
        >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
        >>> m.save(os.path.join(tempfile.mkdtemp(), "m.keras"))
        """
        from kbackend.saving import saving_api

        saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Saves the variables to a ``.weights.h5`` file (Keras 3 layout).

        Example:
        >>> import os, tempfile
        >>> import kbackend
        >>> x = kbackend.layers.Input((2,))
        >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
        >>> m.save_weights(os.path.join(tempfile.mkdtemp(), "m.weights.h5"))
        """
        from kbackend.saving import saving_api

        saving_api.save_weights(self, filepath, overwrite=overwrite,
                                max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights from ``.weights.h5``, ``.keras`` or legacy ``.h5`` (``by_name``).

        Example:
        >>> import os, tempfile
        >>> import kbackend
        >>> x = kbackend.layers.Input((2,))
        >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
        >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
        >>> m.save_weights(path); m.load_weights(path)
        """
        from kbackend.saving import saving_api

        saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)
