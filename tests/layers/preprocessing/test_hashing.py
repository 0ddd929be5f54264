"""Hashing / HashedCrossing give Keras 3's bins: FarmHash Fingerprint64, SipHash-2-4, cross_hashed.

The reference tables below were generated once with TensorFlow 2.21 (``tf.fingerprint``,
``tf.strings.to_hash_bucket_fast/strong``, ``tf.sparse.cross_hashed``) and pasted here, so the
check also runs where TensorFlow is not installed; when it is, the tests also compare live.
"""

import sys

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.layers.preprocessing.numeric._farmhash import fingerprint64, fingerprint64_array
from kbackend.layers.preprocessing.numeric._siphash import siphash, siphash_array

INT63 = 2**63 - 1  # the largest num_buckets TensorFlow accepts
SIP_KEY = [0x0123456789ABCDEF, 0x0FEDCBA987654321]


def _sample(length):
    return "".join(chr(33 + (i * 37 + length) % 94) for i in range(length))


# Lengths 0..80 cover every farmhash branch (0, 1-3, 4-7, 8-16, 17-32, 33-64, >64 with 1 and 2
# loop rounds), then multi-byte UTF-8.
STRINGS = [_sample(n).encode() for n in range(81)] + [
    "héllo wörld".encode(), "日本語のテキスト".encode(), "😀 emoji ✓".encode(), ("ü" * 40).encode()]

# Generated with TensorFlow: tf.strings.to_hash_bucket_fast(STRINGS, 2**63 - 1).
FAST_63 = [
    0x1AE16A3B2F904050, 0x627D7DAE156F771B, 0x0E72CA6C2563DF42, 0x2CD1D03D72D71D78,
    0x3C19CF5EA59E2E69, 0x2F1F1825AF404945, 0x12B98A59392DD6E0, 0x62BD6AA14DD87F3A,
    0x15489CB1D5B7FD71, 0x7349588261406CDD, 0x2F25E2704E4FF2AE, 0x3C1A9F2E0DFA739D,
    0x230AB563F8E9EFB3, 0x7C414B193113B4F4, 0x1CD6A2C9FA8BF052, 0x49B385FC87ABAD7C,
    0x107C2A5FD12BF2D3, 0x20660EC3BF3214C4, 0x2DAF74473E3CF43D, 0x7A855CB1F7614DD8,
    0x518DFE536F8804C4, 0x77A65E44D8AF95D0, 0x261898023770995B, 0x46137D11B7753976,
    0x15108ED9A4111750, 0x72F7179DAD986F3D, 0x060299E6F4734A2C, 0x6F83481A1F2E797D,
    0x47F6128CE653A2CF, 0x307A7584A7A32CDE, 0x09DFA3C2D14F8F65, 0x26443983795B7186,
    0x7806BA69886885E0, 0x40A126CD72ADF61F, 0x32C4FDFAB6D528AF, 0x0B7B78B1BDA050E1,
    0x2B9B743BAD18952B, 0x190FC4359852DC56, 0x38A2EA0EA10BA909, 0x3A72D1256123EEA6,
    0x1DACC45B44D6AF4A, 0x44B59522C1934555, 0x454ECA94AA530760, 0x706AB795EADB042C,
    0x1AF094F11A9AB8C1, 0x48340CA96C1AF467, 0x7DE62A52DA669978, 0x53191E0B07AFA206,
    0x4514974DFF2D65FE, 0x086394984F864C45, 0x08E1045701E53971, 0x3B0F767E9A080A5A,
    0x458B7D7484F7AD95, 0x0ED63AC45D9D7ED7, 0x018A84A06D56B065, 0x5D06D1EF04FB6A39,
    0x6DECE3C2CF8A8EBC, 0x06E9F086CCE57501, 0x0868E8FF1F2C6096, 0x106F0BCBDCB2876C,
    0x45D23CDABCE1040A, 0x510B66A142A4F46D, 0x6F498BB0B9859F97, 0x1F32FF9E5CA6404E,
    0x0D339E100DCBCDD4, 0x266EE889C9686A9A, 0x172013C184E6A679, 0x087CF3F08CC3BE4E,
    0x17F927C7D4EEECFD, 0x62EE062847024E2B, 0x6541EC92BE5F3053, 0x65CA05A7E5CED83C,
    0x6A8BACAA5B8B2CCF, 0x62720726408B2DD2, 0x3E6B1B27836C9A1D, 0x4038A850F4375705,
    0x69CBAF6A60E775E3, 0x5A62D9CFAD953AF6, 0x5A57DF596D55F9DC, 0x0A4322187568603A,
    0x0742C66A1B08DCE4, 0x7CED6D0A96714893, 0x2E0FC39F215D2954, 0x0F071F7829A4ED56,
    0x36442766F3FB39A2,
]

# Generated with TensorFlow: tf.strings.to_hash_bucket_strong(STRINGS, 2**63 - 1, key=SIP_KEY).
STRONG_63 = [
    0x609D94C1DA0310E3, 0x204A1A6B4BAAF849, 0x2B9501098A4637EF, 0x6597C913DB633758,
    0x304D1CB2092EDABB, 0x52702D298322E434, 0x5033B57EA72A9996, 0x1D068DD69A4FF64B,
    0x12276B39D1178192, 0x19C745776787DB12, 0x599DE85868609ADE, 0x78B844BC565FAD82,
    0x5BB5A2A59060FCF9, 0x7DD914DDB7C4BB67, 0x2E6F6380ED15E492, 0x69CE6474AFAFEB94,
    0x320D7FD5DCF3646F, 0x0697817C57A69BE2, 0x4F7E12CF26F64C6A, 0x7FD9F7C8F66C1CF6,
    0x0D4DD007C3E196A9, 0x376A03442D2E9C14, 0x297AF4A05FDB38DD, 0x50876B47AF54AAFE,
    0x1DB0561EE8522789, 0x098BA2A946C30F06, 0x2BB51F3B9D1FC09F, 0x688C915EE37CA2B8,
    0x24613E3D7F2C260D, 0x7709F6CAC31D471D, 0x0B3FCB132CD68A88, 0x1ECB13A44EAA91EF,
    0x2B322D098C79CF6C, 0x4122D53AA2989B7C, 0x20D9716BAEBEE143, 0x46C37AE548E7ADBB,
    0x4F92C006172FB151, 0x46ABADE5E1206D16, 0x0663FE7D4D6442BF, 0x1C210A0C0420EC1A,
    0x6488F764F92F295A, 0x2AC13C1798EF51A7, 0x2D3C5888851880A6, 0x6588B06626653E4C,
    0x1981785C388A32C7, 0x62CED44C1821D6B0, 0x0EB1E04FDEE2FA61, 0x6B32FFEBDD2189DB,
    0x357136EF5B7F4FF4, 0x7F0D9F6659C53B01, 0x2DFA224E86A4597C, 0x53BA4C4FE2E1011C,
    0x1DA805C209730676, 0x62597AB7FFCC8391, 0x414765BC1875E31C, 0x20302A13EC690468,
    0x49C8C5A62500CDFF, 0x38405A7AAD932269, 0x27B623F9EC2BBA7A, 0x23F48C6CE912CC80,
    0x5E41FF7A916CB4BB, 0x53DF9B7601F2F533, 0x0F88C21E99928A0B, 0x2DA2ADA745A41936,
    0x66D5E87AD288F6C7, 0x3E52B6CFD671571A, 0x2C4BC0CCB85F7313, 0x0562099AB34C494D,
    0x4DD5E8588D23ADC5, 0x06F30ABCC505394C, 0x413FB84893E863CA, 0x324ABF7E024AD176,
    0x180431736F821170, 0x76C13F8B65174EC1, 0x1339805D1E3F4B79, 0x78B355F4E8CE2524,
    0x4F9601DA4A6FE54F, 0x1101379345C63EBF, 0x07423BADEFC1464A, 0x68FF6F175D4E0983,
    0x44B857C43BECD3C2, 0x2537CC34E5793424, 0x702BF1208798063A, 0x56F8B6FB963EB3C4,
    0x77F85CCA2065E9CE,
]

# Generated with TensorFlow: full 64-bit tf.fingerprint of the raw bytes (lengths 1..70).
FINGERPRINTS = {1: 0xE27D7DAE156F771A, 5: 0x2F1F1825AF404945, 12: 0xA30AB563F8E9EFB2,
                20: 0xD18DFE536F8804C3, 40: 0x1DACC45B44D6AF4A, 70: 0xE541EC92BE5F3052}


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_fingerprint64_matches_reference_table():
    ours = fingerprint64_array(STRINGS)
    np.testing.assert_array_equal(ours % np.uint64(INT63), np.array(FAST_63, dtype=np.uint64))
    for length, expected in FINGERPRINTS.items():
        assert fingerprint64(STRINGS[length]) == expected
    assert fingerprint64(b"") == 0x9AE16A3B2F90404F  # farmhash's k2 for the empty string


def test_siphash_matches_reference_table():
    ours = siphash_array(STRINGS, SIP_KEY)
    np.testing.assert_array_equal(ours % np.uint64(INT63), np.array(STRONG_63, dtype=np.uint64))
    assert siphash(STRINGS[3], SIP_KEY) % INT63 == STRONG_63[3]


def test_siphash_published_vector():
    # The SipHash paper's test vector: key 00..0f, message 00..0e -> a129ca6149be45e5.
    key = [int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little")]
    assert siphash(bytes(range(15)), key) == 0xA129CA6149BE45E5


@pytest.mark.skipif("tensorflow" not in sys.modules,
                    reason="importing TensorFlow costs ~30 s; the live comparison runs where "
                    "it is already loaded (the tensorflow engine), the tables run everywhere")
def test_against_live_tensorflow():
    import tensorflow as tf
    rng = np.random.default_rng(0)
    data = [bytes(rng.integers(0, 256, length, dtype=np.uint8)) for length in range(0, 140, 3)]
    fast = tf.strings.to_hash_bucket_fast(data, INT63).numpy().astype(np.uint64)
    np.testing.assert_array_equal(fingerprint64_array(data) % np.uint64(INT63), fast)
    raw = [int.from_bytes(tf.fingerprint(tf.constant([list(d)], tf.uint8)).numpy()[0].tobytes(),
                          "little") for d in data[1:6]]
    assert [fingerprint64(d) for d in data[1:6]] == raw
    key = [5, 2**62 + 11]
    strong = tf.strings.to_hash_bucket_strong(data, INT63, key=key).numpy().astype(np.uint64)
    np.testing.assert_array_equal(siphash_array(data, key) % np.uint64(INT63), strong)
    words = np.array([["A"], ["B"], ["héllo"]])
    np.testing.assert_array_equal(n(layers.Hashing(num_bins=11)(words)),
                                  tf.strings.to_hash_bucket_fast(words, 11).numpy())
    f1, f2 = np.array([[3], [-4]]), np.array([["x"], ["y"]])
    expected = tf.sparse.to_dense(tf.sparse.cross_hashed(
        [tf.constant(f1, tf.int64), tf.constant(f2)], 13)).numpy()
    np.testing.assert_array_equal(n(layers.HashedCrossing(num_bins=13)((f1, f2))), expected)


def test_hashing_layer_bins_match_keras():
    # Values from TensorFlow (to_hash_bucket_fast / _strong), i.e. Keras 3's Hashing.
    words = np.array(["A", "B", "C", "D", "E", "héllo"])
    np.testing.assert_array_equal(n(layers.Hashing(num_bins=7)(words)), [3, 6, 1, 4, 1, 0])
    # The Keras documentation example.
    out = n(layers.Hashing(num_bins=3)(np.array([["A"], ["B"], ["C"], ["D"], ["E"]])))
    np.testing.assert_array_equal(out, [[1], [0], [1], [1], [2]])
    ints = np.array([12, 5, -3, 0, 123456789012])
    np.testing.assert_array_equal(n(layers.Hashing(num_bins=7)(ints)), [3, 1, 4, 2, 4])
    np.testing.assert_array_equal(n(layers.Hashing(num_bins=7)(ints.astype("float32")[:4])),
                                  [3, 1, 4, 2])
    masked = n(layers.Hashing(num_bins=5, mask_value=0)(np.array([0, 3, 7])))
    np.testing.assert_array_equal(masked, [0, 1 + 1, 0 + 1])
    masked_text = n(layers.Hashing(num_bins=5, mask_value="")(np.array(["", "3", "7"])))
    np.testing.assert_array_equal(masked_text, [0, 2, 1])
    salted = layers.Hashing(num_bins=1000, salt=7)
    np.testing.assert_array_equal(n(salted(words)), [702, 202, 866, 461, 30, 689])
    pair = layers.Hashing(num_bins=1000, salt=(1, 2))
    np.testing.assert_array_equal(n(pair(words)), [800, 331, 86, 955, 940, 32])


def test_hashing_layer_modes_config_and_errors():
    values = np.array([["A"], ["B"], ["A"]])
    one_hot = n(layers.Hashing(num_bins=7, output_mode="one_hot")(values))
    np.testing.assert_array_equal(one_hot, np.eye(7, dtype="float32")[[3, 6, 3]])
    count = n(layers.Hashing(num_bins=7, output_mode="count")(np.array([["A", "B", "A"]])))
    np.testing.assert_array_equal(count[0], [0, 0, 0, 2, 0, 0, 1])
    layer = layers.Hashing(num_bins=3, salt=1)
    assert layer.salt == [1, 1]
    restored = layers.Hashing.from_config(layer.get_config())
    assert restored.salt == [1, 1]
    np.testing.assert_array_equal(n(restored(values)), n(layer(values)))
    with pytest.raises(ValueError, match="salt"):
        layers.Hashing(num_bins=3, salt="seed")
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(num_bins=0)


def test_hashed_crossing_matches_keras():
    # The Keras documentation example, and a 3-feature cross (values from tf.sparse.cross_hashed).
    feat1 = np.array(["A", "B", "A", "B", "A"])
    feat2 = np.array([101, 101, 101, 102, 102])
    out = layers.HashedCrossing(num_bins=5)((feat1, feat2))
    np.testing.assert_array_equal(n(out), [1, 4, 1, 1, 3])
    feat3 = np.array([[-1], [0], [7], [2**40], [3]])
    out = layers.HashedCrossing(num_bins=1000)((feat2[:, None], feat1[:, None], feat3))
    np.testing.assert_array_equal(n(out), [[778], [960], [740], [879], [566]])
    one_hot = n(layers.HashedCrossing(num_bins=5, output_mode="one_hot")((feat1, feat2)))
    np.testing.assert_array_equal(one_hot, np.eye(5, dtype="float32")[[1, 4, 1, 1, 3]])
    with pytest.raises(ValueError, match="same shape"):
        layers.HashedCrossing(num_bins=3)((np.array([1, 2]), np.array([1])))
    with pytest.raises(ValueError, match="integers or strings"):
        layers.HashedCrossing(num_bins=3)((np.array([1.5]), np.array([1])))


def test_hashing_is_fast_for_many_strings():
    import time

    data = np.array([f"token-{i}" * (i % 5 + 1) for i in range(20000)])
    start = time.perf_counter()
    layers.Hashing(num_bins=64)(data)
    assert time.perf_counter() - start < 2.0
