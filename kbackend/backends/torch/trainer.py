"""How torch runs a step: eagerly, or with ``torch.compile`` (Note [torch.compile]).

Note [torch.compile]: with ``jit_compile=True`` a step that takes gradients (a train step)
compiles only its forward pass plus loss -- the ``loss_fn`` handed to ``compute_gradients``
-- with ``torch.compile``; AOTAutograd then also compiles its backward. Gradients are taken
with ``torch.autograd.grad`` on that compiled graph, and the optimizer update, the loss
tracker and metrics run eagerly afterwards. Why not the whole step: dynamo cannot trace
``torch.autograd.grad``, so a whole-step compile splits into many graphs at graph breaks
(import_module, optree metadata, context managers) and re-traces kbackend's Python dispatch
(tree utilities, scopes, optimizer bookkeeping) for every piece -- minutes of compile time
for a two-layer model on a small CPU -- for no gain, since the optimizer already runs as
multi-tensor ``torch._foreach_*`` kernels. State changes made inside the forward
(BatchNormalization moving statistics, SeedGenerator counters) go through
``Variable.assign`` -> ``copy_`` under ``no_grad``; AOTAutograd records them as input
mutations and writes them back, so they are applied exactly once per call and a later read
in the same call sees them. A step that never asks for gradients (test/predict steps) is
compiled whole after its first (eager) call shows that it needs none.

Numerics: eager and compiled steps agree to float32 rounding. Rounding differs between
inductor's fused kernels and eager kernels, which matters only where a gradient is pure
rounding noise -- e.g. the bias of a Dense layer right before BatchNormalization, whose true
gradient is exactly zero: Adam divides by sqrt(v) and turns that noise into steps of size
~learning_rate, so such weights can differ by ~lr between eager and inductor runs.

Backend: ``COMPILE_OPTIONS`` holds the keyword arguments given to ``torch.compile``; the
default is ``{"backend": "aot_eager"}`` (dynamo + AOTAutograd, compiled forward and backward
graphs run by eager kernels), because inductor (torch.compile's default) trains to wrong
weights (~1.5% off after 4 SGD steps) when a layer reads a Variable after assigning it in
the same call (tests/trainers/test_notes_behaviours.py MovingMean: ``moving_mean.assign(...)``
then ``(inputs - moving_mean) * scale``): the forward and the moving mean are right, the
gradients are not -- apparently inductor's recomputing partitioner/codegen reads the mutated
input at the wrong time. ``aot_eager`` and ``eager`` give bit-identical results to eager
mode. Opt in to inductor with ``COMPILE_OPTIONS["backend"] = "inductor"`` where no layer
reads state it assigned in the same step.
"""

import threading
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


# Keyword arguments for every torch.compile call made here (Note [torch.compile]).
COMPILE_OPTIONS = {"backend": "aot_eager"}

# Set while a jit_compile=True step runs, so that compute_gradients compiles its loss_fn.
_compile_state = threading.local()


def _compiling():
    return getattr(_compile_state, "active", False)


def compute_gradients(loss_fn, variables, has_aux=False):
    variables = list(variables)
    if _compiling():
        _compile_state.took_gradients = True
        # NOTE: dynamo caches by code object and guards on the closure, so the new
        # loss_fn closure built by each step reuses the first compile.
        loss_fn = torch.compile(loss_fn, **COMPILE_OPTIONS)
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
    if not hasattr(torch, "compile"):
        warnings.warn("torch.compile is not available; running the step eagerly.",
                      stacklevel=2)
        return step_fn
    whole = []  # the whole-step compile, once a call shows the step takes no gradients

    def compiled_step(*args, **kwargs):
        if whole:
            return whole[0](*args, **kwargs)
        previous = _compiling()
        _compile_state.active, _compile_state.took_gradients = True, False
        try:
            result = step_fn(*args, **kwargs)
            took_gradients = _compile_state.took_gradients
        finally:
            _compile_state.active = previous
        if not took_gradients:
            whole.append(torch.compile(step_fn, **COMPILE_OPTIONS))
        return result

    return compiled_step
