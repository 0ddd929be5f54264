"""FeatureSpace: one-stop preprocessing of structured (tabular) data, Keras 3 API.

Each named feature gets a preprocessing layer (lookup, hashing, normalization, ...);
``adapt`` fits them on a dict of arrays (or an iterable of dict batches), and calling the
space on a dict of arrays returns one concatenated float tensor or a dict of encodings.
String features stay NumPy arrays, so no tensorflow is needed on any engine.
"""

import numpy as np

from kbackend import ops
from kbackend.backends.common.keras_tensor import KerasTensor


def _layer(name):
    from kbackend import layers

    cls = getattr(layers, name, None)
    if cls is None:
        raise ValueError(
            f"FeatureSpace needs kbackend.layers.{name}, which is not available in this "
            "build."
        )
    return cls


class Feature:
    """One feature of a `FeatureSpace`: its input dtype, preprocessor and output mode.

    Args:
        dtype: the input dtype ("float32", "int64", "string").
        preprocessor: a layer (or None for the identity).
        output_mode: "int", "one_hot", "multi_hot", "float" ... (informative).
    """

    def __init__(self, dtype, preprocessor, output_mode):
        self.dtype = dtype
        self.preprocessor = preprocessor
        self.output_mode = output_mode

    def get_config(self):
        from kbackend.saving import serialization_lib

        return {"dtype": self.dtype,
                "preprocessor": serialization_lib.serialize_keras_object(self.preprocessor),
                "output_mode": self.output_mode}

    @classmethod
    def from_config(cls, config):
        from kbackend.saving import serialization_lib

        config = dict(config)
        config["preprocessor"] = serialization_lib.deserialize_keras_object(
            config["preprocessor"])
        return cls(**config)


class Cross:
    """A hashed cross of several categorical features of a `FeatureSpace`.

    Args:
        feature_names: the crossed feature names.
        crossing_dim: the number of hash bins.
        output_mode: "one_hot" or "int".
    """

    def __init__(self, feature_names, crossing_dim, output_mode="one_hot"):
        self.feature_names = tuple(feature_names)
        self.crossing_dim = crossing_dim
        self.output_mode = output_mode

    @property
    def name(self):
        return "_X_".join(self.feature_names)

    def get_config(self):
        return {"feature_names": list(self.feature_names), "crossing_dim": self.crossing_dim,
                "output_mode": self.output_mode}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class FeatureSpace:
    """Preprocesses a dict of feature arrays into model-ready tensors.

    Args:
        features: dict of feature name -> a `Feature` (from ``FeatureSpace.float(...)``,
            ``FeatureSpace.string_categorical(...)``, ...) or a shorthand string ("float",
            "float_normalized", "float_rescaled", "float_discretized",
            "integer_categorical", "string_categorical", "integer_hashed",
            "string_hashed").
        output_mode: "concat" (one float tensor) or "dict" (one encoding per feature).
        crosses: optional list of ``FeatureSpace.cross(...)`` or tuples of feature names.
        crossing_dim: default number of bins of tuple crosses.
        hashing_dim: number of bins of "*_hashed" shorthands.
        num_discretization_bins: number of bins of the "float_discretized" shorthand.
        name: optional name.

    Example:
    >>> import numpy as np
    >>> space = FeatureSpace(
    ...     {"age": FeatureSpace.float_normalized(), "city": "string_categorical"})
    >>> data = {"age": np.array([20.0, 30.0, 40.0]), "city": np.array(["a", "b", "a"])}
    >>> space.adapt(data)
    >>> tuple(space(data).shape)
    (3, 4)
    """

    def __init__(self, features, output_mode="concat", crosses=None, crossing_dim=32,
                 hashing_dim=32, num_discretization_bins=32, name=None):
        if output_mode not in ("concat", "dict"):
            raise ValueError(
                f"FeatureSpace: output_mode must be 'concat' or 'dict', got {output_mode!r}."
            )
        if not isinstance(features, dict) or not features:
            raise ValueError(
                "FeatureSpace: features must be a non-empty dict of name -> Feature or "
                f"shorthand string, got {features!r}."
            )
        self.output_mode = output_mode
        self.crossing_dim = crossing_dim
        self.hashing_dim = hashing_dim
        self.num_discretization_bins = num_discretization_bins
        self.name = name or "feature_space"
        self.features = {name: self._standardize_feature(name, f)
                         for name, f in features.items()}
        self.crosses = []
        for cross in crosses or []:
            if not isinstance(cross, Cross):
                cross = FeatureSpace.cross(cross, crossing_dim=crossing_dim)
            unknown = [n for n in cross.feature_names if n not in self.features]
            if unknown:
                raise ValueError(
                    f"FeatureSpace: cross {cross.feature_names} names unknown features "
                    f"{unknown}; known features: {sorted(self.features)}."
                )
            self.crosses.append(cross)
        self.crossers = {c.name: _layer("HashedCrossing")(num_bins=c.crossing_dim,
                                                          output_mode=c.output_mode)
                         for c in self.crosses}
        self.preprocessors = {n: f.preprocessor for n, f in self.features.items()}
        self._is_adapted = False
        self._inputs = None

    # --- feature constructors (Keras 3 names) ---------------------------------------------
    @classmethod
    def cross(cls, feature_names, crossing_dim, output_mode="one_hot"):
        """A hashed cross of categorical features into ``crossing_dim`` bins."""
        return Cross(feature_names, crossing_dim, output_mode)

    @classmethod
    def feature(cls, dtype, preprocessor, output_mode):
        """A feature with a custom preprocessing layer."""
        return Feature(dtype, preprocessor, output_mode)

    @classmethod
    def float(cls, name=None):
        """A float feature passed through unchanged."""
        return Feature("float32", _layer("Identity")(name=name), "float")

    @classmethod
    def float_rescaled(cls, scale=1.0, offset=0.0, name=None):
        """A float feature computed as ``x * scale + offset``."""
        return Feature("float32", _layer("Rescaling")(scale=scale, offset=offset, name=name),
                       "float")

    @classmethod
    def float_normalized(cls, name=None):
        """A float feature normalized to zero mean and unit variance (adapted)."""
        return Feature("float32", _layer("Normalization")(axis=-1, name=name), "float")

    @classmethod
    def float_discretized(cls, num_bins, bin_boundaries=None, output_mode="one_hot",
                          name=None):
        """A float feature bucketized into bins (boundaries given or adapted)."""
        layer = _layer("Discretization")(num_bins=num_bins, bin_boundaries=bin_boundaries,
                                         output_mode=output_mode, name=name)
        return Feature("float32", layer, output_mode)

    @classmethod
    def integer_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                            name=None):
        """An integer category looked up in an adapted vocabulary."""
        layer = _layer("IntegerLookup")(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                                        output_mode=output_mode, name=name)
        return Feature("int64", layer, output_mode)

    @classmethod
    def string_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                           name=None):
        """A string category looked up in an adapted vocabulary."""
        layer = _layer("StringLookup")(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                                       output_mode=output_mode, name=name)
        return Feature("string", layer, output_mode)

    @classmethod
    def string_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """A string category hashed into ``num_bins`` bins."""
        return Feature("string", _layer("Hashing")(num_bins=num_bins, output_mode=output_mode,
                                                   name=name), output_mode)

    @classmethod
    def integer_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """An integer category hashed into ``num_bins`` bins."""
        return Feature("int64", _layer("Hashing")(num_bins=num_bins, output_mode=output_mode,
                                                  name=name), output_mode)

    def _standardize_feature(self, name, feature):
        if isinstance(feature, Feature):
            return feature
        if isinstance(feature, dict):
            return Feature.from_config(feature)
        # NOTE: preprocessors must not share their feature's (= its Input's) name.
        name = f"{name}_preprocessor"
        shorthands = {
            "float": lambda: self.float(name=name),
            "float_normalized": lambda: self.float_normalized(name=name),
            "float_rescaled": lambda: self.float_rescaled(name=name),
            "float_discretized": lambda: self.float_discretized(
                self.num_discretization_bins, name=name),
            "integer_categorical": lambda: self.integer_categorical(name=name),
            "string_categorical": lambda: self.string_categorical(name=name),
            "integer_hashed": lambda: self.integer_hashed(self.hashing_dim, name=name),
            "string_hashed": lambda: self.string_hashed(self.hashing_dim, name=name),
        }
        if feature not in shorthands:
            import difflib

            close = difflib.get_close_matches(str(feature), list(shorthands), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            feature_name = name[:-len("_preprocessor")]
            raise ValueError(
                f"FeatureSpace: feature {feature_name!r} has unknown type {feature!r}. "
                f"Expected a Feature or one of {sorted(shorthands)}.{hint}"
            )
        return shorthands[feature]()

    # --- adapt and call ----------------------------------------------------------------
    def _columns(self, data):
        if isinstance(data, dict):
            batches = [data]
        else:
            batches = []
            for batch in data:
                if isinstance(batch, tuple):
                    batch = batch[0]
                if not isinstance(batch, dict):
                    raise ValueError(
                        "FeatureSpace.adapt expects a dict of arrays or an iterable of dict "
                        f"batches, got a batch of type {type(batch).__name__}."
                    )
                batches.append(batch)
        missing = [n for n in self.features if not batches or n not in batches[0]]
        if missing:
            raise ValueError(
                f"FeatureSpace: the data lacks features {missing}; expected keys "
                f"{sorted(self.features)}."
            )
        return {n: np.concatenate([_column(b[n]) for b in batches]) for n in self.features}

    def adapt(self, dataset):
        """Fits every adaptable preprocessor on its feature column.

        Args:
            dataset: a dict of arrays (name -> values) or an iterable of such dicts.
        """
        columns = self._columns(dataset)
        for name, feature in self.features.items():
            if hasattr(feature.preprocessor, "adapt"):
                column = columns[name]
                if feature.dtype != "string":
                    column = column.astype(feature.dtype)
                feature.preprocessor.adapt(column)
        self._is_adapted = True

    def _encode(self, inputs):
        encoded = {}
        for name, feature in self.features.items():
            encoded[name] = feature.preprocessor(inputs[name])
        for cross in self.crosses:
            encoded[cross.name] = self.crossers[cross.name](
                tuple(inputs[n] for n in cross.feature_names))
        if self.output_mode == "dict":
            return encoded
        parts = [ops.cast(encoded[n], "float32") for n in sorted(encoded)]
        return ops.concatenate(parts, axis=-1)

    def __call__(self, data):
        """Encodes a dict of arrays (or of symbolic inputs) with the fitted preprocessors."""
        if not isinstance(data, dict):
            raise ValueError(
                f"FeatureSpace expects a dict of feature arrays, got {type(data).__name__}."
            )
        missing = [n for n in self.features if n not in data]
        if missing:
            raise ValueError(f"FeatureSpace: missing features {missing}.")
        inputs = {}
        for name, feature in self.features.items():
            value = data[name]
            if not isinstance(value, KerasTensor):
                value = _column(value)
                value = value if feature.dtype == "string" else ops.convert_to_tensor(
                    value.astype(feature.dtype))
            inputs[name] = value
        return self._encode(inputs)

    def get_inputs(self):
        """The symbolic inputs (dict of `kbackend.Input`, shape ``(None, 1)``)."""
        if self._inputs is None:
            from kbackend.layers import Input

            self._inputs = {n: Input(shape=(1,), dtype=f.dtype, name=n)
                            for n, f in self.features.items()}
        return self._inputs

    def get_encoded_features(self):
        """The symbolic encoded features for `get_inputs` (for building a model)."""
        if not self._is_adapted and any(hasattr(f.preprocessor, "adapt")
                                        for f in self.features.values()):
            raise ValueError(
                "FeatureSpace: call adapt(data) before get_encoded_features()."
            )
        return self._encode(self.get_inputs())

    def get_config(self):
        return {
            "features": {n: f.get_config() for n, f in self.features.items()},
            "output_mode": self.output_mode,
            "crosses": [c.get_config() for c in self.crosses],
            "crossing_dim": self.crossing_dim,
            "hashing_dim": self.hashing_dim,
            "num_discretization_bins": self.num_discretization_bins,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["crosses"] = [Cross.from_config(c) for c in config.get("crosses") or []]
        return cls(**config)


def _column(values):
    """A feature column as a NumPy ``(batch, 1)`` array (strings decoded)."""
    from kbackend.layers.preprocessing.text.encoding import to_numpy

    array = to_numpy(values, "FeatureSpace")
    if array.ndim == 0:
        array = array.reshape(1, 1)
    elif array.ndim == 1:
        array = array[:, None]
    return array


for _cls in (FeatureSpace, Feature, Cross):
    _cls.__module__ = "kbackend.utils"
del _cls
