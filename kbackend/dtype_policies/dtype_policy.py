"""DTypePolicy: which dtype a layer computes in and which its variables are stored in."""

from kbackend.backends.common import config, dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
_global = {"policy": None}


class DTypePolicy:
    """A layer's dtype policy: ``compute_dtype`` and ``variable_dtype``.

    Args:
        name: "float32", "float64", "float16", "bfloat16", "mixed_float16" or
            "mixed_bfloat16" (mixed: computations in 16 bits, variables in float32).
            None means the global policy (``floatx()`` by default).

    Example:
    >>> policy = DTypePolicy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(f"A dtype policy name must be a string, got {name!r}.")
        if name in _MIXED:
            self._compute_dtype, self._variable_dtype = _MIXED[name], "float32"
        else:
            try:
                dtype = dtypes.standardize_dtype(name)
            except ValueError:
                raise ValueError(
                    f"Unknown dtype policy {name!r}. Use a dtype name like 'float32' or "
                    "'mixed_float16' / 'mixed_bfloat16'."
                ) from None
            self._compute_dtype = self._variable_dtype = dtype
            name = dtype
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        return self._compute_dtype

    @property
    def variable_dtype(self):
        return self._variable_dtype

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    __hash__ = object.__hash__

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


FloatDTypePolicy = DTypePolicy


def set_dtype_policy(policy):
    """Sets the global dtype policy used by layers created without ``dtype=``.

    Example:
    >>> set_dtype_policy("mixed_bfloat16"); dtype_policy().name
    'mixed_bfloat16'
    >>> set_dtype_policy(None)
    """
    if policy is None:
        _global["policy"] = None
        return
    _global["policy"] = policy if isinstance(policy, DTypePolicy) else DTypePolicy(policy)


def dtype_policy():
    """Returns the global dtype policy.

    Example:
    >>> dtype_policy().name
    'float32'
    """
    return _global["policy"] or DTypePolicy(config.floatx())


def get(identifier):
    """Returns a DTypePolicy from a name, config dict, policy, or None (global)."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        inner = identifier.get("config", identifier)
        return DTypePolicy(inner.get("name"))
    return DTypePolicy(dtypes.standardize_dtype(identifier) if not isinstance(
        identifier, str) else identifier)
