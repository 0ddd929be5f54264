import contextlib

import numpy as np
import pytest

import kbackend
from kbackend import ops, random
from kbackend.backends.common import random_numpy


def _np(x):
    return ops.convert_to_numpy(x)


def _philox(seed):
    # Independent reference: NumPy's Philox keyed by (seed, counter).
    return np.random.Generator(np.random.Philox(key=np.array(seed, dtype=np.uint64)))


def test_same_values_as_the_shared_reference_on_every_engine():
    # Every engine must give exactly NumPy Philox's numbers for an int seed, which makes
    # the values identical across engines.
    expected = (_philox([42, 0]).standard_normal((3, 2)) * 2.0 + 1.0).astype("float32")
    np.testing.assert_array_equal(_np(random.normal((3, 2), 1.0, 2.0, seed=42)), expected)
    expected = (_philox([7, 0]).random((4,)) * 3.0 - 1.0).astype("float32")
    np.testing.assert_array_equal(_np(random.uniform((4,), -1.0, 2.0, seed=7)), expected)
    expected = _philox([3, 0]).integers(0, 10, size=(5,)).astype("int32")
    np.testing.assert_array_equal(_np(random.randint((5,), 0, 10, seed=3)), expected)


def test_int_seed_is_stateless_and_seed_generator_advances():
    a = _np(random.normal((4,), seed=1))
    b = _np(random.normal((4,), seed=1))
    np.testing.assert_array_equal(a, b)
    gen = random.SeedGenerator(5)
    c = _np(random.normal((4,), seed=gen))
    d = _np(random.normal((4,), seed=gen))
    assert not np.array_equal(c, d)
    gen2 = random.SeedGenerator(5)
    np.testing.assert_array_equal(_np(random.normal((4,), seed=gen2)), c)


def test_set_random_seed_makes_unseeded_draws_reproducible():
    kbackend.utils.set_random_seed(123)
    a = _np(random.uniform((3,)))
    g = random.SeedGenerator()
    b = _np(random.uniform((3,), seed=g))
    kbackend.utils.set_random_seed(123)
    np.testing.assert_array_equal(_np(random.uniform((3,))), a)
    np.testing.assert_array_equal(_np(random.uniform((3,), seed=random.SeedGenerator())), b)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_dtypes_and_distributions(dtype):
    x = random.normal((2000,), dtype=dtype, seed=1)
    assert ops.dtype(x) == dtype
    values = _np(x).astype("float64")
    assert abs(values.mean()) < 0.1 and abs(values.std() - 1) < 0.1
    t = _np(random.truncated_normal((2000,), dtype=dtype, seed=2)).astype("float64")
    assert np.abs(t).max() <= 2.0


def test_other_distributions_match_numpy_generator():
    seed = [9, 0]
    np.testing.assert_allclose(
        _np(random.gamma((5,), alpha=2.0, seed=9)),
        _philox(seed).standard_gamma(np.full(5, 2.0)).astype("float32"),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        _np(random.beta((5,), alpha=2.0, beta=3.0, seed=9)),
        _philox(seed).beta(np.full(5, 2.0), np.full(5, 3.0)).astype("float32"),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        _np(random.binomial((5,), counts=10, probabilities=0.3, seed=9)),
        _philox(seed).binomial(np.full(5, 10), np.full(5, 0.3)).astype("float32"),
    )


def test_categorical_shape_and_concentration():
    samples = _np(random.categorical([[0.0, 50.0, 0.0], [50.0, 0.0, 0.0]], 6, seed=4))
    assert samples.shape == (2, 6)
    assert (samples[0] == 1).all() and (samples[1] == 0).all()
    with pytest.raises(ValueError, match="rank 2"):
        random.categorical([0.0, 1.0], 2, seed=1)


def test_dropout_and_shuffle():
    x = ops.ones((10, 20))
    y = _np(random.dropout(x, 0.5, seed=3))
    assert set(np.unique(y)) <= {0.0, 2.0}
    keep = random_numpy.dropout_keep_mask((10, 20), 0.5, np.array([3, 0]))
    np.testing.assert_array_equal(y != 0, keep)
    z = _np(random.dropout(x, 0.5, noise_shape=(1, 20), seed=3))
    assert (z == z[0]).all()
    shuffled = _np(random.shuffle(ops.convert_to_tensor(np.arange(10)), seed=2))
    assert sorted(shuffled.tolist()) == list(range(10))
    with pytest.raises(ValueError, match="rate"):
        random.dropout(x, 1.5)


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="seed"):
        random.normal((2,), seed="abc")
    with pytest.raises(ValueError, match="integer dtype"):
        random.randint((2,), 0, 3, dtype="float32")
    with pytest.raises(ValueError, match="float dtype"):
        random.normal((2,), dtype="int32")
    with pytest.raises(ValueError, match="SeedGenerator expects"):
        random.SeedGenerator(seed=1.5)


def test_skipped_initializer_draws_keep_seed_states_and_values():
    # Note [skipped initializer draws]: inside the scope the seed is resolved (counters
    # advance), nothing is drawn, and the value is the one a normal call gives.
    from kbackend.backends.common.variables import SkipInitializerDraws
    from kbackend.initializers import RandomNormal

    def make(skip):
        kbackend.utils.set_random_seed(3)
        generator = random.SeedGenerator(9)
        initializer = RandomNormal(seed=generator)
        with SkipInitializerDraws() if skip else contextlib.nullcontext():
            first = kbackend.Variable(initializer, shape=(4, 3))
            second = kbackend.Variable(initializer, shape=(4, 3))
            read_inside = first.numpy()  # a read replays the draw at once
            second.assign(np.ones((4, 3), np.float32))
            third = kbackend.Variable(initializer, shape=(2,))
        return (read_inside, first.numpy(), second.numpy(), third.numpy(),
                _np(generator.state.value), _np(random.uniform((3,))))

    for a, b in zip(make(True), make(False)):
        np.testing.assert_array_equal(a, b)


def test_skipped_draws_leave_other_initializers_alone():
    from kbackend.backends.common.variables import SkipInitializerDraws

    def custom(shape, dtype=None):  # not a kbackend initializer: drawn as usual
        return random.uniform(shape, dtype=dtype, seed=5)

    with SkipInitializerDraws():
        v = kbackend.Variable(custom, shape=(3,))
        z = kbackend.Variable(kbackend.initializers.Ones(), shape=(2,))
    np.testing.assert_array_equal(v.numpy(), _np(random.uniform((3,), seed=5)))
    np.testing.assert_array_equal(z.numpy(), np.ones((2,), np.float32))
