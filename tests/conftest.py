"""Test configuration: the engine is the one selected for this process (KBACKEND)."""

import numpy as np
import pytest

from kbackend import backends


def pytest_collection_modifyitems(config, items):
    # Tests skip by capability, never by engine name (STYLE 7).
    skip_train = pytest.mark.skip(reason=f"the {backends.ENGINE} engine cannot train")
    for item in items:
        if "requires_trainable_backend" in item.keywords and not backends.CAN_TRAIN:
            item.add_marker(skip_train)


@pytest.fixture(autouse=True)
def _seeded_numpy():
    np.random.seed(1337)
