"""Optimizer fast paths for torch: multi-tensor (``torch._foreach_*``) SGD and Adam, and
torch's single-kernel fused Adam for parameters on the CPU (Note [fused adam on cpu]).

They run only eagerly, outside any StatelessScope (see Note [fast paths] in
``kbackend/optimizers/base_optimizer.py``), update the parameters in place, and give the
generic ``update_step``'s numbers up to rounding (the ``_foreach`` paths do its arithmetic in
its order; the fused kernel rearranges it, Note [fused adam on cpu]).
"""

import numpy as np
import torch


def apply_context():
    # Optimizer arithmetic must not be recorded by autograd.
    return torch.no_grad()


def _same_dtype(grads, variables):
    dtype = variables[0].dtype
    return all(v.dtype == dtype for v in variables)


def _scalar(value, like):
    value = value.value if hasattr(value, "assign") else value
    return torch.as_tensor(value, dtype=like.dtype, device=like.device)


def sgd_update(optimizer, grads, variables, learning_rate):
    if not variables or not _same_dtype(grads, variables):
        return False
    params = [v.value for v in variables]
    lr = _scalar(learning_rate, params[0])
    if optimizer.momentum == 0:
        torch._foreach_sub_(params, torch._foreach_mul(grads, lr))
        return True
    momentum = _scalar(optimizer.momentum, params[0])
    slots = [optimizer.momentums[optimizer._get_variable_index(v)].value for v in variables]
    steps = torch._foreach_mul(torch._foreach_neg(grads), lr)
    torch._foreach_mul_(slots, momentum)
    torch._foreach_add_(slots, steps)
    if optimizer.nesterov:
        torch._foreach_add_(steps, torch._foreach_mul(slots, momentum))
        torch._foreach_add_(params, steps)
    else:
        torch._foreach_add_(params, slots)
    return True


def adam_update(optimizer, grads, variables, learning_rate):
    if not variables or not _same_dtype(grads, variables):
        return False
    params = [v.value for v in variables]
    like = params[0]
    indices = [optimizer._get_variable_index(v) for v in variables]
    m = [optimizer._momentums[i].value for i in indices]
    v = [optimizer._velocities[i].value for i in indices]
    second_hats = None
    if optimizer.amsgrad:
        second_hats = [optimizer._velocity_hats[i].value for i in indices]
    if _fused_adam_on_cpu(optimizer, grads, params, m, v, second_hats, learning_rate):
        return True
    lr = _scalar(learning_rate, like)
    step = (optimizer.iterations.value + 1).to(like.dtype)
    beta_1_power = torch.pow(_scalar(optimizer.beta_1, like), step)
    beta_2_power = torch.pow(_scalar(optimizer.beta_2, like), step)
    alpha = lr * torch.sqrt(1 - beta_2_power) / (1 - beta_1_power)
    # Note [fused adam passes]: the generic rule's m + (g - m) * (1 - beta_1) is exactly
    # torch's lerp (same formula for weights below 0.5), and p - alpha * m / (sqrt(v) + eps)
    # is one addcdiv once the denominator is divided by alpha (kept a tensor: no host sync).
    # Seven passes over the parameters instead of twelve; on a 670k-parameter MLP the update
    # is memory bound and this was a fifth of the step. Rounding differs from the generic
    # rule's order by a few ulps at most.
    torch._foreach_lerp_(m, grads, 1 - optimizer.beta_1)
    torch._foreach_lerp_(v, torch._foreach_mul(grads, grads), 1 - optimizer.beta_2)
    second = v
    if second_hats is not None:
        second = second_hats
        torch._foreach_maximum_(second, v)
    denominator = torch._foreach_sqrt(second)
    torch._foreach_add_(denominator, optimizer.epsilon)
    torch._foreach_div_(denominator, alpha)
    torch._foreach_addcdiv_(params, m, denominator, value=-1)
    return True


# Note [fused adam on cpu]: ``torch._fused_adam_`` (what ``torch.optim.Adam(fused=True)``
# runs) updates m, v and the parameter in one pass over memory; on the benchmark MLP's 670k
# parameters it takes 0.29 ms against 1.9 ms for the seven ``_foreach`` passes above, about
# a sixth of the whole step. Its rule puts epsilon inside the bias correction:
#     p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps_torch),   c_i = 1 - beta_i ** step
# while Keras (and the generic ``update_step``) put it outside:
#     p -= lr * sqrt(c2) / c1 * m / (sqrt(v) + eps)
# The two are equal when eps_torch = eps / sqrt(c2), a host number that changes every step.
# Computing it needs the step count on the host: free for a CPU tensor, a device sync on an
# accelerator, so accelerators keep the ``_foreach`` path (which never leaves the device), as
# does a step traced by ``torch.compile``.
_NUMPY_DTYPES = {torch.float32: np.float32, torch.float64: np.float64}


def _fused_adam_on_cpu(optimizer, grads, params, m, v, second_hats, learning_rate):
    like = params[0]
    if like.device.type != "cpu" or like.dtype not in _NUMPY_DTYPES:
        return False
    if torch.compiler.is_compiling():  # the host step count would break dynamo's graph
        return False
    if any(g.dtype != like.dtype or g.device != like.device for g in grads):
        return False
    # The kernel walks each tensor's memory in order, ignoring strides: a transposed view
    # (a conv kernel's gradient can be one) would be read in the wrong order.
    if not all(t.is_contiguous() for group in (params, m, v, second_hats or ()) for t in group):
        return False
    grads = [g if g.is_contiguous() else g.contiguous() for g in grads]
    step = optimizer.iterations.value + 1
    beta_1, beta_2 = float(optimizer.beta_1), float(optimizer.beta_2)
    step_value = int(step)
    # The kernel's own bias corrections (in double precision).
    kernel_c1, kernel_c2 = 1.0 - beta_1 ** step_value, 1.0 - beta_2 ** step_value
    # The generic rule's, rounded in the parameters' dtype: 1 - 0.999 loses five digits
    # in float32, and matching that rounding keeps both paths within a few ulps.
    real = _NUMPY_DTYPES[like.dtype]
    c1 = float(real(1) - real(beta_1) ** real(step_value))
    c2 = float(real(1) - real(beta_2) ** real(step_value))
    lr_factor = (c2 ** 0.5 / c1) * (kernel_c1 / kernel_c2 ** 0.5)
    lr = learning_rate.value if hasattr(learning_rate, "assign") else learning_rate
    lr = lr.to(like.dtype) * lr_factor if isinstance(lr, torch.Tensor) else lr * lr_factor
    steps = [step.to(like.dtype)] * len(params)
    torch._fused_adam_(
        params, grads, m, v, second_hats or [], steps, lr=lr, beta1=beta_1,
        beta2=beta_2, weight_decay=0.0, eps=float(optimizer.epsilon) / kernel_c2 ** 0.5,
        amsgrad=second_hats is not None, maximize=False,
    )
    return True


_FUSED = {"sgd": sgd_update, "adam": adam_update}


def get_fused_update(kind):
    return _FUSED.get(kind)
