import gzip
import io
import json
import os
import re
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visualnet.core import datasets
from visualnet.core.errors import ConfigError

MNIST_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"
GENERATED = [name for name in datasets.names() if name != "truth_table"]
PLANE_SETS = [name for name in GENERATED if name != "linear_1d"]


# -- generators ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", GENERATED)
def test_same_seed_same_data_other_seed_other_data(name):
    a, b = datasets.make(name, seed=3, noise=0.1), datasets.make(name, seed=3, noise=0.1)
    c = datasets.make(name, seed=4, noise=0.1)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.t, b.t)
    assert not (np.array_equal(a.x, c.x) and np.array_equal(a.t, c.t))


@pytest.mark.parametrize("name", datasets.names())
def test_shapes_dtypes_labels_and_params_regenerate(name):
    d = datasets.make(name)
    assert d.name == name and len(d) == len(d.x) == len(d.t)
    assert d.image_shape == ((16, 16) if name == "shapes" else None)
    assert d.x.ndim == 2 and d.x.dtype == np.float64 and np.isfinite(d.x).all()
    assert d.x.shape[1] == {"linear_1d": 1, "shapes": 256}.get(name, 2)
    if d.kind == "regression":
        assert d.t.shape == (len(d.x), 1) and d.t.dtype == np.float64 and d.n_classes == 0
    else:
        assert d.t.shape == (len(d.x),) and d.t.dtype == np.int64
        assert d.kind == ("binary" if d.n_classes == 2 else "multiclass")
        assert set(np.unique(d.t).tolist()) == set(range(d.n_classes))
    again = datasets.make(d.name, **json.loads(json.dumps(d.params)))
    np.testing.assert_array_equal(again.x, d.x)
    np.testing.assert_array_equal(again.t, d.t)


def test_shapes_are_balanced_deterministic_images_of_their_classes():
    d = datasets.make("shapes", n=603, noise=0.2, seed=5, classes=4)
    assert d.x.shape == (603, 256) and d.image_shape == (16, 16) and d.n_classes == 4 and d.kind == "multiclass"
    assert np.bincount(d.t).tolist() == [151, 151, 151, 150]
    assert d.x.min() >= 0.0 and d.x.max() <= 1.0
    assert datasets.shape_names(d) == ("horizontal bar", "vertical bar", "diagonal", "ring")
    again = datasets.make("shapes", **d.params)
    np.testing.assert_array_equal(again.x, d.x)
    np.testing.assert_array_equal(again.t, d.t)
    assert not np.array_equal(datasets.make("shapes", n=603, noise=0.2, seed=6, classes=4).x, d.x)
    other = datasets.make("shapes", n=200, classes=3, first=3, noise=0.0)
    assert datasets.shape_names(other) == ("ring", "cross", "square") and np.bincount(other.t).tolist() == [67, 67, 66]
    assert datasets.make("shapes", classes=2).kind == "binary"
    assert "shapes" in datasets.names() and "16×16" in datasets.describe("shapes")


def test_clean_shapes_look_like_their_names():
    d = datasets.make("shapes", n=600, noise=0.0, seed=1)
    images = d.x.reshape(-1, 16, 16) > 0
    for k, name in enumerate(datasets.SHAPES):
        for img in images[d.t == k]:
            rows, cols = np.nonzero(img)
            height, width = np.ptp(rows) + 1, np.ptp(cols) + 1
            if name == "horizontal bar":
                assert height <= 2 and width >= 6
            elif name == "vertical bar":
                assert width <= 2 and height >= 6
            elif name == "diagonal":
                assert height == width == img.sum() >= 6
            elif name == "cross":
                assert height == width and img.sum() == 2 * height - 1
            elif name == "square":
                assert height == width >= 5 and img.sum() == 4 * (height - 1) and not img[rows.min() + 1:rows.max(),
                                                                                        cols.min() + 1:cols.max()].any()
            else:  # a ring: hollow, roughly round
                assert abs(height - width) <= 1 and height >= 5
                assert not img[(rows.min() + rows.max()) // 2, (cols.min() + cols.max()) // 2]


@pytest.mark.parametrize("params, field", [({"classes": 1}, "classes"), ({"classes": 7}, "classes"),
                                           ({"classes": 4, "first": 3}, "first"), ({"first": -1}, "first"),
                                           ({"classes": 2.5}, "classes"), ({"n": 100_001}, "n"), ({"n": 3}, "n")])
def test_shapes_refuses_bad_parameters(params, field):
    with pytest.raises(ConfigError) as err:
        datasets.make("shapes", **params)
    assert err.value.field == field


def test_defaults_and_sizes():
    for name in ("circle", "xor", "gauss", "spiral", "moons", "regression_plane", "regression_gauss"):
        assert len(datasets.make(name)) == 500
        assert len(datasets.make(name, n=37)) == 37
    assert len(datasets.make("spiral3")) == 300 and np.bincount(datasets.spiral3(n=301).t).tolist() == [100, 100, 101]
    assert len(datasets.linear_1d()) == 100


@pytest.mark.parametrize("name", PLANE_SETS)
def test_clean_sets_fit_the_unit_box(name):
    d = datasets.make(name, noise=0.0, n=2000)
    assert np.abs(d.x).max() <= 1.0


def test_clean_circle_is_inner_disc_against_outer_ring():
    d = datasets.circle(n=1000, noise=0.0)
    r = np.hypot(d.x[:, 0], d.x[:, 1])
    radius = 5 / 6
    assert r[d.t == 1].max() < radius / 2 and r[d.t == 0].min() >= 0.7 * radius and r.max() <= radius
    assert np.bincount(d.t).tolist() == [500, 500]


def test_clean_xor_is_the_sign_of_the_product():
    d = datasets.xor(n=1000, noise=0.0)
    np.testing.assert_array_equal(d.t, (d.x[:, 0] * d.x[:, 1] >= 0).astype(int))
    assert np.abs(d.x).min() >= 0.05  # Playground's padding keeps points off the axes


def test_noise_flips_labels_but_never_moves_circle_and_xor_points():
    for fn in (datasets.circle, datasets.xor):
        clean, noisy = fn(n=1000, noise=0.0, seed=5), fn(n=1000, noise=0.3, seed=5)
        np.testing.assert_array_equal(clean.x, noisy.x)
        flipped = (clean.t != noisy.t).mean()
        assert 0.02 < flipped < 0.4, (fn.__name__, flipped)


def test_clean_gauss_is_split_by_the_diagonal():
    d = datasets.gauss(n=1000, noise=0.0)
    assert ((d.x.sum(axis=1) > 0) == (d.t == 1)).mean() >= 0.99
    np.testing.assert_allclose(d.x[d.t == 1].mean(axis=0), [1 / 3, 1 / 3], atol=0.03)
    wide = datasets.gauss(n=1000, noise=0.5)
    assert wide.x[wide.t == 1].std() > 2.5 * d.x[d.t == 1].std()  # variance 0.5 → 4, std × 2.8


def test_clean_spiral_arms_are_point_reflections():
    d = datasets.spiral(n=400, noise=0.0)
    np.testing.assert_allclose(d.x[d.t == 0], -d.x[d.t == 1], atol=1e-12)
    r = np.hypot(*d.x[d.t == 1].T)
    assert np.all(np.diff(r) > 0) and r.max() < 5 / 6
    noisy = datasets.spiral(n=400, noise=0.5)
    assert 0 < np.abs(noisy.x - d.x).max() <= 0.5 / 6


def test_clean_moons_lie_on_their_half_circles():
    d = datasets.moons(n=200, noise=0.0)
    raw = d.x * 1.5 + [0.5, 0.25]  # back to scikit-learn's coordinates
    upper, lower = raw[d.t == 0], raw[d.t == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert upper[:, 1].min() >= -1e-12 and lower[:, 1].max() <= 0.5 + 1e-12


def test_spiral3_has_three_arms_within_the_unit_disc():
    d = datasets.spiral3(n=300, noise=0.0)
    assert d.kind == "multiclass" and d.n_classes == 3 and np.bincount(d.t).tolist() == [100, 100, 100]
    assert np.hypot(*d.x.T).max() <= 1.0 + 1e-12
    assert d.one_hot().shape == (300, 3)


def test_regression_targets():
    plane = datasets.regression_plane(n=300, noise=0.0)
    np.testing.assert_allclose(plane.t[:, 0], 0.6 * (plane.x[:, 0] + plane.x[:, 1]))
    bumps = datasets.regression_gauss(n=3000, noise=0.0)
    t = bumps.t[:, 0]
    assert -1 <= t.min() < -0.5 and 0.5 < t.max() <= 1 and (t == 0).mean() > 0.3
    centres = datasets.GAUSS_BUMPS[:, :2] / 6
    nearest = np.linalg.norm(bumps.x[:, None] - centres[None], axis=2).argmin(axis=1)
    lit = t != 0
    np.testing.assert_array_equal(np.sign(t[lit]), datasets.GAUSS_BUMPS[nearest[lit], 2])


def test_truth_tables_exact():
    expected = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0], "nand": [1, 1, 1, 0]}
    for op, labels in expected.items():
        d = datasets.truth_table(op)
        assert d.x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and d.x.dtype == np.float64
        assert d.t.tolist() == labels and d.kind == "binary" and d.params == {"op": op}
        assert datasets.make("truth_table", op=op).t.tolist() == labels
    with pytest.raises(ConfigError) as err:
        datasets.truth_table("nor")
    assert err.value.field == "op" and "nand" in str(err.value)


def test_linear_1d_without_noise_lies_on_the_line():
    line = datasets.linear_1d(n=50, w=3.0, b=-1.0, noise=0.0)
    assert line.x.shape == (50, 1) and line.t.shape == (50, 1)
    np.testing.assert_array_equal(line.t, 3.0 * line.x - 1.0)
    noisy = datasets.linear_1d(n=2000, noise=0.5)
    assert abs((noisy.t - (2.0 * noisy.x + 1.0)).std() - 0.5) < 0.05


BAD_PARAMS = [
    ({"n": -5}, "n"), ({"n": 0}, "n"), ({"n": 10**6 + 1}, "n"), ({"n": 10.5}, "n"), ({"n": float("nan")}, "n"),
    ({"n": True}, "n"), ({"noise": -0.1}, "noise"), ({"noise": 1.5}, "noise"), ({"noise": float("nan")}, "noise"),
    ({"noise": float("inf")}, "noise"), ({"noise": "0.1"}, "noise"), ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"), ({"bogus": 1}, "bogus"),
]


@pytest.mark.parametrize("params, field", BAD_PARAMS, ids=[repr(p) for p, _ in BAD_PARAMS])
def test_bad_parameters_name_the_field(params, field):
    with pytest.raises(ConfigError) as err:
        datasets.make("spiral", **params)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")


def test_bad_names_and_other_fields():
    for name in ("spirals", None, ["spiral"]):
        with pytest.raises(ConfigError) as err:
            datasets.make(name)
        assert err.value.field == "dataset" and "spiral3" in str(err.value)
    with pytest.raises(ConfigError) as err:
        datasets.linear_1d(w=float("nan"))
    assert err.value.field == "w"
    with pytest.raises(ConfigError) as err:
        datasets.make("truth_table", n=4)
    assert err.value.field == "n" and "op" in str(err.value)
    assert len(datasets.make("gauss", n=10**6)) == 10**6


def test_names_and_descriptions():
    assert set(datasets.names()) >= {"circle", "xor", "gauss", "spiral", "moons", "spiral3", "regression_plane",
                                     "regression_gauss", "truth_table", "linear_1d"}
    for name in datasets.names():
        text = datasets.describe(name)
        assert text and "\n" not in text
    with pytest.raises(ConfigError):
        datasets.describe("nope")


# -- Dataset -------------------------------------------------------------------------------------

def test_split_sizes_disjoint_and_seeded():
    d = datasets.make("gauss", n=200)
    train, test = d.split(0.25, seed=1)
    assert len(train) == 150 and len(test) == 50 and train.name == test.name == "gauss"
    rows = {tuple(r) for r in train.x}
    assert not rows & {tuple(r) for r in test.x}
    assert rows | {tuple(r) for r in test.x} == {tuple(r) for r in d.x}
    again, _ = d.split(0.25, seed=1)
    other, _ = d.split(0.25, seed=2)
    np.testing.assert_array_equal(train.x, again.x)
    assert not np.array_equal(train.x, other.x)
    everything, nothing = d.split(0.0)
    assert len(everything) == 200 and len(nothing) == 0 and nothing.x.shape == (0, 2)
    assert [len(part) for part in datasets.truth_table().split(0.9)] == [1, 3]


@pytest.mark.parametrize("ratio", [0.95, -0.1, float("nan"), True, "0.5"])
def test_split_rejects_bad_ratios(ratio):
    with pytest.raises(ConfigError) as err:
        datasets.make("gauss", n=20).split(ratio)
    assert err.value.field == "test_ratio" and "0.9" in str(err.value)


def test_one_hot():
    d = datasets.truth_table("xor")
    np.testing.assert_array_equal(d.one_hot(), [[1, 0], [0, 1], [0, 1], [1, 0]])
    with pytest.raises(ConfigError):
        datasets.regression_plane(n=5).one_hot()


def test_dataset_checks_its_fields():
    with pytest.raises(ConfigError) as err:
        datasets.Dataset(np.zeros((3, 2)), np.zeros(3, int), "ranking")
    assert err.value.field == "kind"
    with pytest.raises(ConfigError) as err:
        datasets.Dataset(np.zeros((3, 2)), np.zeros(2, int), "binary", 2)
    assert err.value.field == "t"


# -- IDX -----------------------------------------------------------------------------------------

def idx_bytes(array, code):
    dims = b"".join(struct.pack(">I", d) for d in array.shape)
    return bytes([0, 0, code, array.ndim]) + dims + array.astype(datasets.IDX_DTYPES[code]).tobytes()


@pytest.mark.parametrize("code", list(datasets.IDX_DTYPES))
@pytest.mark.parametrize("compress", [False, True])
def test_idx_round_trip(tmp_path, code, compress):
    array = (np.arange(24).reshape(2, 3, 4) * 3 - 5).astype(datasets.IDX_DTYPES[code])
    if code == 0x08:
        array = np.abs(array)
    data = idx_bytes(array, code)
    path = tmp_path / "a.idx"
    path.write_bytes(gzip.compress(data) if compress else data)
    loaded = datasets.load_idx(path)
    np.testing.assert_array_equal(loaded, array)
    assert loaded.shape == (2, 3, 4) and loaded.dtype.isnative and loaded.dtype.kind == array.dtype.kind
    assert loaded.flags.writeable


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(list(datasets.IDX_DTYPES)), shape=st.lists(st.integers(1, 5), min_size=1, max_size=4),
       compress=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_idx_round_trip_any_shape(tmp_path_factory, code, shape, compress, seed):
    dtype = np.dtype(datasets.IDX_DTYPES[code])
    rng = np.random.default_rng(seed)
    if dtype.kind == "f":
        array = rng.standard_normal(shape).astype(dtype)
    else:
        info = np.iinfo(dtype)
        array = rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
    data = idx_bytes(array, code)
    path = tmp_path_factory.mktemp("idx") / "x.idx"
    path.write_bytes(gzip.compress(data) if compress else data)
    np.testing.assert_array_equal(datasets.load_idx(path), array)


GOOD = idx_bytes(np.arange(12, dtype=np.uint8).reshape(3, 4), 0x08)
CORRUPT = {
    "empty": (b"", "too short"),
    "three bytes": (b"\x00\x00\x08", "too short"),
    "bad magic": (b"\x01\x00" + GOOD[2:], "bad magic"),
    "bad dtype code": (GOOD[:2] + b"\x07" + GOOD[3:], "data type code 0x07"),
    "ndim zero": (b"\x00\x00\x08\x00", "0 dimensions"),
    "truncated header": (GOOD[:9], "truncated header"),
    "truncated data": (GOOD[:-3], "truncated data"),
    "trailing bytes": (GOOD + b"xx", "2 unexpected bytes"),
    "zero dimension": (b"\x00\x00\x08\x01" + struct.pack(">I", 0), "dimension is 0"),
    "absurd dimensions": (b"\x00\x00\x0e\x03" + struct.pack(">3I", 2**20, 2**20, 2**20), "absurd dimensions"),
    "truncated gzip": (gzip.compress(GOOD)[:-6], "corrupt gzip"),
    "gzip bad checksum": (gzip.compress(GOOD)[:-8] + b"\x00" * 4 + gzip.compress(GOOD)[-4:], "corrupt gzip"),
    "gzip garbage inside": (gzip.compress(GOOD)[:10] + b"\xff" * 20, "corrupt gzip"),
    "gzip then garbage": (gzip.compress(GOOD) + b"garbage", "corrupt gzip"),
    "gzip of truncated data": (gzip.compress(GOOD[:-1]), "truncated data"),
    "gzip of trailing bytes": (gzip.compress(GOOD + b"x"), "unexpected bytes"),
    # within the cap (64 MiB declared, 8 bytes present): read until the data runs out, never allocated up front
    "gzip of a lying header": (gzip.compress(b"\x00\x00\x08\x01" + struct.pack(">I", 2**26)), "truncated data"),
    "gzip declaring over the cap": (gzip.compress(b"\x00\x00\x08\x01" + struct.pack(">I", 2**31)),
                                    "absurd dimensions"),
    "raw file declaring over the cap": (b"\x00\x00\x08\x01" + struct.pack(">I", datasets.MAX_IDX_BYTES + 1),
                                        "absurd dimensions"),
    # numpy's own refusal ("maximum supported dimension for an ndarray is 64, found 255") named no file
    "255 dimensions": (b"\x00\x00\x08\xff" + struct.pack(">255I", *[1] * 255) + b"\x07",
                       "IDX header says 255 dimensions; at most 4 are read"),
    "5 dimensions": (b"\x00\x00\x08\x05" + struct.pack(">5I", *[1] * 5) + b"\x07", "5 dimensions"),
}


@pytest.mark.parametrize("label", list(CORRUPT))
def test_corrupt_idx_files(tmp_path, label):
    data, phrase = CORRUPT[label]
    path = tmp_path / "bad-images-idx3-ubyte"
    path.write_bytes(data)
    with pytest.raises(ValueError) as err:
        datasets.load_idx(path)
    assert type(err.value) is ValueError
    assert phrase in str(err.value) and str(path) in str(err.value)


def test_missing_or_unreadable_idx_file(tmp_path):
    for path in (tmp_path / "nothing", tmp_path):
        with pytest.raises(ValueError, match="cannot read") as err:
            datasets.load_idx(path)
        assert str(path) in str(err.value)


# -- MNIST ---------------------------------------------------------------------------------------

def write_mnist_idx(folder, kind, images, labels, names=("{k}-images-idx3-ubyte", "{k}-labels-idx1-ubyte"),
                    compress=False):
    suffix = ".gz" if compress else ""
    for pattern, array in zip(names, (images, labels)):
        data = idx_bytes(array, 0x08)
        (folder / (pattern.format(k=kind) + suffix)).write_bytes(gzip.compress(data) if compress else data)


def fake_images(count, seed=0):
    images = np.random.default_rng(seed).integers(0, 256, (count, 28, 28), dtype=np.uint8)
    images[0, 0, 0], images[0, 0, 1] = 0, 255
    return images


@pytest.mark.skipif(not (MNIST_DIR / "t10k-images-idx3-ubyte.gz").exists(),
                    reason="../shared/data/mnist is not present")
def test_real_mnist_test_set():
    data = datasets.load_mnist(MNIST_DIR)
    assert data.x.shape == (10000, 784) and data.x.dtype == np.float64 and data.image_shape == (28, 28)
    assert data.x.min() == 0.0 and data.x.max() == 1.0
    assert data.t.dtype == np.int64 and data.kind == "multiclass" and data.n_classes == 10
    assert np.bincount(data.t).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert data.params == {"folder": str(MNIST_DIR), "kind": "t10k", "dtype": "float64",
                           "source": "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz"}
    small = datasets.load_mnist(MNIST_DIR, dtype="float32")
    assert small.x.dtype == np.float32 and small.x.max() == 1.0
    np.testing.assert_allclose(small.x, data.x, atol=1e-7)
    assert datasets.find_mnist([MNIST_DIR]) == MNIST_DIR


@pytest.mark.parametrize("names, compress", [
    (("{k}-images-idx3-ubyte", "{k}-labels-idx1-ubyte"), False),
    (("{k}-images-idx3-ubyte", "{k}-labels-idx1-ubyte"), True),
    (("{k}-images.idx3-ubyte", "{k}-labels.idx1-ubyte"), False),
    (("{k}-images.idx3-ubyte", "{k}-labels.idx1-ubyte"), True),
])
def test_mnist_file_name_variants(tmp_path, names, compress):
    images, labels = fake_images(6), np.array([0, 1, 2, 9, 9, 3], np.uint8)
    write_mnist_idx(tmp_path, "train", images, labels, names, compress)
    data = datasets.load_mnist(str(tmp_path), kind="train")
    assert data.x.shape == (6, 784) and data.t.tolist() == [0, 1, 2, 9, 9, 3]
    np.testing.assert_array_equal(data.x.reshape(6, 28, 28) * 255, images)
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte"):
        datasets.load_mnist(tmp_path, kind="t10k")


def test_keras_npz_as_file_or_in_folder(tmp_path):
    np.savez(tmp_path / "mnist.npz", x_train=fake_images(5, 1), y_train=np.arange(5),
             x_test=fake_images(3, 2), y_test=np.array([7, 8, 9]))
    data = datasets.load_mnist(tmp_path / "mnist.npz")
    assert data.x.shape == (3, 784) and data.t.tolist() == [7, 8, 9] and data.image_shape == (28, 28)
    np.testing.assert_array_equal(data.x.reshape(3, 28, 28) * 255, fake_images(3, 2))
    train = datasets.load_mnist(tmp_path, kind="train", dtype="float32")
    assert train.x.shape == (5, 784) and train.x.dtype == np.float32 and train.t.dtype == np.int64


def test_find_mnist(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert datasets.find_mnist([]) is None
    assert datasets.find_mnist() is None
    empty, idx_folder, npz_folder = tmp_path / "empty", tmp_path / "idx", tmp_path / "npz"
    for folder in (empty, idx_folder, npz_folder):
        folder.mkdir()
    (idx_folder / "t10k-images-idx3-ubyte").write_bytes(b"")  # images without labels do not count
    assert datasets.find_mnist([empty, idx_folder, tmp_path / "missing"]) is None
    write_mnist_idx(idx_folder, "t10k", fake_images(2), np.array([1, 2], np.uint8), compress=True)
    assert datasets.find_mnist([empty, str(idx_folder)]) == idx_folder
    np.savez(npz_folder / "mnist.npz", x_test=fake_images(2), y_test=np.array([1, 2]))
    assert datasets.find_mnist([npz_folder, idx_folder]) == npz_folder
    assert datasets.find_mnist(npz_folder / "mnist.npz") == npz_folder / "mnist.npz"
    keras = home / ".keras" / "datasets"
    keras.mkdir(parents=True)
    np.savez(keras / "mnist.npz", x_test=fake_images(2), y_test=np.array([1, 2]))
    assert datasets.find_mnist([empty]) == keras / "mnist.npz"
    assert datasets.find_mnist(["~/.keras/datasets"]) == keras


def test_missing_mnist_says_what_was_searched(tmp_path):
    for folder in (tmp_path, tmp_path / "missing"):
        with pytest.raises(FileNotFoundError) as err:
            datasets.load_mnist(folder)
        message = str(err.value)
        assert str(folder) in message and "mnist.npz" in message
        assert "t10k-images-idx3-ubyte.gz" in message and "t10k-labels.idx1-ubyte" in message
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(fake_images(2), 0x08)))
    with pytest.raises(FileNotFoundError, match="found t10k-images-idx3-ubyte.gz but not its partner"):
        datasets.load_mnist(tmp_path)


def test_mnist_consistency_errors(tmp_path):
    write_mnist_idx(tmp_path, "t10k", fake_images(3), np.zeros(2, np.uint8))
    with pytest.raises(ValueError, match="3 images but 2 labels"):
        datasets.load_mnist(tmp_path)
    write_mnist_idx(tmp_path, "t10k", fake_images(2), np.array([3, 10], np.uint8))
    with pytest.raises(ValueError, match="0–9"):
        datasets.load_mnist(tmp_path)
    write_mnist_idx(tmp_path, "t10k", np.zeros((2, 20, 20), np.uint8), np.array([3, 4], np.uint8))
    with pytest.raises(ValueError, match="28×28"):
        datasets.load_mnist(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(b"\x00\x00\x08")
    with pytest.raises(ValueError, match="too short"):
        datasets.load_mnist(tmp_path)
    not_npz = tmp_path / "mnist.npz"
    not_npz.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="mnist.npz"):
        datasets.load_mnist(not_npz)
    np.savez(not_npz, images=np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="x_test"):
        datasets.load_mnist(not_npz)


def test_mnist_bad_arguments(tmp_path):
    with pytest.raises(ConfigError) as err:
        datasets.load_mnist(tmp_path, kind="test")
    assert err.value.field == "kind"
    with pytest.raises(ConfigError) as err:
        datasets.load_mnist(tmp_path, dtype="float16")
    assert err.value.field == "dtype"
    with pytest.raises(ConfigError):
        datasets.load_mnist(tmp_path, dtype="nonsense")


# -- values and sizes refused at load (issue 10) ---------------------------------------------------

def test_nan_or_non_numeric_pixels_are_refused(tmp_path):
    images = fake_images(2).astype(np.float32)
    images[1, 3, 4] = np.nan
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(images, 0x0D))
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.array([1, 2]), 0x08))
    with pytest.raises(ValueError, match="NaN or infinite"):
        datasets.load_mnist(tmp_path)
    npz = tmp_path / "keras" / "mnist.npz"
    npz.parent.mkdir()
    for pixels, phrase in ((np.full((2, 28, 28), np.inf), "NaN or infinite"), (fake_images(2) + 1j, "real numbers"),
                           (fake_images(2).astype(str), "real numbers"), (fake_images(2) > 9, "must be numbers")):
        np.savez(npz, x_test=pixels, y_test=np.array([1, 2]))
        with pytest.raises(ValueError, match=phrase) as err:
            datasets.load_mnist(npz)
        assert "mnist.npz" in str(err.value)


def npy(array) -> bytes:
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


def npz_of(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def declared(shape, descr="<f8", payload=b"") -> bytes:
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


def test_read_npz_checks_each_header_against_the_data_present():
    good = {"a.npy": npy(np.arange(6.0).reshape(2, 3)), "b.npy": npy(np.asfortranarray(np.eye(2, dtype=">i4")))}
    arrays = datasets.read_npz(io.BytesIO(npz_of(good)), max_array_bytes=1000, max_total_bytes=2000)
    np.testing.assert_array_equal(arrays["a"], np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(arrays["b"], np.eye(2))
    assert arrays["b"].dtype.isnative and arrays["a"].flags.writeable
    assert set(datasets.read_npz(io.BytesIO(npz_of(good)), names=["b"], max_array_bytes=1000,
                                 max_total_bytes=2000)) == {"b"}
    cases = {
        "declares shape (1099511627776,)": {"a.npy": declared((2**40,))},
        "holds 8 bytes": {"a.npy": declared((4,), payload=bytes(8))},
        "negative shape": {"a.npy": declared((-1, -2), payload=bytes(16))},
        "only real numbers": {"a.npy": declared((1,), "|O", bytes(8))},
        "corrupt header": {"a.npy": b"\x93NUMPY\x01\x00\x08\x00{nope}\n"},
        "not an array": {"a.txt": b"hello"},
        "would take 160 bytes": {"a.npy": npy(np.zeros(4)), "c.npy": npy(np.zeros(20))},
        "the arrays would take 288 bytes": {"a.npy": npy(np.zeros(2)), "c.npy": npy(np.zeros(2))},
        "corrupt header (EOF": {"a.npy": b""},
    }
    for phrase, members in cases.items():
        with pytest.raises(ValueError, match=re.escape(phrase)):
            datasets.read_npz(io.BytesIO(npz_of(members)), max_array_bytes=150, max_total_bytes=250)
    with pytest.raises(ValueError, match="corrupt or truncated"):
        datasets.read_npz(io.BytesIO(npz_of(good)[:-30]), max_array_bytes=1000, max_total_bytes=2000)


def test_a_zip_directory_too_large_to_be_ours_is_refused_before_it_is_parsed():
    many = npz_of({f"m{i}.npy": b"" for i in range(datasets.MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(ValueError, match="zip directory lists 10,001 entries"):
        datasets.read_npz(io.BytesIO(many), max_array_bytes=10, max_total_bytes=10)
    zip64 = npz_of({"a.npy": npy(np.zeros(1))})
    zip64 = zip64[:-22] + b"PK\x06\x07" + bytes(16) + zip64[-22:]
    with pytest.raises(ValueError, match="zip64"):
        datasets.read_npz(io.BytesIO(zip64), max_array_bytes=1000, max_total_bytes=1000)


def test_keras_npz_bombs_are_refused_unread(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_bytes(npz_of({"x_test.npy": declared((10**9, 28, 28), "|u1"), "y_test.npy": npy(np.arange(3))}))
    with pytest.raises(ValueError, match=r"declares shape \(1000000000, 28, 28\)") as err:
        datasets.load_mnist(path)
    assert str(path) in str(err.value)
    assert datasets.find_mnist([path]) == path  # found by its names; loading it is what refuses
    path.write_bytes(b"PK\x05\x06" + bytes(18))
    assert datasets.find_mnist([path]) is None


def test_a_pipe_or_device_is_not_read_as_idx(tmp_path):
    fifo = tmp_path / "t10k-images-idx3-ubyte"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ValueError, match="not a regular file") as err:
            datasets.load_idx(path)
        assert str(path) in str(err.value)
