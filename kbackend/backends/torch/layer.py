import torch

from kbackend.backends.common.variables import VariableBase


class EngineLayer(torch.nn.Module):
    """Makes every kbackend Layer a ``torch.nn.Module``.

    Variables are registered as parameters (``parameters()``, ``state_dict()``, ``.to()``)
    under their variable name, and sub-layers held in lists or dicts are registered as
    sub-modules, so state-dict keys are structural (attribute paths), not global names.
    """

    def _engine_init(self):
        torch.nn.Module.__init__(self)

    def _engine_track_variable(self, variable):
        name = variable.name.replace(".", "_")
        base, index = name, 1
        while name in self._parameters and self._parameters[name] is not variable.value:
            name = f"{base}_{index}"
            index += 1
        if isinstance(variable.value, torch.nn.Parameter):
            self._parameters[name] = variable.value
        else:
            self._buffers[name] = variable.value

    def _engine_track_sublayer(self, path, layer):
        path = path.replace(".", "_")
        if self._modules.get(path) is not layer:
            self._modules[path] = layer

    def __setattr__(self, name, value):
        # NOTE: a Variable attribute shares its name with the registered parameter;
        # nn.Module would refuse a non-Parameter value under a parameter's name.
        if isinstance(value, VariableBase):
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def forward(self, *args, **kwargs):
        return self.__call__(*args, **kwargs)
