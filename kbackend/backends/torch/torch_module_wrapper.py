"""TorchModuleWrapper: a native ``torch.nn.Module`` used as a kbackend layer (torch only).

Note [wrapped module state]: each parameter and persistent buffer of the module becomes a
kbackend Variable, and the module is pointed at that Variable's tensor, so the module and
kbackend share one storage: ``fit()`` updates what the module computes with, ``save()``
stores it, and ``state_dict()`` keeps the module's own keys (``module.0.weight``). The
Variables are not registered a second time on the wrapper itself.

Note [wrapped module config]: ``get_config`` stores the module as ``torch.save`` bytes
(base64 text). Restoring it unpickles code named by the file, so ``from_config`` refuses
it in safe mode; load with ``safe_mode=False`` only files you trust.
"""

import base64
import io

import torch

from kbackend import backends
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.torch.core import _in_meta_trace
from kbackend.layers.layer import Layer

_UNSAFE_MESSAGE = (
    "Refusing to restore the torch module of TorchModuleWrapper {name!r}: its config holds "
    "a pickled torch.nn.Module, and unpickling runs code named by the file. If you trust "
    "the file, load it with kbackend.saving.load_model(..., safe_mode=False) (or "
    "deserialize with safe_mode=False)."
)


def _is_meta(x):
    return isinstance(x, torch.Tensor) and x.device.type == "meta"


class TorchModuleWrapper(Layer):
    """Wraps a ``torch.nn.Module`` as a kbackend layer (KBACKEND=torch only).

    The module's parameters become the layer's trainable weights and its persistent
    buffers non-trainable weights (Note [wrapped module state]), so ``fit()`` trains them
    and ``save()``/``load_model`` store and restore them. In the Functional API the output
    shape is inferred by running the module on "meta"-device tensors (no computation);
    pass ``output_shape`` for modules that cannot run on "meta".

    A call with ``training=True``/``False`` puts the module in ``train()``/``eval()`` mode;
    without it the module keeps its current mode.

    Args:
        module: a ``torch.nn.Module`` whose parameters are materialized (a lazy module
            must be run once first).
        name: layer name.
        output_shape: optional output shape, including the batch dimension, e.g.
            ``(None, 4)``; inferred when None.
        **kwargs: other Layer arguments (``trainable``, ``dtype``).

    Returns:
        A layer whose call returns ``module(*args, **kwargs)``.

    Example:
    >>> import torch
    >>> import kbackend as keras
    >>> inputs = keras.Input((3,))
    >>> outputs = keras.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))(inputs)
    >>> model = keras.Model(inputs, outputs)
    >>> tuple(model.output_shape), len(model.trainable_weights)
    ((None, 2), 2)
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                "TorchModuleWrapper expects a torch.nn.Module, got "
                f"{type(module).__name__}. Pass e.g. torch.nn.Linear(3, 2)."
            )
        super().__init__(name=name, **kwargs)
        self.module = module
        self._output_shape = tuple(output_shape) if output_shape is not None else None
        self._module_variable_ids = set()
        self._track_module_state()
        self.built = True

    def _track_module_state(self):
        for path, tensor in self._module_tensors():
            if isinstance(tensor, torch.nn.parameter.UninitializedParameter):
                raise ValueError(
                    f"TorchModuleWrapper {self.name!r}: parameter {path!r} of the module is "
                    "not initialized yet (a lazy module). Run the module once on an example "
                    "input before wrapping it."
                )
            is_parameter = isinstance(tensor, torch.nn.Parameter)
            variable = backends.Variable(
                tensor.detach(),
                trainable=is_parameter and tensor.requires_grad,
                name=path.replace(".", "_"),
            )
            self._module_variable_ids.add(id(variable))
            self._own_variables.append(variable)
            owner_path, _, leaf = path.rpartition(".")
            owner = self.module.get_submodule(owner_path)
            if is_parameter:
                owner._parameters[leaf] = variable.value
            else:
                owner._buffers[leaf] = variable.value

    def _module_tensors(self):
        tensors = list(self.module.named_parameters())
        for path, buffer in self.module.named_buffers():
            owner_path, _, leaf = path.rpartition(".")
            owner = self.module.get_submodule(owner_path)
            if leaf not in owner._non_persistent_buffers_set:
                tensors.append((path, buffer))
        return tensors

    def _engine_track_variable(self, variable):
        # NOTE: the module already holds these tensors (Note [wrapped module state]).
        if id(variable) in self.__dict__.get("_module_variable_ids", ()):
            return
        super()._engine_track_variable(variable)

    def call(self, *args, training=None, **kwargs):
        if training is not None and bool(training) != self.module.training:
            self.module.train(bool(training))
        if _in_meta_trace() or any(_is_meta(x) for x in args):
            # NOTE: shape inference: the module runs on "meta" copies of its state.
            state = {
                path: tensor.to("meta")
                for path, tensor in self._all_module_tensors()
            }
            return torch.func.functional_call(self.module, state, args, kwargs)
        return self.module(*args, **kwargs)

    def _all_module_tensors(self):
        yield from self.module.named_parameters()
        yield from self.module.named_buffers()

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is not None:
            return KerasTensor(self._output_shape, dtype=self.compute_dtype)
        return super().compute_output_spec(*args, **kwargs)

    def get_config(self):
        buffer = io.BytesIO()
        torch.save(self.module, buffer)
        config = super().get_config()
        config["module"] = base64.b64encode(buffer.getvalue()).decode("ascii")
        config["output_shape"] = list(self._output_shape) if self._output_shape else None
        return config

    @classmethod
    def from_config(cls, config):
        from kbackend.saving import serialization_lib

        config = dict(config)
        module = config.get("module")
        if not isinstance(module, torch.nn.Module):
            if serialization_lib.in_safe_mode():
                raise ValueError(_UNSAFE_MESSAGE.format(name=config.get("name")))
            data = module if isinstance(module, bytes) else base64.b64decode(module)
            # NOTE: weights_only=False unpickles arbitrary code; gated by safe_mode above.
            config["module"] = torch.load(io.BytesIO(data), weights_only=False)
        return super().from_config(config)


TorchModuleWrapper.__module__ = "kbackend.layers"
