"""The torch engine's layer mixin: every kbackend Layer is a ``torch.nn.Module``.

Note [torch module state]: a layer registers each Variable's ``nn.Parameter`` in
``_parameters`` under the variable's name, and each sub-layer in ``_modules`` under its
attribute path (``blocks_0`` for ``self.blocks[0]``). State-dict keys are therefore
structural (``d1.kernel``, ``layer_0.bias``), never global auto-names such as
``dense_3``, so a state dict moves between two instances of one architecture.

``_parameters`` is a ``_VariableSlots`` dict: when torch replaces a registered tensor
(``torch.func.functional_call``, ``nn.Module._apply`` when params are overwritten on
conversion), the owning Variable is pointed at the new tensor, because kbackend code
reads weights through ``Variable.value``, not through the module attribute.

Note [torch training mode]: ``nn.Module.train()``/``eval()`` mark the layer tree as
having an explicit torch mode. A call that passes no ``training`` (and has no enclosing
call to inherit it from) then uses ``self.training``. Before any ``train()``/``eval()``
the Keras default applies (``training`` from the call signature, i.e. inference),
although ``nn.Module`` starts with ``training=True``.
"""

import collections

import torch

from kbackend.backends.common.variables import VariableBase


class _VariableSlots(collections.OrderedDict):
    """``_parameters`` of a kbackend layer: keeps each slot's Variable on the slot's tensor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.variables = {}

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        variable = getattr(self, "variables", {}).get(key)
        if variable is not None and isinstance(value, torch.Tensor):
            # NOTE: bypasses assign(): a swap must keep autograd links to `value`.
            variable._value = value


class EngineLayer(torch.nn.Module):
    """Makes every kbackend Layer a ``torch.nn.Module`` (Note [torch module state])."""

    def _engine_init(self):
        torch.nn.Module.__init__(self)
        object.__setattr__(self, "_parameters", _VariableSlots())
        object.__setattr__(self, "_torch_mode_set", False)

    def _engine_track_variable(self, variable):
        slots = self._parameters
        name = variable.name.replace(".", "_")
        base, index = name, 1
        while name in slots and slots.variables.get(name) is not variable:
            name = f"{base}_{index}"
            index += 1
        if variable._value is None and variable._initializer is not None:
            # Not initialized yet (Note [skipped initializer draws]): reading it here would
            # draw the values a load is about to overwrite. `None` keeps the slot's place in
            # the parameter order; the Variable fills it when it is initialized.
            slots.variables[name] = variable
            slots[name] = None
            variable._pending_slots.append((slots, name))
            return
        value = variable.value
        if isinstance(value, torch.nn.Parameter) or name in slots:
            slots.variables[name] = variable
            slots[name] = value
        else:
            self._buffers[name] = value

    def _engine_track_sublayer(self, path, layer):
        path = path.replace(".", "_")
        if self._modules.get(path) is not layer:
            self._modules[path] = layer

    def _engine_training_mode(self):
        """``self.training`` once train()/eval() chose it, else None (Keras default)."""
        if self.__dict__.get("_torch_mode_set", False):
            return self.training
        return None

    def train(self, mode=True):
        result = super().train(mode)
        # NOTE: nn.Module.train recurses through children, so each kbackend layer of
        # the tree (also one nested in a user's module) is marked here.
        object.__setattr__(self, "_torch_mode_set", True)
        return result

    def __setattr__(self, name, value):
        # NOTE: a Variable attribute shares its name with the registered parameter;
        # nn.Module would refuse a non-Parameter value under a parameter's name.
        if isinstance(value, VariableBase):
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def forward(self, *args, **kwargs):
        return self.__call__(*args, **kwargs)
