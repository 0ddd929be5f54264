"""DTypePolicy: which dtype a layer computes in and which its variables are stored in.

Note [mixed precision]: a policy has two dtypes. ``variable_dtype`` is what `add_weight`
stores; ``compute_dtype`` is what `Layer.__call__` casts floating inputs to and what
variables are read as inside `call` (Note [autocast scope] in
``backends/common/variables.py``). "mixed_float16" and "mixed_bfloat16" keep variables in
float32 and compute in 16 bits. Numerically sensitive results stay in float32 whatever the
global policy: losses and metrics compute in ``floatx()`` (they cast ``y_pred`` up),
normalization layers compute their statistics in float32 and keep float32 moving
statistics, and compile wraps the optimizer in `LossScaleOptimizer` under "mixed_float16"
so that small float16 gradients do not underflow. As in Keras 3, a final softmax is kept
in float32 by giving the last layer ``dtype="float32"``.
"""

import difflib

from kbackend.backends.common import config, dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
POLICY_NAMES = ("float32", "float64", "float16", "bfloat16", "mixed_float16",
                "mixed_bfloat16")
_global = {"policy": None}


class DTypePolicy:
    """A layer's dtype policy: ``compute_dtype`` and ``variable_dtype``.

    Args:
        name: "float32", "float64", "float16", "bfloat16" (computations and variables in
            that dtype; any other dtype name works too), "mixed_float16" or
            "mixed_bfloat16" (computations in 16 bits, variables in float32). None means
            the global policy's name (`dtype_policy()`, ``floatx()`` by default).

    Example:
    >>> policy = DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name=None):
        if name is None:
            name = dtype_policy().name
        if not isinstance(name, str):
            raise TypeError(
                f"A dtype policy name must be a string, got {name!r} of type "
                f"{type(name).__name__}. Pass e.g. 'float32' or 'mixed_float16'."
            )
        if name in _MIXED:
            self._compute_dtype, self._variable_dtype = _MIXED[name], "float32"
        else:
            try:
                dtype = dtypes.standardize_dtype(name)
            except ValueError:
                raise ValueError(_unknown_name_message(name)) from None
            self._compute_dtype = self._variable_dtype = dtype
            name = dtype
        self._name = name

    @property
    def name(self):
        """The policy's name, e.g. "mixed_float16"."""
        return self._name

    @property
    def compute_dtype(self):
        """The dtype layers compute in (inputs and variable reads are cast to it)."""
        return self._compute_dtype

    @property
    def variable_dtype(self):
        """The dtype layers store their variables in."""
        return self._variable_dtype

    @property
    def quantization_mode(self):
        """None: float policies are not quantized."""
        return None

    def convert_input(self, x, autocast, dtype):
        """Casts ``x`` to ``dtype`` when it is a floating tensor and ``autocast`` is set.

        Args:
            x: a tensor (or anything `ops.convert_to_tensor` accepts).
            autocast: whether to cast floating inputs.
            dtype: the target dtype (usually ``compute_dtype``).

        Returns:
            ``x``, cast when needed.

        Example:
        >>> from kbackend import ops
        >>> y = DTypePolicy("mixed_bfloat16").convert_input([1.0], True, "bfloat16")
        >>> ops.dtype(y)
        'bfloat16'
        """
        from kbackend import ops

        dtype = dtypes.standardize_dtype(dtype)
        x = ops.convert_to_tensor(x)
        if autocast and dtypes.is_float_dtype(ops.dtype(x)) and ops.dtype(x) != dtype:
            return ops.cast(x, dtype)
        return x

    def get_config(self):
        """Returns ``{"name": name}``."""
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        """Creates a policy from `get_config`'s output."""
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


# NOTE: Keras 3 keeps FloatDTypePolicy as another name of the float policy.
FloatDTypePolicy = DTypePolicy


def _unknown_name_message(name):
    close = difflib.get_close_matches(name, POLICY_NAMES, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return (
        f"Unknown dtype policy {name!r}. Expected a dtype name such as 'float32' or one of "
        f"{', '.join(repr(n) for n in POLICY_NAMES)}.{hint}"
    )


def set_dtype_policy(policy):
    """Sets the global dtype policy used by layers created without ``dtype=``.

    Args:
        policy: a policy name, a `DTypePolicy`, or None to go back to ``floatx()``.

    Returns:
        None.

    Example:
    >>> set_dtype_policy("mixed_bfloat16"); dtype_policy().name
    'mixed_bfloat16'
    >>> set_dtype_policy(None)
    """
    if policy is None:
        _global["policy"] = None
        return
    if isinstance(policy, DTypePolicy):
        _global["policy"] = policy
        return
    if not isinstance(policy, str):
        raise ValueError(
            "set_dtype_policy expects a policy name (e.g. 'mixed_float16') or a "
            f"DTypePolicy instance. Received: policy={policy!r}."
        )
    _global["policy"] = DTypePolicy(policy)


def dtype_policy():
    """Returns the global dtype policy (``DTypePolicy(floatx())`` unless one was set).

    Returns:
        A `DTypePolicy`.

    Example:
    >>> dtype_policy().name
    'float32'
    """
    return _global["policy"] or DTypePolicy(config.floatx())


def serialize(policy):
    """Returns the Keras 3 config dict of ``policy`` (module, class_name, config).

    Example:
    >>> serialize(DTypePolicy("mixed_float16"))["config"]
    {'name': 'mixed_float16'}
    """
    if not isinstance(policy, DTypePolicy):
        raise TypeError(
            f"serialize expects a DTypePolicy, got {policy!r}. Use get(name) to make one."
        )
    return {"module": "keras", "class_name": "DTypePolicy",
            "config": policy.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """Returns the `DTypePolicy` described by ``config`` (a dict from `serialize` or a name).

    Example:
    >>> deserialize({"class_name": "DTypePolicy", "config": {"name": "float16"}}).name
    'float16'
    """
    del custom_objects  # the float policies are built in
    if isinstance(config, str):
        return DTypePolicy(config)
    if not isinstance(config, dict):
        raise TypeError(
            f"Cannot deserialize a dtype policy from {config!r}; expected a dict like "
            "{'class_name': 'DTypePolicy', 'config': {'name': 'mixed_float16'}} or a name."
        )
    inner = config.get("config", config)
    # NOTE: Keras 2 files write class_name "Policy"; their config is the same {"name": ...}.
    name = inner.get("name") if isinstance(inner, dict) else inner
    return DTypePolicy(name)


def get(identifier):
    """Returns a DTypePolicy from a name, dtype, config dict, policy, or None (global).

    Args:
        identifier: a policy name ("mixed_float16"), a dtype (e.g. ``numpy.float32``), a
            dict from `serialize`, a `DTypePolicy`, or None for `dtype_policy()`.

    Returns:
        A `DTypePolicy`.

    Example:
    >>> get("mixed_bfloat16").compute_dtype
    'bfloat16'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    try:
        return DTypePolicy(dtypes.standardize_dtype(identifier))
    except (TypeError, ValueError):
        raise ValueError(
            f"Cannot interpret {identifier!r} as a dtype policy. Pass a policy name "
            "(e.g. 'mixed_float16'), a dtype, a DTypePolicy or a serialized policy dict."
        ) from None
