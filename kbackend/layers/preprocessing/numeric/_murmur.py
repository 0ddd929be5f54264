"""MurmurHash3 (x86, 32-bit) — the stable string hash of Hashing and HashedCrossing.

Note [hashing]: Keras 3 hashes strings with TensorFlow's FarmHash Fingerprint64 (SipHash
when salted). kbackend must not need TensorFlow, so it uses MurmurHash3_x86_32 of the UTF-8
bytes, seeded with the salt (0 when unsalted). Bucket indices are therefore stable across
engines and runs, but differ from Keras's.
"""

import numpy as np


def _rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & 0xFFFFFFFF


def murmur3_32(data, seed=0):
    """MurmurHash3_x86_32 of ``data`` (bytes) with a 32-bit ``seed``; returns an int."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & 0xFFFFFFFF
    length = len(data)
    blocks = length // 4
    for i in range(blocks):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (_rotl((k * c1) & 0xFFFFFFFF, 15) * c2) & 0xFFFFFFFF
        h = _rotl(h ^ k, 13)
        h = (h * 5 + 0xE6546B64) & 0xFFFFFFFF
    tail = data[4 * blocks:]
    k = 0
    for i, byte in enumerate(tail):
        k |= byte << (8 * i)
    if tail:
        k = (_rotl((k * c1) & 0xFFFFFFFF, 15) * c2) & 0xFFFFFFFF
        h ^= k
    h ^= length
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def to_text(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value).encode("utf-8")


def hash_array(values, seed=0):
    """Hashes every element of a NumPy array (strings, bytes or numbers) to uint32."""
    values = np.asarray(values, dtype=object)
    flat = [murmur3_32(to_text(v), seed) for v in values.ravel()]
    return np.asarray(flat, dtype="int64").reshape(values.shape)
