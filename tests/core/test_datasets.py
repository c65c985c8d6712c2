import gzip
import struct

import numpy as np
import pytest

from visualnet.core import datasets
from visualnet.core.errors import ConfigError

GENERATED = [n for n in datasets.names() if n != "truth_table"]


@pytest.mark.parametrize("name", GENERATED)
def test_seeded_generators(name):
    a, b = datasets.make(name, seed=3, noise=0.1), datasets.make(name, seed=3, noise=0.1)
    c = datasets.make(name, seed=4, noise=0.1)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.t, b.t)
    assert not np.array_equal(a.x, c.x)
    assert len(a.x) == len(a.t) and a.x.ndim == 2 and a.x.dtype == np.float64
    if a.kind == "regression":
        assert a.t.shape == (len(a.x), 1)
    else:
        assert set(np.unique(a.t)) == set(range(a.n_classes))


def test_noise_free_sets_are_separable_as_expected():
    c = datasets.make("circle", n=400, noise=0.0)
    r = np.hypot(c.x[:, 0], c.x[:, 1])
    assert np.all(r[c.t == 1] < 0.5) and np.all(r[c.t == 0] >= 0.7)
    x = datasets.make("xor", n=400, noise=0.0)
    np.testing.assert_array_equal(x.t, (x.x[:, 0] * x.x[:, 1] >= 0).astype(int))
    s = datasets.make("spiral", n=500, noise=0.3)
    assert len(s.x) == 500 and np.abs(s.x).max() <= 1.3


def test_split_sizes_disjoint_and_seeded():
    d = datasets.make("gauss", n=200)
    train, test = d.split(0.25, seed=1)
    assert len(train.x) == 150 and len(test.x) == 50
    rows = {tuple(r) for r in train.x}
    assert not rows & {tuple(r) for r in test.x}
    again, _ = d.split(0.25, seed=1)
    np.testing.assert_array_equal(train.x, again.x)
    with pytest.raises(ConfigError):
        d.split(0.95)


def test_truth_tables_and_linear_data():
    assert datasets.truth_table("and").t.tolist() == [0, 0, 0, 1]
    assert datasets.truth_table("or").t.tolist() == [0, 1, 1, 1]
    assert datasets.truth_table("xor").t.tolist() == [0, 1, 1, 0]
    assert datasets.truth_table("xor").x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    line = datasets.linear_1d(n=50, w=3.0, b=-1.0, noise=0.0)
    np.testing.assert_allclose(line.t, 3.0 * line.x - 1.0)


@pytest.mark.parametrize("params, field", [({"n": -5}, "n"), ({"n": 10**7}, "n"), ({"noise": 2.0}, "noise"),
                                           ({"noise": float("nan")}, "noise"), ({"seed": -1}, "seed"),
                                           ({"bogus": 1}, "dataset.bogus")])
def test_bad_parameters(params, field):
    with pytest.raises(ConfigError) as err:
        datasets.make("spiral", **params)
    assert err.value.field == field


def idx_bytes(array, code):
    dims = b"".join(struct.pack(">I", d) for d in array.shape)
    dtype = datasets.IDX_DTYPES[code]
    return bytes([0, 0, code, array.ndim]) + dims + array.astype(dtype).tobytes()


@pytest.mark.parametrize("code", list(datasets.IDX_DTYPES))
@pytest.mark.parametrize("compress", [False, True])
def test_idx_round_trip(tmp_path, code, compress):
    array = (np.arange(24).reshape(2, 3, 4) - 5).astype(datasets.IDX_DTYPES[code])
    if code == 0x08:
        array = np.abs(array)
    data = idx_bytes(array, code)
    path = tmp_path / "a.idx"
    path.write_bytes(gzip.compress(data) if compress else data)
    np.testing.assert_array_equal(datasets.load_idx(path), array)


GOOD = idx_bytes(np.arange(12, dtype=np.uint8).reshape(3, 4), 0x08)
CORRUPT = {
    "empty": (b"", "too short"),
    "bad magic": (b"\x01\x00" + GOOD[2:], "bad magic"),
    "bad dtype": (GOOD[:2] + b"\x07" + GOOD[3:], "data type"),
    "ndim zero": (b"\x00\x00\x08\x00", "0 dimensions"),
    "truncated header": (GOOD[:9], "truncated header"),
    "truncated data": (GOOD[:-3], "truncated data"),
    "trailing bytes": (GOOD + b"xx", "unexpected bytes"),
    "corrupt gzip": (gzip.compress(GOOD)[:-6], "gzip"),
    "zero dimension": (b"\x00\x00\x08\x01" + struct.pack(">I", 0), "dimension is 0"),
}


@pytest.mark.parametrize("label", list(CORRUPT))
def test_corrupt_idx_files(tmp_path, label):
    data, phrase = CORRUPT[label]
    path = tmp_path / "bad-images-idx3-ubyte"
    path.write_bytes(data)
    with pytest.raises(ValueError) as err:
        datasets.load_idx(path)
    assert phrase in str(err.value) and path.name in str(err.value)


def test_missing_idx_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        datasets.load_idx(tmp_path / "nothing")


def test_real_mnist(mnist_dir):
    data = datasets.load_mnist(mnist_dir)
    assert data.x.shape == (10000, 784) and data.image_shape == (28, 28)
    assert 0.0 <= data.x.min() and data.x.max() == 1.0
    assert np.bincount(data.t).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_keras_npz_and_find_mnist(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "mnist.npz", x_train=rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
             y_train=np.arange(5), x_test=rng.integers(0, 256, (3, 28, 28), dtype=np.uint8), y_test=np.arange(3))
    data = datasets.load_mnist(tmp_path / "mnist.npz")
    assert data.x.shape == (3, 784) and data.t.tolist() == [0, 1, 2]
    assert datasets.load_mnist(tmp_path, kind="train").x.shape == (5, 784)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert datasets.find_mnist([]) is None
    assert datasets.find_mnist([tmp_path]) == tmp_path
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="mnist.npz"):
        datasets.load_mnist(tmp_path / "empty")


def test_mismatched_counts(tmp_path):
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((3, 28, 28), np.uint8), 0x08))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(2, np.uint8), 0x08))
    with pytest.raises(ValueError, match="labels"):
        datasets.load_mnist(tmp_path)
