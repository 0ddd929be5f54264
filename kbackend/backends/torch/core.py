import contextlib

import numpy as np
import torch

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.variables import VariableBase

DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
_device_stack = []

TORCH_DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}


def to_torch_dtype(dtype):
    dtype = dtypes.standardize_dtype(dtype)
    try:
        return TORCH_DTYPES[dtype]
    except KeyError:
        raise TypeError(
            f"The torch engine has no {dtype!r} tensors. Keep strings as NumPy arrays "
            "(preprocessing layers accept them)."
        ) from None


def get_device():
    return _device_stack[-1] if _device_stack else DEFAULT_DEVICE


class Variable(VariableBase):
    def _initialize(self, value):
        self._value = torch.nn.Parameter(
            value, requires_grad=self.trainable and value.dtype.is_floating_point
        )

    def _direct_assign(self, value):
        with torch.no_grad():
            self._value.copy_(value)

    def _convert_to_tensor(self, value, dtype=None):
        return convert_to_tensor(value, dtype=dtype)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        if hasattr(self, "_value") and self._value.dtype.is_floating_point:
            self._value.requires_grad_(self._trainable)

    # Lets torch functions accept a Variable directly.
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        def unwrap(x):
            return x.value if isinstance(x, Variable) else x

        args = tree.map_structure(unwrap, args)
        kwargs = tree.map_structure(unwrap, kwargs or {})
        return func(*args, **kwargs)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, torch.Tensor):
        if dtype is None:
            return x
        torch_dtype = to_torch_dtype(dtype)
        return x if x.dtype == torch_dtype else x.to(torch_dtype)
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    torch_dtype = to_torch_dtype(dtype)
    if isinstance(x, np.ndarray) and x.dtype.name != "bfloat16":
        return torch.as_tensor(x, device=get_device()).to(torch_dtype)
    if isinstance(x, (list, tuple)) or hasattr(x, "dtype"):
        x = np.asarray(x)
        if x.dtype.name == "bfloat16":
            return torch.as_tensor(x.astype(np.float32), device=get_device()).to(torch_dtype)
        return torch.as_tensor(x, device=get_device()).to(torch_dtype)
    return torch.as_tensor(x, dtype=torch_dtype, device=get_device())


def convert_to_numpy(x):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            return x.float().numpy().astype(dtypes.numpy_dtype("bfloat16"))
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, torch.Tensor)


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def dtype(x):
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


@contextlib.contextmanager
def device_scope(device_name):
    kind, _, index = str(device_name).lower().partition(":")
    if kind == "gpu":
        kind = "cuda"
    if kind not in ("cpu", "cuda", "mps", "meta"):
        raise ValueError(
            f"Invalid device {device_name!r}; expected e.g. 'cpu:0' or 'gpu:0'."
        )
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device_scope({device_name!r}): torch sees no CUDA device.")
    device = torch.device(kind if kind == "cpu" else f"{kind}:{int(index or 0)}")
    _device_stack.append(device)
    try:
        yield
    finally:
        _device_stack.pop()


def compute_output_spec(fn, *args, **kwargs):
    # NOTE: tensors on the "meta" device carry shape and dtype only, so fn runs without
    # computing anything. Unknown (None) dims are run with two sizes; dims that differ
    # are reported as None.
    def run(fill):
        def to_meta(x):
            if isinstance(x, KerasTensor):
                shape = tuple(fill if d is None else d for d in x.shape)
                return torch.empty(shape, dtype=to_torch_dtype(x.dtype), device="meta")
            return x

        a, k = tree.map_structure(to_meta, (args, kwargs))
        _device_stack.append(torch.device("meta"))
        try:
            return fn(*a, **k)
        finally:
            _device_stack.pop()

    has_none = any(
        isinstance(x, KerasTensor) and None in x.shape for x in tree.flatten((args, kwargs))
    )
    out_a = run(83)
    out_b = run(89) if has_none else out_a

    def to_spec(a, b):
        if not isinstance(a, torch.Tensor):
            return a
        shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
        return KerasTensor(shape, dtype=dtypes.standardize_dtype(a.dtype))

    return tree.map_structure(to_spec, out_a, out_b)
