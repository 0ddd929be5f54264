"""FarmHash Fingerprint64 (farmhash "na" Hash64), vectorised with NumPy uint64 arithmetic.

Note [hashing]: Keras 3's Hashing layer hashes the string form of each value with
TensorFlow's ``tf.strings.to_hash_bucket_fast`` (FarmHash ``Fingerprint64`` mod ``num_bins``),
or, when salted, ``tf.strings.to_hash_bucket_strong`` (SipHash-2-4 keyed with the two salt
words, see ``_siphash.py``). HashedCrossing uses ``tf.sparse.cross_hashed``: each feature's
fingerprint (an integer feature is its own value) is folded with ``FingerprintCat64`` starting
from the key ``0xDECAFCAFFE``. These modules reimplement all of it without TensorFlow so bins
are bit-identical to Keras's on every engine.

Strings are grouped by byte length and each group is hashed at once on an ``(n, length)``
uint8 matrix: every branch of the algorithm depends only on the length, so one group takes a
fixed number of array operations (NumPy uint64 arithmetic wraps modulo 2**64, like C).
"""

import numpy as np

_U64 = np.uint64
K0 = _U64(0xC3A5C85C97CB3127)
K1 = _U64(0xB492B66FBE98F273)
K2 = _U64(0x9AE16A3B2F90404F)
_CAT_MUL = _U64(0xC6A4A7935BD1E995)
_MASK = 0xFFFFFFFFFFFFFFFF
CROSS_HASH_KEY = 0xDECAFCAFFE  # tf.sparse.cross_hashed's default hash_key


def _fetch64(block, offset):
    return np.ascontiguousarray(block[:, offset:offset + 8]).view("<u8")[:, 0]


def _fetch32(block, offset):
    return np.ascontiguousarray(block[:, offset:offset + 4]).view("<u4")[:, 0].astype(_U64)


def _rotate(value, shift):
    return (value >> _U64(shift)) | (value << _U64(64 - shift))


def _shift_mix(value):
    return value ^ (value >> _U64(47))


def _hash_len16(u, v, mul):
    a = _shift_mix((u ^ v) * mul)
    b = _shift_mix((v ^ a) * mul)
    return b * mul


def _mul_for(length):
    return _U64((0x9AE16A3B2F90404F + 2 * length) & _MASK)


def _hash_len0to16(block, length):
    n = block.shape[0]
    if length >= 8:
        mul = _mul_for(length)
        a = _fetch64(block, 0) + K2
        b = _fetch64(block, length - 8)
        c = _rotate(b, 37) * mul + a
        d = (_rotate(a, 25) + b) * mul
        return _hash_len16(c, d, mul)
    if length >= 4:
        mul = _mul_for(length)
        a = _fetch32(block, 0)
        return _hash_len16(_U64(length) + (a << _U64(3)), _fetch32(block, length - 4), mul)
    if length > 0:
        a = block[:, 0].astype(_U64)
        b = block[:, length >> 1].astype(_U64)
        c = block[:, length - 1].astype(_U64)
        # NOTE: y and z are uint32 in farmhash; both stay below 2**32 here, so no wrap is lost.
        y = a + (b << _U64(8))
        z = _U64(length) + (c << _U64(2))
        return _shift_mix(y * K2 ^ z * K0) * K2
    return np.full(n, K2, dtype=_U64)


def _hash_len17to32(block, length):
    mul = _mul_for(length)
    a = _fetch64(block, 0) * K1
    b = _fetch64(block, 8)
    c = _fetch64(block, length - 8) * mul
    d = _fetch64(block, length - 16) * K2
    return _hash_len16(_rotate(a + b, 43) + _rotate(c, 30) + d,
                       a + _rotate(b + K2, 18) + c, mul)


def _hash_len33to64(block, length):
    mul = _mul_for(length)
    a = _fetch64(block, 0) * K2
    b = _fetch64(block, 8)
    c = _fetch64(block, length - 8) * mul
    d = _fetch64(block, length - 16) * K2
    y = _rotate(a + b, 43) + _rotate(c, 30) + d
    z = _hash_len16(y, a + _rotate(b + K2, 18) + c, mul)
    e = _fetch64(block, 16) * mul
    f = _fetch64(block, 24)
    g = (y + _fetch64(block, length - 32)) * mul
    h = (z + _fetch64(block, length - 24)) * mul
    return _hash_len16(_rotate(e + f, 43) + _rotate(g, 30) + h,
                       e + _rotate(f + a, 18) + g, mul)


def _weak_hash_len32_with_seeds(block, offset, a, b):
    w, x = _fetch64(block, offset), _fetch64(block, offset + 8)
    y, z = _fetch64(block, offset + 16), _fetch64(block, offset + 24)
    a = a + w
    b = _rotate(b + a + z, 21)
    c = a
    a = a + x + y
    b = b + _rotate(a, 44)
    return a + z, b + c


def _hash_len65plus(block, length):
    n = block.shape[0]
    seed = 81
    x = np.full(n, _U64(seed), dtype=_U64)
    y = np.full(n, _U64((seed * 0xB492B66FBE98F273 + 113) & _MASK), dtype=_U64)
    z = _shift_mix(y * K2 + _U64(113)) * K2
    zeros = np.zeros(n, dtype=_U64)
    v0, v1, w0, w1 = zeros, zeros, zeros, zeros
    x = x * K2 + _fetch64(block, 0)
    # The loop covers all whole 64-byte chunks but the last; the tail re-reads the last 64.
    for start in range(0, ((length - 1) // 64) * 64, 64):
        x = _rotate(x + y + v0 + _fetch64(block, start + 8), 37) * K1
        y = _rotate(y + v1 + _fetch64(block, start + 48), 42) * K1
        x = x ^ w1
        y = y + v0 + _fetch64(block, start + 40)
        z = _rotate(z + w0, 33) * K1
        v0, v1 = _weak_hash_len32_with_seeds(block, start, v1 * K1, x + w0)
        w0, w1 = _weak_hash_len32_with_seeds(block, start + 32, z + w1,
                                             y + _fetch64(block, start + 16))
        z, x = x, z
    mul = K1 + ((z & _U64(0xFF)) << _U64(1))
    last = length - 64
    w0 = w0 + _U64((length - 1) & 63)
    v0 = v0 + w0
    w0 = w0 + v0
    x = _rotate(x + y + v0 + _fetch64(block, last + 8), 37) * mul
    y = _rotate(y + v1 + _fetch64(block, last + 48), 42) * mul
    x = x ^ (w1 * _U64(9))
    y = y + v0 * _U64(9) + _fetch64(block, last + 40)
    z = _rotate(z + w0, 33) * mul
    v0, v1 = _weak_hash_len32_with_seeds(block, last, v1 * mul, x + w0)
    w0, w1 = _weak_hash_len32_with_seeds(block, last + 32, z + w1,
                                         y + _fetch64(block, last + 16))
    z, x = x, z
    return _hash_len16(_hash_len16(v0, w0, mul) + _shift_mix(y) * K0 + z,
                       _hash_len16(v1, w1, mul) + x, mul)


def _hash_block(block, length):
    if length <= 16:
        return _hash_len0to16(block, length)
    if length <= 32:
        return _hash_len17to32(block, length)
    if length <= 64:
        return _hash_len33to64(block, length)
    return _hash_len65plus(block, length)


def hash_grouped(byte_strings, block_hash):
    """Applies ``block_hash(uint8 matrix, length)`` to strings grouped by length -> uint64."""
    lengths = np.fromiter((len(s) for s in byte_strings), dtype=np.int64,
                          count=len(byte_strings))
    result = np.empty(len(byte_strings), dtype=_U64)
    for length in np.unique(lengths):
        length = int(length)
        index = np.flatnonzero(lengths == length)
        joined = b"".join(byte_strings[i] for i in index)
        block = np.frombuffer(joined, dtype=np.uint8).reshape(len(index), length)
        result[index] = block_hash(block, length)
    return result


def fingerprint64_array(byte_strings):
    """FarmHash Fingerprint64 of each bytes object in a sequence, as a uint64 array."""
    return hash_grouped(list(byte_strings), _hash_block)


def fingerprint64(data):
    """FarmHash Fingerprint64 of one bytes object, as a Python int.

    Equal to TensorFlow's ``Fingerprint64`` (``tf.strings.to_hash_bucket_fast`` before the modulo).
    """
    return int(fingerprint64_array([bytes(data)])[0])


def fingerprint_cat64(first, second):
    """FarmHash ``FingerprintCat64`` of two uint64 arrays (combines fingerprints in order)."""
    result = first ^ _CAT_MUL
    result = result ^ (_shift_mix(second * _CAT_MUL) * _CAT_MUL)
    result = result * _CAT_MUL
    result = _shift_mix(result) * _CAT_MUL
    return _shift_mix(result)
