import warnings

import torch

from kbackend import tree
from kbackend.backends.torch.core import convert_to_tensor


def _argnums_tuple(argnums):
    return (argnums,) if isinstance(argnums, int) else tuple(argnums)


def value_and_grad(fn, argnums=0, has_aux=False):
    def wrapped(*args):
        args = list(args)
        positions = _argnums_tuple(argnums)
        for i in positions:
            args[i] = tree.map_structure(
                lambda t: convert_to_tensor(t).detach().requires_grad_(True), args[i]
            )
        with torch.enable_grad():
            out = fn(*args)
        value, aux = out if has_aux else (out, None)
        flat = [t for i in positions for t in tree.flatten(args[i])]
        grads = torch.autograd.grad(value, flat, allow_unused=True)
        grads = [torch.zeros_like(t) if g is None else g for t, g in zip(flat, grads)]
        packed, offset = [], 0
        for i in positions:
            count = len(tree.flatten(args[i]))
            packed.append(tree.pack_sequence_as(args[i], grads[offset:offset + count]))
            offset += count
        grads_out = packed[0] if isinstance(argnums, int) else tuple(packed)
        detach = lambda t: t.detach() if isinstance(t, torch.Tensor) else t  # noqa: E731
        value = detach(value)
        if has_aux:
            return (value, tree.map_structure(detach, aux)), grads_out
        return value, grads_out

    return wrapped


def compute_gradients(loss_fn, variables, has_aux=False):
    variables = list(variables)
    with torch.enable_grad():
        out = loss_fn()
    loss = out[0] if has_aux else out
    params = [v.value for v in variables]
    needs = [p for p in params if p.requires_grad]
    grads = torch.autograd.grad(loss, needs, allow_unused=True) if needs else []
    by_id = {id(p): g for p, g in zip(needs, grads)}
    grads = [
        by_id.get(id(p)) if by_id.get(id(p)) is not None else torch.zeros_like(p)
        for p in params
    ]
    if has_aux:
        return (loss.detach(), out[1]), grads
    return loss.detach(), grads


def make_function(step_fn, state_variables, jit_compile="auto"):
    # NOTE: torch runs eagerly unless torch.compile is asked for explicitly.
    if jit_compile is not True:
        return step_fn
    try:
        compiled = torch.compile(step_fn)
    except Exception as e:  # noqa: BLE001 - torch.compile raises many types
        warnings.warn(f"torch.compile is not available ({e}); running the step eagerly.")
        return step_fn
    return compiled
