"""The object tree of a model's variables, in the Keras 3 ``model.weights.h5`` layout.

Layout written (and read) for a model (the same one Keras 3 writes, observed on Keras 3
Functional and Sequential models)::

    /vars                         attrs {"name": model.name}; the model's own variables
    /layers/<key>/vars/0, 1, ...  each layer of ``model.layers``; ``<key>`` is the snake_case
                                  class name made unique in order (dense, dense_1, ...), and
                                  ``vars`` has attrs {"name": layer.name}
    /layers/<key>/<attr>/vars/... a sub-layer assigned as attribute ``<attr>`` of a layer
                                  (leading underscores dropped: ``_query_dense`` ->
                                  ``query_dense``)
                                  (lists/tuples/dicts of sub-layers use snake_case class
                                  keys made unique, as for ``layers``)
    /layers/<key>/seed_generator/vars/0   a SeedGenerator attribute (its state)
    /optimizer/vars/0, 1, ...     ``optimizer.variables`` in order (iterations,
                                  learning rate, then the slots)

A layer's own variables are written in creation order (``add_weight`` order, then variables
assigned as attributes), unless the layer defines both ``save_own_variables(store)`` and
``load_own_variables(store)`` (as Keras layers may): then those fill / read its ``vars``.
Functional models list their InputLayers in ``layers`` (with an empty ``vars`` group);
Sequential models do not. Every ``vars`` group is created, even empty.
"""

import re

import numpy as np

from kbackend.backends.common.variables import VariableBase, numpy_snapshot


def snake_case(name):
    """Returns ``name`` (a class name) in snake_case, e.g. ``BatchNormalization`` ->
    ``batch_normalization``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    # NOTE: a digit does not start a new word, as in Keras: Conv2D -> conv2d,
    # Conv2DTranspose -> conv2d_transpose.
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _is_layer(obj):
    from kbackend.layers.layer import Layer

    return isinstance(obj, Layer)


def _is_seed_generator(obj):
    from kbackend.random.seed_generator import SeedGenerator

    return isinstance(obj, SeedGenerator)


def _container_children(values):
    """Keys for the layers/seed generators in a list: unique snake_case class names."""
    children, counts = [], {}
    for value in values:
        if not (_is_layer(value) or _is_seed_generator(value)):
            continue
        base = snake_case(type(value).__name__)
        n = counts.get(base, 0)
        counts[base] = n + 1
        children.append((base if n == 0 else f"{base}_{n}", value))
    return children


def own_variables(obj):
    """The variables an object saves in its own ``vars`` group, in creation order."""
    if _is_seed_generator(obj):
        return [obj.state]
    if _is_layer(obj):
        found = list(getattr(obj, "_own_variables", []))
        for value in getattr(obj, "_tracked", {}).values():
            if isinstance(value, VariableBase):
                found.append(value)
            elif isinstance(value, (list, tuple)):
                found.extend(v for v in value if isinstance(v, VariableBase))
        result, seen = [], set()
        for v in found:
            if id(v) not in seen:
                seen.add(id(v))
                result.append(v)
        return result
    if hasattr(obj, "variables"):  # optimizers and other stateful objects
        return list(obj.variables)
    return []


def children(obj, is_root=False):
    """``[(key, child)]``: the sub-objects saved as groups under ``obj``."""
    if is_root:
        result = [("layers", _container_children(obj.layers))]
        optimizer = getattr(obj, "optimizer", None)
        if optimizer is not None:
            result.append(("optimizer", optimizer))
        return result
    if not _is_layer(obj):
        return []
    result = []
    for attr, value in getattr(obj, "_tracked", {}).items():
        # NOTE: Keras 3 names an attribute's group without its leading underscore
        # (MultiHeadAttention's ``_query_dense`` is saved as ``query_dense``).
        key = attr.lstrip("_") or attr
        if _is_layer(value) or _is_seed_generator(value):
            result.append((key, value))
        elif isinstance(value, (list, tuple)):
            if any(_is_layer(v) or _is_seed_generator(v) for v in value):
                result.append((key, _container_children(value)))
        elif isinstance(value, dict):
            if any(_is_layer(v) or _is_seed_generator(v) for v in value.values()):
                result.append((key, _container_children(list(value.values()))))
    return result


def save_tree(obj, group, is_root=False, visited=None):
    """Writes ``obj``'s variables (and its children's) into h5py group ``group``."""
    visited = set() if visited is None else visited
    visited.add(id(obj))
    vars_group = group.create_group("vars")
    vars_group.attrs["name"] = str(getattr(obj, "name", ""))
    if _has_own_store(obj):
        store = {}
        obj.save_own_variables(store)
        for key in sorted(store, key=_int_key):
            vars_group.create_dataset(key, data=np.asarray(store[key]))
    else:
        for i, variable in enumerate(own_variables(obj)):
            vars_group.create_dataset(str(i), data=numpy_snapshot(variable))
    for key, child in children(obj, is_root):
        if isinstance(child, list):
            sub = group.create_group(key)
            for child_key, item in child:
                if id(item) not in visited:
                    save_tree(item, sub.create_group(child_key), visited=visited)
        elif id(child) not in visited:
            save_tree(child, group.create_group(key), visited=visited)


def _read_dataset(dataset, where):
    from kbackend.saving.h5_safety import check_dataset

    check_dataset(dataset, where)
    return dataset[()]


def load_tree(obj, group, path="", is_root=False, skip_mismatch=False, visited=None,
              warn=None):
    """Assigns the values in h5py ``group`` to ``obj``'s variables (and its children's).

    Raises a ValueError naming the path and both shapes on a mismatch, unless
    ``skip_mismatch`` (then ``warn`` is called and the object is left as is).
    """
    visited = set() if visited is None else visited
    visited.add(id(obj))
    variables = own_variables(obj)
    vars_group = group.get("vars") if group is not None else None
    where = f"{path}/vars" if path else "vars"
    stored = sorted(vars_group.keys(), key=_int_key) if vars_group is not None else []
    if _has_own_store(obj):
        store = {k: _read_dataset(vars_group[k], f"{where}/{k}") for k in stored}
        try:
            obj.load_own_variables(store)
        except ValueError as e:
            _mismatch(f"{where}: {e}", skip_mismatch, warn)
    elif len(stored) != len(variables):
        if not (_is_seed_generator(obj) and vars_group is None):
            _mismatch(
                f"{where}: {type(obj).__name__} {getattr(obj, 'name', '')!r} has "
                f"{len(variables)} variables but the file holds {len(stored)}. Make sure the "
                "model is built the same way as the one that was saved.",
                skip_mismatch, warn,
            )
    else:
        values = [_read_dataset(vars_group[k], f"{where}/{k}") for k in stored]
        bad = [(v, x) for v, x in zip(variables, values) if tuple(v.shape) != x.shape]
        if bad:
            v, x = bad[0]
            _mismatch(
                f"{where}: shape mismatch for variable {getattr(v, 'path', v.name)!r} of "
                f"{type(obj).__name__} {getattr(obj, 'name', '')!r}: the model has "
                f"{tuple(v.shape)}, the file has {x.shape}.",
                skip_mismatch, warn,
            )
        else:
            for variable, value in zip(variables, values):
                variable.assign(value)
    for key, child in children(obj, is_root):
        sub = group.get(key) if group is not None else None
        if sub is None and group is not None and not is_root:
            # Files written by kbackend before the Keras key names (``_query_dense``).
            sub = group.get(f"_{key}")
        sub_path = f"{path}/{key}" if path else key
        if isinstance(child, list):
            for child_key, item in child:
                if id(item) not in visited:
                    load_tree(item, sub.get(child_key) if sub is not None else None,
                              f"{sub_path}/{child_key}", False, skip_mismatch, visited, warn)
        elif id(child) not in visited:
            load_tree(child, sub, sub_path, False, skip_mismatch, visited, warn)


def _has_own_store(obj):
    """Whether a layer writes/reads its own ``vars`` group (Keras's
    ``save_own_variables(store)`` / ``load_own_variables(store)`` pair, e.g. a LoRA Dense
    saving its merged kernel). Both must be defined; the store maps "0", "1", ... to
    arrays."""
    return _is_layer(obj) and callable(getattr(obj, "save_own_variables", None)) and \
        callable(getattr(obj, "load_own_variables", None))


def _int_key(k):
    return int(k) if k.isdigit() else k


def _mismatch(message, skip_mismatch, warn):
    if skip_mismatch:
        if warn is not None:
            warn(message + " Skipped (skip_mismatch=True).")
        return
    raise ValueError(message + " Pass skip_mismatch=True to skip such variables.")
