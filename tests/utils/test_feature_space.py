import numpy as np
import pytest

import kbackend
from kbackend import layers, ops
from kbackend.utils import FeatureSpace

DATA = {
    "age": np.array([20.0, 30.0, 40.0, 50.0]),
    "city": np.array(["paris", "rome", "paris", "oslo"]),
    "code": np.array([7, 7, 3, 9]),
}


def needs(*names):
    missing = [n for n in names if not hasattr(layers, n)]
    return pytest.mark.skipif(bool(missing), reason=f"kbackend.layers lacks {missing}")


def one_hot(values, vocabulary):
    out = np.zeros((len(values), len(vocabulary) + 1))
    for i, v in enumerate(values):
        out[i, vocabulary.index(v) + 1 if v in vocabulary else 0] = 1
    return out


def test_categorical_concat_and_dict():
    space = FeatureSpace({"age": "float", "city": "string_categorical",
                          "code": FeatureSpace.integer_categorical(num_oov_indices=1)})
    space.adapt(DATA)
    city_vocab = ["paris", "rome", "oslo"]  # frequency, then decreasing token
    code_vocab = [7, 9, 3]
    assert space.preprocessors["city"].get_vocabulary() == ["[UNK]"] + city_vocab
    out = ops.convert_to_numpy(space(DATA))
    ref = np.concatenate([DATA["age"][:, None], one_hot(DATA["city"], city_vocab),
                          one_hot(DATA["code"], code_vocab)], axis=-1)
    np.testing.assert_allclose(out, ref)
    space.output_mode = "dict"
    encoded = space(DATA)
    assert sorted(encoded) == ["age", "city", "code"]
    np.testing.assert_allclose(ops.convert_to_numpy(encoded["city"]),
                               one_hot(DATA["city"], city_vocab))


def test_adapt_on_batches_and_model():
    batches = [{k: v[:2] for k, v in DATA.items()}, {k: v[2:] for k, v in DATA.items()}]
    space = FeatureSpace({"city": "string_categorical", "code": "integer_categorical"})
    space.adapt(iter(batches))
    inputs = space.get_inputs()
    assert inputs["city"].dtype == "string" and inputs["city"].shape == (None, 1)
    encoded = space.get_encoded_features()
    assert encoded.shape == (None, 8)
    model = kbackend.Model(inputs, layers.Dense(1, kernel_initializer="ones")(encoded))
    feed = {"city": DATA["city"].astype(object)[:, None], "code": DATA["code"][:, None]}
    out = ops.convert_to_numpy(model(feed))
    np.testing.assert_allclose(out[:, 0], np.full(4, 2.0))


def test_config_round_trip():
    space = FeatureSpace({"city": "string_categorical"}, output_mode="dict")
    space.adapt(DATA)
    clone = FeatureSpace.from_config(space.get_config())
    np.testing.assert_allclose(ops.convert_to_numpy(clone(DATA)["city"]),
                               ops.convert_to_numpy(space(DATA)["city"]))


@needs("Normalization", "Discretization", "Hashing", "HashedCrossing", "Rescaling")
def test_numeric_features_and_crosses():
    space = FeatureSpace(
        {"age": "float_normalized", "age_bins": FeatureSpace.float_discretized(2),
         "scaled": FeatureSpace.float_rescaled(scale=2.0, offset=1.0),
         "city": FeatureSpace.string_hashed(4), "code": "integer_categorical"},
        crosses=[FeatureSpace.cross(("city", "code"), crossing_dim=5)], output_mode="dict")
    data = dict(DATA, age_bins=DATA["age"], scaled=DATA["age"])
    space.adapt(data)
    encoded = space(data)
    age = ops.convert_to_numpy(encoded["age"])[:, 0]
    np.testing.assert_allclose(age, (DATA["age"] - 35.0) / DATA["age"].std(), rtol=1e-4)
    np.testing.assert_allclose(ops.convert_to_numpy(encoded["scaled"])[:, 0],
                               DATA["age"] * 2 + 1)
    assert ops.convert_to_numpy(encoded["city"]).shape == (4, 4)
    assert ops.convert_to_numpy(encoded["city_X_code"]).shape == (4, 5)


def test_errors():
    with pytest.raises(ValueError, match="string_categorical"):
        FeatureSpace({"a": "string_categorial"})
    with pytest.raises(ValueError, match="concat"):
        FeatureSpace({"a": "float"}, output_mode="list")
    space = FeatureSpace({"city": "string_categorical"})
    with pytest.raises(ValueError, match="adapt"):
        space.get_encoded_features()
    with pytest.raises(ValueError, match="lacks features"):
        space.adapt({"town": DATA["city"]})
