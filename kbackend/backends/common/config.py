"""Process-wide settings and the one place that decides the engine.

The engine is chosen once per process, at import, in this order:

1. the ``KBACKEND`` environment variable;
2. ``"backend"`` in ``$KBACKEND_HOME/kbackend.json`` (default ``~/.kbackend/kbackend.json``);
3. the first importable of jax, torch, tensorflow;
4. numpy (inference only).

The same file may also set ``floatx``, ``epsilon`` and ``image_data_format``.
"""

import importlib.util
import json
import os

ENGINES = ("jax", "torch", "tensorflow", "numpy")
AUTO_DETECT_ORDER = ("jax", "torch", "tensorflow")
FLOAT_DTYPES_FOR_FLOATX = ("bfloat16", "float16", "float32", "float64")
IMAGE_DATA_FORMATS = ("channels_last", "channels_first")

# The module that each engine needs importable, and what to install to get it.
ENGINE_REQUIREMENTS = {
    "jax": ("jax", "pip install 'kbackend[jax]'  (or: pip install jax jaxlib)"),
    "torch": ("torch", "pip install 'kbackend[torch]'  (or: pip install torch)"),
    "tensorflow": (
        "tensorflow",
        "pip install 'kbackend[tensorflow]'  (or: pip install tensorflow-cpu)",
    ),
    "numpy": ("numpy", "pip install numpy"),
}

_settings = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
}


class EngineSelectionError(ValueError):
    """The requested engine is unknown or not installed."""


def kbackend_home():
    """Returns the kbackend home folder (``$KBACKEND_HOME`` or ``~/.kbackend``).

    Example:
    >>> kbackend_home().endswith(".kbackend") or "KBACKEND_HOME" in os.environ
    True
    """
    home = os.environ.get("KBACKEND_HOME")
    if home:
        return os.path.abspath(os.path.expanduser(home))
    return os.path.join(os.path.expanduser("~"), ".kbackend")


def config_file_path():
    """Returns the path of the ``kbackend.json`` config file (it may not exist)."""
    return os.path.join(kbackend_home(), "kbackend.json")


def _read_config_file():
    path = config_file_path()
    if not os.path.exists(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise EngineSelectionError(
            f"Could not read the kbackend config file {path}: {e}. Fix the JSON or delete "
            "the file to use the defaults."
        ) from None
    if not isinstance(data, dict):
        raise EngineSelectionError(
            f"The kbackend config file {path} must hold a JSON object, got {type(data).__name__}."
        )
    return data


def _validate_engine(name, source):
    name = str(name).strip().lower()
    if name not in ENGINES:
        raise EngineSelectionError(
            f"Unknown engine {name!r} (from {source}). Valid engines are: "
            f"{', '.join(ENGINES)}. Example: KBACKEND=jax python train.py"
        )
    module, install = ENGINE_REQUIREMENTS[name]
    if importlib.util.find_spec(module) is None:
        raise EngineSelectionError(
            f"The engine {name!r} was selected (from {source}) but the package {module!r} "
            f"is not installed. Install it with: {install}, or pick another engine with "
            f"the KBACKEND environment variable ({', '.join(ENGINES)})."
        )
    return name


def _select_engine():
    file_settings = _read_config_file()
    for key in ("floatx", "epsilon", "image_data_format"):
        if key in file_settings:
            _settings[key] = file_settings[key]
    env = os.environ.get("KBACKEND")
    if env:
        return _validate_engine(env, "the KBACKEND environment variable")
    if "backend" in file_settings:
        return _validate_engine(
            file_settings["backend"], f"the config file {config_file_path()}"
        )
    for name in AUTO_DETECT_ORDER:
        if importlib.util.find_spec(ENGINE_REQUIREMENTS[name][0]) is not None:
            return name
    return "numpy"


ENGINE = _select_engine()


def backend():
    """Returns the name of the engine in use: "jax", "torch", "tensorflow" or "numpy".

    Example:
    >>> backend() in ("jax", "torch", "tensorflow", "numpy")
    True
    """
    return ENGINE


def floatx():
    """Returns the default float dtype, e.g. ``"float32"``.

    Example:
    >>> floatx()
    'float32'
    """
    return _settings["floatx"]


def set_floatx(value):
    """Sets the default float dtype ("bfloat16", "float16", "float32" or "float64").

    Example:
    >>> set_floatx("float64"); set_floatx("float32")
    """
    value = str(value)
    if value not in FLOAT_DTYPES_FOR_FLOATX:
        raise ValueError(
            f"Unknown floatx {value!r}. Expected one of {FLOAT_DTYPES_FOR_FLOATX}."
        )
    _settings["floatx"] = value


def epsilon():
    """Returns the fuzz factor used in numeric expressions (default ``1e-7``).

    Example:
    >>> epsilon()
    1e-07
    """
    return _settings["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor used in numeric expressions.

    Example:
    >>> set_epsilon(1e-5); set_epsilon(1e-7)
    """
    _settings["epsilon"] = float(value)


def image_data_format():
    """Returns "channels_last" or "channels_first".

    Example:
    >>> image_data_format()
    'channels_last'
    """
    return _settings["image_data_format"]


def set_image_data_format(data_format):
    """Sets the default image layout ("channels_last" or "channels_first").

    Example:
    >>> set_image_data_format("channels_first"); set_image_data_format("channels_last")
    """
    data_format = str(data_format).lower()
    if data_format not in IMAGE_DATA_FORMATS:
        raise ValueError(
            f"Unknown data_format {data_format!r}. Expected one of {IMAGE_DATA_FORMATS}."
        )
    _settings["image_data_format"] = data_format


def standardize_data_format(data_format):
    """Returns ``data_format``, or the global default when it is None."""
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in IMAGE_DATA_FORMATS:
        raise ValueError(
            f"Unknown data_format {data_format!r}. Expected one of {IMAGE_DATA_FORMATS}."
        )
    return data_format
