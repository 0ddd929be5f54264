"""``kbackend.layers.TorchModuleWrapper``: the torch engine's class, or a stub elsewhere.

The class imports torch, so it lives in ``kbackend/backends/torch/torch_module_wrapper.py``
and is reached here by the engine name (no static import of the engine folder). On other
engines the name exists but constructing it raises a ValueError naming KBACKEND=torch.
"""

import importlib

from kbackend import backends

if backends.ENGINE == "torch":
    TorchModuleWrapper = importlib.import_module(
        f"kbackend.backends.{backends.ENGINE}.torch_module_wrapper"
    ).TorchModuleWrapper
else:

    class TorchModuleWrapper:
        """Wraps a ``torch.nn.Module`` as a layer; only available with KBACKEND=torch.

        Args:
            module: a ``torch.nn.Module``.
            name: layer name.
            output_shape: optional output shape (inferred when None).
            **kwargs: other Layer arguments.

        Returns:
            Nothing on this engine: construction raises ValueError.

        Example:
        >>> import kbackend
        >>> kbackend.backend.backend() == "torch" or "needs KBACKEND=torch"
        'needs KBACKEND=torch'
        """

        def __init__(self, module=None, name=None, output_shape=None, **kwargs):
            raise ValueError(
                "TorchModuleWrapper wraps a torch.nn.Module and needs the torch engine, but "
                f"this process runs KBACKEND={backends.ENGINE!r}. Set KBACKEND=torch before "
                "importing kbackend."
            )

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    TorchModuleWrapper.__module__ = "kbackend.layers"
