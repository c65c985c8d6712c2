"""Sessions and lesson tools through the main window."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    w = MainWindow(Controller())
    qtbot.addWidget(w)
    w.controller.run_steps(25)
    return w


def test_save_and_reopen_round_trips(window, tmp_path):
    c = window.controller
    path = tmp_path / "lesson.vnet"
    assert window.file_menu.save_to(path)
    saved = c.net.copy_params()
    c.run_steps(10)
    assert window.file_menu.open_path(path)
    assert c.trainer.step_count == 25
    for k, v in saved.items():
        np.testing.assert_array_equal(c.net.params[k], v)


def test_corrupt_file_leaves_the_open_session_untouched(window, tmp_path):
    c = window.controller
    bad = tmp_path / "bad.vnet"
    bad.write_bytes(b"PK\x03\x04 truncated")
    before = c.net.copy_params()
    session = c.session
    assert not window.file_menu.open_path(bad)
    assert c.session is session and c.trainer.step_count == 25
    for k, v in before.items():
        np.testing.assert_array_equal(c.net.params[k], v)


def test_presets_load_from_the_menu(window):
    assert window.file_menu.load_preset("xor_2_2_1")
    assert window.controller.net.input_shape == (2,) and window.controller.trainer.step_count == 0
    assert window.controller.experiment["network"]["layers"][0]["units"] == 2


def lesson_state(c):
    """Everything of the live session a measurement could disturb."""
    t = c.trainer
    return (c.net.copy_params(), c.net.buffers(), c.net.rng.bit_generator.state, t.rng.bit_generator.state,
            None if t._order is None else t._order.copy(), t._cursor, t.step_count, c.session.optimizer.state_dict())


def assert_same_state(a, b):
    for x, y in zip(a, b, strict=True):
        if isinstance(x, dict):
            assert x.keys() == y.keys()
            for k in x:
                assert_same_state((x[k],), (y[k],))
        else:
            np.testing.assert_array_equal(x, y)


def test_numerical_vs_backprop_timing(window, qtbot):
    """Same values, and the measured cost is reported (how much slower: bench/numerical_gradient.py)."""
    before = lesson_state(window.controller)
    shown = []
    window._show_gradient_timing = shown.append  # the message box, replaced by a list
    job = window.time_gradients()
    progress = []
    job.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:  # a real worker thread
        pass
    result = finished.args[0]
    assert result["ratio"] == result["numerical_s"] / result["backprop_s"]
    assert result["max_relative_difference"] < 1e-4
    assert_same_state(lesson_state(window.controller), before)  # measured on a copy: the lesson is untouched


def test_numerical_timing_of_batch_norm_leaves_the_lesson_byte_identical_and_cancels(qtbot, monkeypatch):
    from visualnet.core import presets

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    w = MainWindow(Controller(presets.experiment_for(presets.get("batch_norm"))))
    qtbot.addWidget(w)
    c = w.controller
    c.run_steps(5)
    c.substep()
    before = lesson_state(c)
    job = w.time_gradients()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    assert_same_state(lesson_state(c), before)  # batch norm ran in training mode, on the clone only
    job = w.time_gradients()
    job.cancel()  # before the worker gets far: it stops at its next element
    with qtbot.waitSignal(job.cancelled, timeout=60_000):
        pass
    assert_same_state(lesson_state(c), before)


def test_every_view_offers_export_on_right_click(window):
    for view in window.views.values():
        assert any(a.text() == "Export…" for a in view.actions())


def test_presentation_mode_enlarges_fonts_and_restores(window):
    from PySide6.QtWidgets import QApplication

    size = QApplication.instance().font().pointSizeF()
    window.set_presentation(True)
    assert QApplication.instance().font().pointSizeF() == pytest.approx(size * 1.4)
    window.set_presentation(False)
    assert QApplication.instance().font().pointSizeF() == pytest.approx(size)


def test_presentation_widens_lines_and_dark_theme_recolours_open_plots(window):
    import pyqtgraph as pg

    curve = window.views["training"].curves["test_loss"]
    width = curve.opts["pen"].widthF()
    window.set_presentation(True)
    assert curve.opts["pen"].widthF() == pytest.approx(width * 1.6)
    window.set_presentation(False)
    assert curve.opts["pen"].widthF() == pytest.approx(width)
    window.set_dark(True)
    plots = window.views["training"].plots
    assert plots.backgroundBrush().color().lightness() < 60
    window.set_dark(False)
    assert plots.backgroundBrush().color().lightness() > 200
    assert isinstance(plots, pg.GraphicsView)


def test_autosave_on_quit_and_recovery_after_a_crash(window, qtbot, monkeypatch):
    from visualnet.ui import file_menu

    window.file_menu.mark_clean_exit()  # a normal quit autosaves …
    assert file_menu.autosave_path().exists()
    file_menu.settings().setValue("clean_exit", "false")  # … then pretend the next run crashed
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Yes)
    fresh = MainWindow(Controller())
    qtbot.addWidget(fresh)
    fresh.file_menu.offer_recovery()
    assert asked and fresh.controller.trainer.step_count == 25
    fresh.file_menu.offer_recovery()  # the flag is set again for this run, so a second offer also asks
    file_menu.settings().setValue("clean_exit", "true")


def test_recent_files_survive_the_first_save_and_keep_their_order(window, tmp_path):
    from visualnet.ui.file_menu import recent_files

    first, second = tmp_path / "one.vnet", tmp_path / "two.vnet"
    assert window.file_menu.save_to(first)
    assert recent_files() == [str(first.resolve())]  # one path, not "/", "t", "m", …
    assert [a.toolTip() for a in window.file_menu.recent_menu.actions()] == [str(first.resolve())]
    assert window.file_menu.save_to(second)
    assert window.file_menu.save_to(first)
    assert recent_files() == [str(first.resolve()), str(second.resolve())]
    assert [a.text() for a in window.file_menu.recent_menu.actions()] == ["one.vnet", "two.vnet"]
