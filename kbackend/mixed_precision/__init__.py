"""Mixed precision (``kbackend.mixed_precision``), like ``keras.mixed_precision``.

`set_global_policy("mixed_bfloat16")` makes layers created afterwards compute in bfloat16
while keeping float32 variables (Note [mixed precision] in
``kbackend/dtype_policies/dtype_policy.py``); under "mixed_float16", `Model.compile` wraps
the optimizer in `LossScaleOptimizer`.

Example:
>>> from kbackend import mixed_precision
>>> mixed_precision.set_global_policy("mixed_float16")
>>> mixed_precision.global_policy().compute_dtype
'float16'
>>> mixed_precision.set_global_policy("float32")
"""

from kbackend.dtype_policies.dtype_policy import (  # noqa: F401
    DTypePolicy,
    dtype_policy,
    set_dtype_policy,
)
from kbackend.optimizers.loss_scale_optimizer import LossScaleOptimizer  # noqa: F401

# Keras 3 names: mixed_precision.Policy is DTypePolicy; the global-policy pair is the same
# state as kbackend.config.set_dtype_policy / dtype_policy.
Policy = DTypePolicy
set_global_policy = set_dtype_policy
global_policy = dtype_policy
