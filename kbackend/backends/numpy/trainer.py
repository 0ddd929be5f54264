def value_and_grad(fn, argnums=0, has_aux=False):
    raise RuntimeError(
        "The numpy engine runs inference only and cannot compute gradients. Train with "
        "KBACKEND=jax, torch or tensorflow, then load the weights on numpy."
    )
