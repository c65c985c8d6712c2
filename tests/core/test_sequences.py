"""Sequence data sets: the built-in tasks, the user's text files and what is refused, loading by name."""

import numpy as np
import pytest

from visualnet.core import ConfigError, datasets, sequences
from visualnet.core.session import Session


def test_hihello_is_the_courses_task():
    data = sequences.hihello()
    assert data.kind == "sequence" and data.vocabulary == "hielo" and data.n_classes == 5
    assert data.x.shape == (1, 6, 5) and data.t.shape == (1, 6)
    assert sequences.decode(data.x[0].argmax(axis=1), data.vocabulary) == "hihell"
    assert sequences.decode(data.t, data.vocabulary) == "ihello"
    assert set(np.unique(data.x)) == {0.0, 1.0}


def test_sine_targets_are_the_next_values():
    data = sequences.sine(n=10, length=8, noise=0.1, seed=3)
    assert data.x.shape == data.t.shape == (10, 8, 1) and data.n_classes == 0
    np.testing.assert_array_equal(data.x[:, 1:], data.t[:, :-1])
    clean = sequences.sine(n=10, length=8, noise=0.0, seed=3)
    assert np.abs(clean.x).max() <= 1 and not np.array_equal(clean.x, data.x)


def test_memory_targets_are_the_first_symbol():
    data = sequences.memory(n=50, length=9, symbols=3, seed=1)
    assert data.x.shape == (50, 9, 6) and data.t.shape == (50,) and data.vocabulary == "ABCabc"
    np.testing.assert_array_equal(data.x[:, 0].argmax(axis=1), data.t)
    assert (data.x[:, 1:].argmax(axis=2) >= 3).all()  # the distractors are the lower-case symbols


@pytest.mark.parametrize("name", sequences.names())
def test_params_regenerate_the_set(name, tmp_path):
    params = {"text_file": {"path": str(tmp_path / "t.txt")}, "text": {"text": "to be or not to be", "length": 4}}
    (tmp_path / "t.txt").write_text("the quick brown fox jumps over the lazy dog\n" * 3, encoding="utf-8")
    data = datasets.make(name, **params.get(name, {}))
    again = datasets.make(data.name, **data.params)
    np.testing.assert_array_equal(again.x, data.x)
    np.testing.assert_array_equal(again.t, data.t)


def test_text_windows_and_stride():
    data = sequences.text("abcabcab", length=3)
    assert data.vocabulary == "abc" and data.x.shape == (2, 3, 3)  # a window needs its 3 + 1 characters
    assert [sequences.decode(row.argmax(axis=1), "abc") for row in data.x] == ["abc", "abc"]
    assert [sequences.decode(row, "abc") for row in data.t] == ["bca", "bca"]
    overlapping = sequences.text("abcabcab", length=3, stride=1)
    assert len(overlapping) == 5


def test_a_text_file_becomes_next_character_sequences(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_bytes("Über alles\r\nwie ein Hauch\r\n".encode())
    data = sequences.text_file(str(path), length=5)
    assert "\r" not in data.vocabulary and data.vocabulary[0] == "Ü"
    assert data.params == {"path": str(path), "length": 5, "stride": 5}
    session = Session({"dataset": {"name": "text_file", "path": str(path), "length": 5},
                       "network": {"layers": [{"type": "gru", "units": 8, "return_sequences": True},
                                              {"units": data.n_classes, "activation": "softmax"}],
                                   "loss": "cross_entropy"}, "batch_size": 2})
    assert session.net.input_shape == (5, data.n_classes)
    assert session.trainer.run(3) == 3
    assert [len(text) for text in sequences.predicted_text(session.net, data.x[:2], data.vocabulary)] == [5, 5]


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"  \n\t\n", "only white space"),
    (b"GIF89a\x01\x00\x00\x00", "not a text file"),
    (b"caf\xe9 au lait", "not UTF-8"),
    (b"x" * (sequences.MAX_TEXT_BYTES + 1), "at most 100,000 bytes"),
    ("".join(chr(0x4E00 + k) for k in range(sequences.MAX_VOCABULARY + 1)).encode(), "distinct characters"),
])
def test_unreadable_text_files_are_refused_with_the_reason(tmp_path, content, words):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        sequences.text_file(str(path))
    assert info.value.field == "path" and words in str(info.value)
    with pytest.raises(ConfigError) as info:  # through a session the field is named from the experiment's top
        Session({"dataset": {"name": "text_file", "path": str(path)},
                 "network": {"layers": [{"type": "rnn", "units": 2}, {"units": 2, "activation": "softmax"}],
                             "loss": "cross_entropy"}})
    assert info.value.field == "dataset.path" and words in str(info.value)


def test_missing_files_folders_and_short_texts_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        sequences.text_file(str(tmp_path / "nope.txt"))
    with pytest.raises(ConfigError, match="not a regular file"):
        sequences.text_file(str(tmp_path))
    (tmp_path / "short.txt").write_text("abc", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        sequences.text_file(str(tmp_path / "short.txt"), length=5)
    assert info.value.field == "length" and "at least 6" in str(info.value)


def test_sequence_sets_load_by_name_but_stay_out_of_the_2d_list():
    assert not set(sequences.names()) & set(datasets.names())
    assert datasets.make("hihello").vocabulary == "hielo"
    assert datasets.check("memory", n=10, length=4) == {"n": 10, "length": 4}
    with pytest.raises(ConfigError) as info:
        datasets.check("memory", noise=0.1)
    assert info.value.field == "noise" and "unknown parameter" in str(info.value)
    with pytest.raises(ConfigError) as info:
        datasets.check("sine", length=0)
    assert info.value.field == "length"
    with pytest.raises(ConfigError, match="values"):
        datasets.make("sine", n=100_000, length=1000)
