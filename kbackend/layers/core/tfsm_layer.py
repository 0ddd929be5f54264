"""``kbackend.layers.TFSMLayer``: the tensorflow engine's class, or a stub elsewhere.

The class imports tensorflow, so it lives in ``kbackend/backends/tensorflow/export.py``
and is reached here by the engine name. On other engines constructing it raises a
ValueError naming KBACKEND=tensorflow.
"""

import importlib

from kbackend import backends

if backends.ENGINE == "tensorflow":
    TFSMLayer = importlib.import_module(
        f"kbackend.backends.{backends.ENGINE}.export"
    ).TFSMLayer
else:

    class TFSMLayer:
        """Loads a TensorFlow SavedModel as a layer; only available with KBACKEND=tensorflow.

        Args:
            filepath: the SavedModel folder.
            call_endpoint: inference endpoint name (default "serve").
            call_training_endpoint: optional training endpoint name.
            trainable: whether the layer is trainable.
            name: layer name.
            dtype: layer dtype.

        Returns:
            Nothing on this engine: construction raises ValueError.

        Example:
        >>> import kbackend
        >>> kbackend.backend.backend() == "tensorflow" or "needs KBACKEND=tensorflow"
        'needs KBACKEND=tensorflow'
        """

        def __init__(self, filepath=None, call_endpoint="serve", call_training_endpoint=None,
                     trainable=True, name=None, dtype=None):
            raise ValueError(
                "TFSMLayer runs a TensorFlow SavedModel and needs the tensorflow engine, but "
                f"this process runs KBACKEND={backends.ENGINE!r}. Set KBACKEND=tensorflow "
                "before importing kbackend."
            )

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    TFSMLayer.__module__ = "kbackend.layers"
