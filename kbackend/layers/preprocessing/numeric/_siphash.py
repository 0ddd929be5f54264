"""SipHash-2-4 keyed with two 64-bit words, vectorised with NumPy (salted Hashing).

Equal to TensorFlow's ``StrongKeyedHash`` behind ``tf.strings.to_hash_bucket_strong(x, n,
key=[k0, k1])``; see Note [hashing] in ``_farmhash.py``.
"""

import numpy as np

from kbackend.layers.preprocessing.numeric._farmhash import _fetch64, _rotate, hash_grouped

_U64 = np.uint64
_MASK = 0xFFFFFFFFFFFFFFFF


def _sip_round(v0, v1, v2, v3):
    v0 = v0 + v1
    v1 = _rotate(v1, 51) ^ v0  # rotl(v1, 13) == rotr(v1, 51)
    v0 = _rotate(v0, 32)
    v2 = v2 + v3
    v3 = _rotate(v3, 48) ^ v2  # rotl 16
    v0 = v0 + v3
    v3 = _rotate(v3, 43) ^ v0  # rotl 21
    v2 = v2 + v1
    v1 = _rotate(v1, 47) ^ v2  # rotl 17
    v2 = _rotate(v2, 32)
    return v0, v1, v2, v3


def _siphash_block(block, length, key):
    n = block.shape[0]
    k0, k1 = (_U64(int(k) & _MASK) for k in key)
    v0 = np.full(n, k0 ^ _U64(0x736F6D6570736575), dtype=_U64)
    v1 = np.full(n, k1 ^ _U64(0x646F72616E646F6D), dtype=_U64)
    v2 = np.full(n, k0 ^ _U64(0x6C7967656E657261), dtype=_U64)
    v3 = np.full(n, k1 ^ _U64(0x7465646279746573), dtype=_U64)
    whole = length - length % 8
    last = np.full(n, _U64((length & 0xFF) << 56), dtype=_U64)
    for i in range(whole, length):
        last = last | (block[:, i].astype(_U64) << _U64(8 * (i - whole)))
    words = [_fetch64(block, offset) for offset in range(0, whole, 8)] + [last]
    for word in words:
        v3 = v3 ^ word
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 = v0 ^ word
    v2 = v2 ^ _U64(0xFF)
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def siphash_array(byte_strings, key):
    """SipHash-2-4 of each bytes object with ``key`` (two ints), as a uint64 array."""
    def block_hash(block, length):
        return _siphash_block(block, length, key)

    return hash_grouped(list(byte_strings), block_hash)


def siphash(data, key):
    """SipHash-2-4 of one bytes object with ``key`` (a pair of 64-bit ints), as a Python int."""
    return int(siphash_array([bytes(data)], key)[0])
