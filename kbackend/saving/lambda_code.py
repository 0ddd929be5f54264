"""Python lambdas as configs: ``function_to_code`` / ``function_from_code``.

The config layout is Keras 3's: ``{"code": base64 of marshal.dumps(fn.__code__),
"defaults": fn.__defaults__, "closure": the closure cells' contents}``. Rebuilding runs
bytecode taken from a file, so the deserializer only calls `function_from_code` when
``safe_mode=False`` (see Note [safe deserialization] in ``serialization_lib``). Bytecode is
tied to the Python version that wrote it.
"""

import builtins
import codecs
import marshal
import types


def function_to_code(function):
    """Returns the ``{"code", "defaults", "closure"}`` config of a Python function.

    Args:
        function: a Python function (typically a lambda).

    Returns:
        A JSON-compatible dict.

    Example:
    >>> sorted(function_to_code(lambda x: x + 1))
    ['closure', 'code', 'defaults']
    """
    raw = marshal.dumps(function.__code__)
    # NOTE: codecs' base64 (newline every 76 chars) is the encoding Keras writes.
    code = codecs.encode(raw, "base64").decode("ascii")
    defaults = list(function.__defaults__) if function.__defaults__ else None
    closure = None
    if function.__closure__:
        closure = [cell.cell_contents for cell in function.__closure__]
    return {"code": code, "defaults": defaults, "closure": closure}


def _function_globals():
    import kbackend
    from kbackend import ops

    # A rebuilt lambda sees the names a Keras lambda commonly uses.
    return {"__builtins__": builtins, "kbackend": kbackend, "keras": kbackend, "ops": ops}


def function_from_code(config, globs=None):
    """Rebuilds a function from `function_to_code`'s config (runs bytecode: trusted only).

    Args:
        config: ``{"code", "defaults", "closure"}``.
        globs: globals for the function (default: builtins plus ``kbackend``/``keras``
            and ``ops``).

    Returns:
        The function.

    Example:
    >>> f = function_from_code(function_to_code(lambda x, y=2: x * y))
    >>> f(3)
    6
    """
    if not isinstance(config, dict) or "code" not in config:
        raise ValueError(
            "function_from_code expects a dict with 'code', 'defaults' and 'closure', got "
            f"{config!r}."
        )
    raw = codecs.decode(config["code"].encode("ascii"), "base64")
    try:
        code = marshal.loads(raw)
    except (ValueError, EOFError, TypeError) as e:
        raise ValueError(
            f"Could not load the lambda's bytecode ({e}). It was probably written by another "
            "Python version; re-create the function in code instead."
        ) from None
    defaults = config.get("defaults")
    if defaults is not None:
        defaults = tuple(defaults)
    closure = config.get("closure")
    if closure is not None:
        closure = tuple(types.CellType(value) for value in closure)
    return types.FunctionType(code, globs if globs is not None else _function_globals(),
                              name=code.co_name, argdefs=defaults, closure=closure)
