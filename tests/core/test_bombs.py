"""Memory bombs: small files that declare or inflate to gigabytes are refused before anything is allocated.

Each file is read by a child process under a 1.5 GB address-space limit (``resource.setrlimit``): reading
what the file declares would raise MemoryError there; the child must instead exit with the clear error.
"""

import io
import struct
import subprocess
import sys
import zipfile
import zlib

import numpy as np
import pytest

from visualnet.core import sessionfile
from visualnet.core.session import Session

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")

LIMIT = 1536 * 2**20
GIB = 2**30
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from visualnet.core import datasets, sessionfile
reader = {{"session": sessionfile.load, "idx": datasets.load_idx, "mnist": datasets.load_mnist}}[sys.argv[1]]
try:
    reader(sys.argv[2])
except ValueError as exc:  # SessionFileError is one
    print(type(exc).__name__ + ":", exc)
    sys.exit(3)
print("loaded")
"""


def read_in_child(kind, path):
    """(exit status, stdout, stderr) of reading ``path`` in a child process limited to 1.5 GB."""
    env = {"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD.format(limit=LIMIT), kind, str(path)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr


def assert_refused(kind, path, error, phrase):
    status, out, err = read_in_child(kind, path)
    assert status == 3 and "Traceback" not in err, (status, out, err)
    assert out.startswith(f"{error}:") and phrase in out and path.name in out, out


def deflate_zeros(size, prefix=b"", chunk=1 << 20) -> bytes:
    """A raw deflate stream of ``prefix`` and ``size`` zero bytes, made fast: one flushed block repeated."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH)
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = body.compress(bytes(chunk)) + body.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(size, chunk)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    return start + piece * count + tail.compress(bytes(rest)) + tail.flush()


def zip_of(members) -> bytes:
    """A zip of (name, raw deflate data, declared size, CRC) members; zip64 sizes where they exceed 4 GiB."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, data, size, crc in members:
        name = name.encode()
        big = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(data), size)
        offset = local.tell()
        local.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 45, 0, 8, 0, 0x21, crc, *sizes, len(name), len(extra)))
        local.write(name + extra + data)
        central.write(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 45, 45, 0, 8, 0, 0x21, crc, *sizes, len(name),
                                  len(extra), 0, 0, 0, 0, offset))
        central.write(name + extra)
    directory = central.getvalue()
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory),
                      local.tell(), 0)
    return local.getvalue() + directory + end


def small(name, data: bytes):
    """An honest member: deflated, with its true size and CRC."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), len(data), zlib.crc32(data)


def bomb(name, size, prefix=b"", declared=None):
    """A member of ``prefix`` and ``size`` zeros, declaring ``declared`` bytes (default: the truth; CRC unset)."""
    return name, deflate_zeros(size, prefix), len(prefix) + size if declared is None else declared, 0


def npy_header(shape, descr="<f8") -> bytes:
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


@pytest.fixture(scope="module")
def manifest_text():
    session = Session({"dataset": {"name": "xor", "n": 40},
                       "network": {"layers": [{"units": 2, "activation": "tanh"},
                                              {"units": 1, "activation": "sigmoid"}], "loss": "bce"}})
    with zipfile.ZipFile(io.BytesIO(sessionfile.to_bytes(session))) as z:
        return z.read("session.json")


def test_session_whose_arrays_inflate_to_6_gib(tmp_path, manifest_text):
    path = tmp_path / "bomb.vnet"
    path.write_bytes(zip_of([small("session.json", manifest_text), bomb("arrays.npz", 6 * GIB)]))
    assert path.stat().st_size < 8 * 2**20
    assert_refused("session", path, "SessionFileError", "would unpack to 6,442,450,944 bytes")


def test_session_whose_zip_directory_understates_6_gib(tmp_path, manifest_text):
    """The directory says 1 MiB; the stream inflates to 6 GiB: reading stops at 1 MiB, the CRC fails."""
    path = tmp_path / "liar.vnet"
    path.write_bytes(zip_of([small("session.json", manifest_text), bomb("arrays.npz", 6 * GIB, declared=2**20)]))
    assert_refused("session", path, "SessionFileError", "corrupt or truncated")


def test_session_json_inflating_to_6_gib(tmp_path):
    path = tmp_path / "json.vnet"
    path.write_bytes(zip_of([bomb("session.json", 6 * GIB, b'{"a": "'), small("arrays.npz", b"")]))
    assert_refused("session", path, "SessionFileError", "session.json would unpack to")


def test_npy_header_declaring_8_tb_inside_the_session(tmp_path, manifest_text):
    inner = npy_header((2**40,))  # 2**40 float64 values: 8 TB, with no data behind the header
    npz = zip_of([small("param/W1.npy", inner)])
    path = tmp_path / "header.vnet"
    path.write_bytes(zip_of([small("session.json", manifest_text), small("arrays.npz", npz)]))
    assert_refused("session", path, "SessionFileError", "declares shape (1099511627776,)")


def test_npy_member_inflating_to_6_gib_inside_the_session(tmp_path, manifest_text):
    npz = zip_of([bomb("param/W1.npy", 6 * GIB, npy_header((6 * GIB // 8,)))])
    path = tmp_path / "member.vnet"
    path.write_bytes(zip_of([small("session.json", manifest_text), small("arrays.npz", npz)]))
    assert_refused("session", path, "SessionFileError", "array 'param/W1' would take 6,442,451,072 bytes")


def idx_gzip(dims, size):
    """A gzip file whose IDX header declares ``dims`` (uint8) and whose stream holds ``size`` data bytes."""
    header = b"\x00\x00\x08" + bytes([len(dims)]) + b"".join(struct.pack(">I", d) for d in dims)
    total = len(header) + size
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflate_zeros(size, header)
            + struct.pack("<II", 0, total & 0xFFFFFFFF))


def test_idx_gzip_declaring_3_9_gb(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(idx_gzip((5_000_000, 28, 28), 3_920_000_000))
    assert path.stat().st_size < 6 * 2**20
    assert_refused("idx", path, "ValueError", "absurd dimensions (5000000, 28, 28)")
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01" + struct.pack(">I", 3) + bytes(3))
    assert_refused("mnist", tmp_path, "ValueError", "absurd dimensions")


def test_idx_gzip_within_the_cap_that_inflates_to_3_9_gb(tmp_path):
    """The header is MNIST's own; the stream holds 3.9 GB: reading stops after the declared data."""
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(idx_gzip((60_000, 28, 28), 3_920_000_000))
    assert_refused("idx", path, "ValueError", "unexpected bytes after the data")


def test_keras_mnist_npz_bomb(tmp_path):
    labels = io.BytesIO()
    np.save(labels, np.zeros(3, np.uint8))
    labels = labels.getvalue()
    path = tmp_path / "mnist.npz"
    path.write_bytes(zip_of([bomb("x_test.npy", 6 * GIB, npy_header((6 * GIB // 784, 28, 28), "|u1")),
                             small("y_test.npy", labels)]))
    assert_refused("mnist", path, "ValueError", "array 'x_test' would take")
    path.write_bytes(zip_of([small("x_test.npy", npy_header((10**9, 28, 28), "|u1")), small("y_test.npy", labels)]))
    assert_refused("mnist", path, "ValueError", "declares shape (1000000000, 28, 28)")


def test_a_small_good_file_loads_under_the_same_limit(tmp_path):
    """The limit itself leaves room to load a real session: the refusals above are the checks', not the limit's."""
    session = Session({"dataset": {"name": "spiral", "n": 200}})
    session.trainer.run(20)
    path = tmp_path / "good.vnet"
    sessionfile.save(session, path)
    status, out, err = read_in_child("session", path)
    assert status == 0 and out.strip() == "loaded", (status, out, err)
