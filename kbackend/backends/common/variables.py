"""The engine-neutral part of ``Variable``.

Each engine subclasses `VariableBase` (in ``backends/<engine>/core.py``) and provides
``_initialize(value)`` (store the engine's native array), ``_direct_assign(value)`` and
``_convert_to_tensor(value, dtype)``. Everything else — naming, paths, stateless
scopes, operators — is written here once.
"""

import functools
import threading

import numpy as np

from kbackend.backends.common import dtypes
from kbackend.backends.common.name_scope import current_path
from kbackend.backends.common.stateless_scope import get_stateless_scope

# Note [deferred initialization]: a variable created while shapes are being traced (inside
# a StatelessScope with initialize_variables=False, e.g. a sub-layer built lazily during a
# symbolic call) must not store a traced value. It keeps its initializer, serves a fresh
# placeholder value inside the scope, and is initialized for real on first use outside it
# (or by initialize_all_variables()).
_uninitialized = []


def initialize_all_variables():
    """Materializes every variable whose initialization was deferred."""
    while _uninitialized:
        variable = _uninitialized.pop()
        if variable._value is None:
            variable._initialize_deferred()

# Note [skipped initializer draws]: `load_model` rebuilds a model and then overwrites its
# variables with the saved values, so drawing their random initial values (NumPy Philox,
# Note [same numbers on every engine]) is wasted work: ~0.3 s for a 9.4M-parameter MLP.
# Inside `SkipInitializerDraws`, a variable whose initializer is one of kbackend's own
# (whose number of draws never depends on the drawn values) calls it with a
# `DrawRecorder` installed: each random op still resolves its seed exactly as usual (so
# SeedGenerator counters and the global seed state advance as without the skip), records
# the seed pair, and returns a zero-stride NumPy view instead of drawing. The variable then
# stays uninitialized (``_value is None``, as in Note [deferred initialization]) with a
# replay as its initializer: the same initializer, whose random ops take the recorded seed
# pairs instead of advancing anything, so it gives exactly the values of the skipped
# call. The first `assign` (the load) initializes the variable with the assigned value and
# drops the replay; a read before that replays it; when the scope ends, every variable
# still uninitialized replays it, so a variable the file did not overwrite (skip_mismatch,
# a custom load_own_variables, LoRA factors) ends up with exactly the values it would have
# had, and nothing outside the scope ever sees an uninitialized variable.
_draws = threading.local()
_DEFERRED = object()


class DrawRecorder:
    """Seed pairs of the random ops run by one initializer call (Note [skipped
    initializer draws]); when ``replaying``, the ops take their seeds from ``seeds``."""

    __slots__ = ("seeds", "replaying", "_next")

    def __init__(self, seeds=None, replaying=False):
        self.seeds = [] if seeds is None else seeds
        self.replaying = replaying
        self._next = 0

    def next_recorded(self):
        if self._next >= len(self.seeds):
            raise RuntimeError(
                "An initializer replayed after load_model drew more random values than when "
                "it was first called; its draws must not depend on the values drawn."
            )
        self._next += 1
        return self.seeds[self._next - 1]


def current_draw_recorder():
    """The active `DrawRecorder`, or None (the usual case)."""
    return getattr(_draws, "recorder", None)


def _with_recorder(recorder, fn, *args, **kwargs):
    previous = getattr(_draws, "recorder", None)
    _draws.recorder = recorder
    try:
        return fn(*args, **kwargs)
    finally:
        _draws.recorder = previous


def _replayable(initializer):
    # Only kbackend's own initializers: their draw count is fixed by shape and dtype, so
    # replaying them with the recorded seeds reproduces the values exactly.
    return type(initializer).__module__.startswith("kbackend.initializers")


class SkipInitializerDraws:
    """Within it, kbackend initializers record their seeds instead of drawing; on exit the
    variables not assigned meanwhile get their exact initial values (Note [skipped
    initializer draws]).

    Example:
    >>> import kbackend
    >>> init = kbackend.initializers.RandomUniform(seed=1)
    >>> with SkipInitializerDraws():
    ...     v = kbackend.Variable(init, shape=(2,))
    >>> bool((v.numpy() == kbackend.ops.convert_to_numpy(init((2,)))).all())
    True
    """

    def __enter__(self):
        scopes = getattr(_draws, "scopes", None)
        if scopes is None:
            scopes = _draws.scopes = []
        scopes.append([])
        return self

    def __exit__(self, *exc):
        pending = _draws.scopes.pop()
        for variable in pending:
            if variable._value is None:
                variable._initialize_deferred()
        return None


def _replay(initializer, seeds, shape, dtype=None):
    return _with_recorder(DrawRecorder(seeds, replaying=True), initializer, shape,
                          dtype=dtype)

# Note [autocast scope]: under a mixed dtype policy ("mixed_float16"), a layer stores its
# variables in float32 but computes in float16. While a layer's `call` runs, the layer
# enters an `AutocastScope(compute_dtype)`; `Variable.value` consults it and returns a cast
# copy for floating variables created with ``autocast=True``, so ``ops.matmul(x, self.w)``
# in any user layer computes in float16 without explicit casts. The cast is an ordinary op,
# so gradients flow back to the float32 variable, and it applies to values mapped by a
# StatelessScope too (jit/tf.function steps). Writes are untouched: `assign` converts to the
# variable's own dtype, and `assign_add`/`assign_sub` read the uncast value so that float32
# state never round-trips through 16 bits. Each layer call sets the scope for its own
# duration (None for a non-mixed layer), so a float32 layer nested in a mixed model reads
# float32 values. The state is thread-local.
_autocast_state = threading.local()


def get_autocast_dtype():
    """The dtype `Variable.value` casts autocast variables to now, or None."""
    return getattr(_autocast_state, "dtype", None)


class AutocastScope:
    """Within it, floating autocast variables are read in ``dtype`` (Note [autocast scope]).

    Args:
        dtype: a floating dtype name, or None to read variables in their own dtype.

    Example:
    >>> import kbackend
    >>> v = kbackend.Variable([1.0])
    >>> with AutocastScope("float16"):
    ...     kbackend.ops.dtype(v.value)
    'float16'
    """

    __slots__ = ("dtype", "_previous")

    def __init__(self, dtype):
        if dtype is not None:
            dtype = dtypes.standardize_dtype(dtype)
            if not dtypes.is_float_dtype(dtype):
                raise ValueError(
                    f"AutocastScope needs a floating dtype or None, got {dtype!r}. "
                    "Pass e.g. 'float16' or 'bfloat16'."
                )
        self.dtype = dtype

    def __enter__(self):
        self._previous = getattr(_autocast_state, "dtype", None)
        _autocast_state.dtype = self.dtype
        return self

    def __exit__(self, *exc):
        _autocast_state.dtype = self._previous
        return None


def _autocast_value(variable, value):
    target = getattr(_autocast_state, "dtype", None)
    if target is None or variable._dtype == target or not dtypes.is_float_dtype(
            variable._dtype):
        return value
    from kbackend.ops import core as core_ops

    return core_ops.cast(value, target)


def _read_uncast(variable):
    if getattr(_autocast_state, "dtype", None) is None:
        return variable.value
    with AutocastScope(None):
        return variable.value


def numpy_snapshot(variable):
    """The variable's stored value as NumPy, possibly sharing its memory.

    Unlike `VariableBase.numpy` there is no defensive copy, so the array is only valid until
    the variable next changes: for readers that consume it at once, such as the weights
    writer (h5py copies it into the file), where copying 36 MiB of a 10M-parameter model
    first cost ~10% of `save_weights` on torch.

    Example:
    >>> import kbackend
    >>> v = kbackend.Variable([1.0, 2.0])
    >>> numpy_snapshot(v).tolist()
    [1.0, 2.0]
    """
    from kbackend.backends import convert_to_numpy

    return np.asarray(convert_to_numpy(_read_uncast(variable)))


_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = ("auto", "none", "on_read", "on_write")


class VariableBase:
    """A mutable tensor owned by a layer, optimizer or metric.

    Args:
        initializer: an initial value (array-like) or an initializer callable
            ``f(shape, dtype)``; a callable needs ``shape``.
        shape: the variable's shape (optional when the value is given).
        dtype: dtype name; defaults to the initial value's dtype, or ``floatx()``.
        trainable: whether gradients update it.
        autocast: whether layers cast it to their compute dtype under mixed precision.
        aggregation: "none", "mean", "sum" or "only_first_replica" (distribution).
        synchronization: "auto", "none", "on_read" or "on_write".
        name: variable name (no "/"); its ``path`` prefixes the current name scope.

    Example:
    >>> import kbackend
    >>> v = kbackend.Variable([[1.0, 2.0]], name="w")
    >>> v.assign_add([[1.0, 1.0]])
    >>> v.numpy().tolist(), v.shape, v.dtype
    ([[2.0, 3.0]], (1, 2), 'float32')
    """

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        **kwargs,
    ):
        name = name or "variable"
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"A variable name must be a string without '/', got {name!r}."
            )
        if aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"Invalid aggregation {aggregation!r}; expected one of {_AGGREGATIONS}."
            )
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(
                f"Invalid synchronization {synchronization!r}; expected one of "
                f"{_SYNCHRONIZATIONS}."
            )
        self._name = name
        parent = current_path()
        self._path = f"{parent}/{name}" if parent else name
        self._trainable = bool(trainable)
        self._autocast = bool(autocast)
        self._aggregation = aggregation
        self._synchronization = synchronization
        self._overwrite_with_gradient = False
        self._regularizer = kwargs.pop("regularizer", None)
        self._constraint = kwargs.pop("constraint", None)
        if kwargs:
            raise TypeError(f"Variable got unexpected keyword arguments: {sorted(kwargs)}.")
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable {name!r}: an initializer callable needs a `shape`."
                )
            dtype = dtypes.standardize_dtype(dtype)
            scope = get_stateless_scope()
            if scope is not None and not scope.initialize_variables:
                self._dtype, self._shape = dtype, tuple(int(d) for d in shape)
                self._initializer = initializer
                self._value = None
                _uninitialized.append(self)
                return
            value = self._initial_value(initializer, tuple(int(d) for d in shape), dtype)
            if value is _DEFERRED:
                return
        else:
            value = initializer
            if dtype is None:
                dtype = _infer_dtype(value)
            dtype = dtypes.standardize_dtype(dtype)
        self._dtype = dtype
        value = self._convert_to_tensor(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(
                f"Variable {name!r}: the initial value has shape {tuple(value.shape)} but "
                f"shape={tuple(shape)} was requested."
            )
        self._shape = tuple(int(d) for d in value.shape)
        self._initialize(value)

    def _initialize_deferred(self):
        value = self._convert_to_tensor(
            self._initializer(self._shape, dtype=self._dtype), dtype=self._dtype
        )
        self._initializer = None
        self._initialize(value)

    def _initial_value(self, initializer, shape, dtype):
        """``initializer(shape, dtype)``, or `_DEFERRED` when its draws were recorded
        instead (inside `SkipInitializerDraws`, Note [skipped initializer draws])."""
        scopes = getattr(_draws, "scopes", None)
        if not scopes or not _replayable(initializer):
            return initializer(shape, dtype=dtype)
        recorder = DrawRecorder()
        value = _with_recorder(recorder, initializer, shape, dtype=dtype)
        if not recorder.seeds:
            return value  # nothing was drawn (zeros, ones, ...): the value is real
        self._dtype, self._shape = dtype, shape
        self._initializer = functools.partial(_replay, initializer, recorder.seeds)
        self._value = None
        scopes[-1].append(self)
        return _DEFERRED

    # --- engine hooks -------------------------------------------------------------
    def _initialize(self, value):
        raise NotImplementedError  # implemented by each engine's Variable

    def _direct_assign(self, value):
        raise NotImplementedError  # implemented by each engine's Variable

    def _convert_to_tensor(self, value, dtype=None):
        raise NotImplementedError  # implemented by each engine's Variable

    # --- properties ---------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def path(self):
        return self._path

    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def dtype(self):
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    @property
    def autocast(self):
        return self._autocast

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def regularizer(self):
        return self._regularizer

    @regularizer.setter
    def regularizer(self, value):
        self._regularizer = value

    @property
    def constraint(self):
        return self._constraint

    @constraint.setter
    def constraint(self, value):
        self._constraint = value

    @property
    def overwrite_with_gradient(self):
        """If True, the optimizer replaces the value with the gradient (e.g. fp8 scales)."""
        return self._overwrite_with_gradient

    @overwrite_with_gradient.setter
    def overwrite_with_gradient(self, value):
        self._overwrite_with_gradient = bool(value)

    @property
    def value(self):
        """The current value as an engine tensor (the mapped one inside a StatelessScope)."""
        value = self._read_value()
        if self._autocast:  # Note [autocast scope]
            return _autocast_value(self, value)
        return value

    def _read_value(self):
        scope = get_stateless_scope()
        # Nested scopes fall back to their parents (e.g. a gradient scope inside a step).
        parent = scope
        while parent is not None:
            mapped = parent.get_current_value(self)
            if mapped is not None:
                return mapped
            parent = parent.parent
        if self._value is None:
            if scope is not None and not scope.initialize_variables:
                return self._convert_to_tensor(
                    self._initializer(self._shape, dtype=self._dtype), dtype=self._dtype
                )
            self._initialize_deferred()
        return self._value

    # --- mutation -----------------------------------------------------------------
    def assign(self, value):
        """Sets the value; it must have the variable's shape. Returns nothing."""
        value = self._convert_to_tensor(value, dtype=self._dtype)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Cannot assign a value of shape {tuple(value.shape)} to variable "
                f"{self._path!r} of shape {self._shape}."
            )
        scope = get_stateless_scope()
        if scope is not None:
            scope.add_update(self, value)
        else:
            if self._value is None:
                # A deferred variable overwritten before its first read: its initial
                # value is never needed (Note [skipped initializer draws]).
                self._initializer = None
                self._initialize(value)
            else:
                self._direct_assign(value)

    def assign_add(self, value):
        """Adds ``value`` to the variable."""
        from kbackend.ops import numpy as np_ops

        self.assign(np_ops.add(_read_uncast(self), value))

    def assign_sub(self, value):
        """Subtracts ``value`` from the variable."""
        from kbackend.ops import numpy as np_ops

        self.assign(np_ops.subtract(_read_uncast(self), value))

    def numpy(self):
        """Returns the value as a NumPy array."""
        from kbackend.backends import convert_to_numpy

        # A copy: some engines (torch) update variables in place, which would change an
        # array that shares their memory.
        return np.array(convert_to_numpy(_read_uncast(self)), copy=True)

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self.numpy())
        return array.astype(dtype) if dtype is not None else array

    def __repr__(self):
        return (
            f"<Variable path={self._path}, shape={self._shape}, dtype={self._dtype}, "
            f"value={self.numpy()}>"
        )

    def __len__(self):
        return self._shape[0]

    def __bool__(self):
        return bool(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __float__(self):
        return float(self.numpy())

    __hash__ = object.__hash__

    def astype(self, dtype):
        from kbackend.ops import core as core_ops

        return core_ops.cast(self.value, dtype)

    @property
    def T(self):  # noqa: N802 (NumPy spelling)
        from kbackend.ops import numpy as np_ops

        return np_ops.transpose(self.value)

    def __getitem__(self, key):
        from kbackend.ops import numpy as np_ops

        return np_ops.get_item(self.value, key)

    def _op(name, reverse=False):  # noqa: N805
        def method(self, other):
            from kbackend.ops import numpy as np_ops

            fn = getattr(np_ops, name)
            return fn(other, self.value) if reverse else fn(self.value, other)

        method.__name__ = name
        return method

    def _unary(name):  # noqa: N805
        def method(self):
            from kbackend.ops import numpy as np_ops

            return getattr(np_ops, name)(self.value)

        return method

    __add__ = _op("add")
    __radd__ = _op("add", True)
    __sub__ = _op("subtract")
    __rsub__ = _op("subtract", True)
    __mul__ = _op("multiply")
    __rmul__ = _op("multiply", True)
    __matmul__ = _op("matmul")
    __rmatmul__ = _op("matmul", True)
    __truediv__ = _op("true_divide")
    __rtruediv__ = _op("true_divide", True)
    __floordiv__ = _op("floor_divide")
    __rfloordiv__ = _op("floor_divide", True)
    __mod__ = _op("mod")
    __rmod__ = _op("mod", True)
    __pow__ = _op("power")
    __rpow__ = _op("power", True)
    __lt__ = _op("less")
    __le__ = _op("less_equal")
    __gt__ = _op("greater")
    __ge__ = _op("greater_equal")
    __neg__ = _unary("negative")
    __pos__ = _unary("copy")
    __abs__ = _unary("absolute")
    del _op, _unary


def _infer_dtype(value):
    if hasattr(value, "dtype"):
        return dtypes.standardize_dtype(value.dtype)
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return None  # floatx
    if array.dtype.kind in "iu":
        return "int32" if array.dtype == np.int64 and isinstance(value, int) else array.dtype.name
    return array.dtype.name
