"""Config: attribute and item access, freezing."""

import json

import pytest

from kbackend.utils import Config


def test_attribute_and_item_access():
    config = Config(a=1)
    config.b = 2
    config["c"] = 3
    assert config["b"] == 2 and config.c == 3 and len(config) == 3 and "a" in config
    assert dict(config.items()) == {"a": 1, "b": 2, "c": 3} == config.as_dict()
    assert json.loads(config.to_json()) == {"a": 1, "b": 2, "c": 3}
    del config.a
    assert list(config) == ["b", "c"] and config.get("a", 9) == 9
    with pytest.raises(AttributeError, match="'missing'"):
        _ = config.missing


def test_freeze():
    config = Config(a=1)
    config.freeze()
    assert config.is_frozen
    for change in (lambda: setattr(config, "a", 2), lambda: config.__setitem__("b", 1),
                   lambda: config.update(a=3), lambda: config.pop("a")):
        with pytest.raises(AttributeError, match="frozen"):
            change()
    assert config.a == 1
    config.unfreeze()
    config.a = 2
    assert config == {"a": 2}
