_CANNOT_TRAIN = (
    "The numpy engine runs inference only and cannot compute gradients. Train with "
    "KBACKEND=jax, torch or tensorflow, then load the weights on numpy."
)


def value_and_grad(fn, argnums=0, has_aux=False):
    raise RuntimeError(_CANNOT_TRAIN)


def compute_gradients(loss_fn, variables, has_aux=False):
    raise RuntimeError(_CANNOT_TRAIN)


def make_function(step_fn, state_variables, jit_compile="auto"):
    return step_fn
