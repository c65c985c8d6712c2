"""File ▸ Import data (CSV), Export data as CSV and Export PyTorch script, with the dialogs answered by the test."""

import io

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.windows import shown_window
from visualnet import cli
from visualnet.core import userdata
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import view as network_view

XOR = {
    "dataset": {"name": "xor", "n": 80, "noise": 0.0, "seed": 1, "test_ratio": 0.25},
    "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 2},
    "optimizer": {"name": "sgd", "lr": 0.3},
    "batch_size": 8,
}

# (file bytes, the line the dialog must name)
MALFORMED = [
    (b"x1,x2,label\n0,0,a\n1,abc,b\n", "line 3: 'abc' is not a number in column x2"),
    (b"x1,x2,label\n0,0,a\n1,1\n", "line 3: 2 values, expected 3"),
    (b"x1,x2,label\n0,0,a\n1,1,b\n2,,b\n", "line 4: column x2 is empty"),
    (b"x1,x2,label\n0,0,a\n1,nan,b\n", "line 3: 'nan' is not a finite number in column x2"),
    (b"x1,x2,foo\n0,0,1\n", "line 1: unknown column name 'foo'"),
    (b"x1,x2,label\n0,0,a\n1,1,b\n2,2,c\n3,3,d\n4,4,e\n5,5,f\n", "line 7: 'f' would be a 6th class"),
    (b"x,y\n1,2\n3,1e999\n", "line 3: '1e999' is too large a number in column y"),
    (b"x1,x2,label,test\n0,0,a,1\n1,1,b,maybe\n", "line 3: 'maybe' in column test must be 0 or 1"),
    (b"0;0;a\n1;1;b\n2;x;b\n", "line 3: 'x' is not a number in column x2"),
    (b"x1,x2,label\n0,0,a\n\xff\xfe,1,b\n", "line 3: not UTF-8 text"),
    (b"x1,x2,label,label\n0,0,a,a\n", "line 1: column 'label' appears twice"),
    (b"# comment\n\nx1,x2,label\n0,0,a\n1,1,b,7\n", "line 5: 4 values, expected 3"),
]


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(network_view, "ANIMATE", False)
    controller = Controller(XOR)
    controller.use_worker = False
    return shown_window(qtbot, controller)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    return shown


def answer_open(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def answer_save(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_malformed_csv_files_are_refused_with_their_line_and_nothing_changes(window, warnings, monkeypatch,
                                                                             tmp_path):
    c = window.controller
    c.run_steps(3)
    experiment, params = c.experiment, {k: v.copy() for k, v in c.net.params.items()}
    for i, (content, message) in enumerate(MALFORMED):
        path = tmp_path / f"bad{i}.csv"
        path.write_bytes(content)
        answer_open(monkeypatch, path)
        assert not window.file_menu.import_data()
        assert len(warnings) == i + 1 and message in warnings[-1] and f"bad{i}.csv" in warnings[-1]
    assert c.experiment == experiment and c.trainer.step_count == 3
    assert all(np.array_equal(params[k], c.net.params[k]) for k in params)


def test_import_trains_on_the_files_points_scaled_into_view_and_export_writes_them_back(window, warnings,
                                                                                        monkeypatch, tmp_path):
    source = tmp_path / "mine.csv"
    source.write_text("x1;x2;label\n10;20;cat\n14;20;dog\n12;24;cat\n12;16;dog\n")
    answer_open(monkeypatch, source)
    assert window.file_menu.import_data() and not warnings
    c = window.controller
    spec = c.session.experiment["dataset"]
    assert spec["name"] == "points" and spec["classes"] == ["cat", "dog"] and spec["t"] == [0, 1, 0, 1]
    # centred on (12, 20), both inputs divided by half the widest side (4): inside [−1, 1]
    np.testing.assert_allclose(spec["x"], [[-0.5, 0.0], [0.5, 0.0], [0.0, 1.0], [0.0, -1.0]])
    status = window.statusBar().currentMessage()
    assert "4 points" in status and "x1′ = (x1 − 12) / 4" in status and "x2′ = (x2 − 20) / 4" in status
    c.run_steps(2)
    out = tmp_path / "back"
    answer_save(monkeypatch, out)
    assert window.file_menu.export_data() and not warnings
    again = userdata.load_csv(tmp_path / "back.csv", scale="none")
    np.testing.assert_allclose(again.x, [[10, 20], [14, 20], [12, 24], [12, 16]])
    assert again.classes == ["cat", "dog"] and again.t.tolist() == [0, 1, 0, 1]


def test_pytorch_script_from_the_menu_is_the_clis(window, warnings, monkeypatch, tmp_path):
    c = window.controller
    c.run_steps(4)
    session_path = tmp_path / "run.vnet"
    assert window.file_menu.save_to(session_path)
    script = tmp_path / "model"
    answer_save(monkeypatch, script)
    assert window.file_menu.export_pytorch() and not warnings
    assert cli.main(["export", "pytorch", "-o", str(tmp_path / "cli.py"), "--session", str(session_path)],
                    out=io.StringIO()) == 0
    assert (tmp_path / "model.py").read_text() == (tmp_path / "cli.py").read_text()
    assert not list(tmp_path.glob(".*"))  # the atomic write left no temporary file
