"""tf.keras 2 spellings: layers.experimental(.preprocessing).<Name>."""

import warnings

import pytest

from kbackend import layers
from kbackend.layers.experimental import _deprecations


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    # The warning is once per process; each test starts from a clean record.
    monkeypatch.setattr(_deprecations, "_warned", set())


@pytest.mark.parametrize("name", ["Rescaling", "TextVectorization", "Normalization",
                                  "RandomFlip", "Resizing", "StringLookup"])
def test_preprocessing_names_resolve_with_one_warning(name):
    with pytest.warns(DeprecationWarning, match=f"kbackend.layers.{name}"):
        cls = getattr(layers.experimental.preprocessing, name)
    assert cls is getattr(layers, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert getattr(layers.experimental.preprocessing, name) is cls  # no second warning


def test_experimental_einsum_dense_and_errors():
    with pytest.warns(DeprecationWarning, match="EinsumDense"):
        assert layers.experimental.EinsumDense is layers.EinsumDense
    with pytest.raises(AttributeError, match="RandomFlip"):
        layers.experimental.preprocessing.RandomFlp  # noqa: B018
    assert "Rescaling" in dir(layers.experimental.preprocessing)
