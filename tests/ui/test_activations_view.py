"""The activation view draws the core's f and f′ exactly, reads them out at the cursor, and takes custom
activations through the safe parser with inline messages — never a dialog."""


import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.shots import save_shot
from visualnet.core import activations
from visualnet.ui.controller import Controller
from visualnet.ui.views import activations_view as av
from visualnet.ui.views.activations_view import PLOTTED, ActivationsView

EXPERIMENT = {"dataset": {"name": "xor", "n": 200, "seed": 0, "test_ratio": 0.0},
              "network": {"layers": [{"units": 6, "activation": "relu"}, {"units": 4, "activation": "leaky_relu",
                                                                         "alpha": 0.1},
                                     {"units": 1, "activation": "sigmoid"}],
                          "loss": "bce", "init": "xavier", "seed": 0, "dtype": "float64"},
              "optimizer": {"name": "sgd", "lr": 0.3}, "batch_size": 16, "seed": 0}

MALICIOUS = [
    "__import__('os').system('x')",
    "__import__('os')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "exp.__call__(x)",
    "x ** 10 ** 10",
    "(" * 10000 + "x" + ")" * 10000,
    "(" * 200 + "x" + ")" * 200,
    "sin(" * 60 + "x" + ")" * 60,
    "open('/etc/passwd')",
    "eval('1')",
    "exec('import os')",
    "globals()",
    "getattr(x, 'real')",
    "lambda: x",
    "[x for x in ()]",
    "x if x > 0 else 0",
    "'x' * 3",
    "x[0]",
    "y * x",
    "x ^ 2",
    "x == 1",
    "exp(x, 2)",
    "",
    "   ",
    "x +",
    "tanh",
    "x ≤ 1",
    "1e400 * x",
    "(x := 3)",
    "x @ x",
]

# (expression, x positions of kinks of f or f′, where finite differences are not exact)
VALID = [
    ("x * tanh(log(1 + exp(x)))", []),
    ("x * sigmoid(x)", []),
    ("tanh(x) ** 2", []),
    ("log(1 + exp(x))", []),
    ("exp(-x**2)", []),
    ("sin(x) + 0.5 * x", []),
    ("arctan(x)", []),
    ("1 / (1 + exp(-2 * x))", []),
    ("x ** 3 / 10 - x", []),
    ("x * erf(x / sqrt(2)) / 2 + x / 2", []),
    ("softplus(x) - log(2)", []),
    ("x / (1 + abs(x))", [0.0]),
    ("maximum(x, 0.1 * x)", [0.0]),
    ("where(x > 0, x, 0.2 * (exp(x) - 1))", [0.0]),
    ("clip(x, -1, 1) + 0.01 * x", [-1.0, 1.0]),
]


@pytest.fixture
def view(qtbot):
    controller = Controller(EXPERIMENT)
    widget = ActivationsView(controller)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def curve(view, name, which=0):
    x, y = view.curves[name][which].getData()
    return np.asarray(x), np.asarray(y)


def no_dialogs():
    return not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


# -- the curves are the core's ---------------------------------------------------------------------

def test_every_plotted_curve_is_the_cores_f_and_df(view):
    view.set_shown(PLOTTED)
    assert "softmax" not in PLOTTED  # a row-wise normalisation is no curve over x
    for name in PLOTTED:
        act = activations.get(name, alpha=view.alphas.get(name))
        x, fx = curve(view, name, 0)
        x2, dfx = curve(view, name, 1)
        assert np.array_equal(x, x2) and len(x) == av.GRID_POINTS
        assert (x[0], x[-1]) == av.DEFAULT_RANGE
        samples = np.linspace(0, len(x) - 1, 101).astype(int)
        assert np.array_equal(fx[samples], act.f(x[samples]))
        assert np.array_equal(dfx[samples], act.df(x[samples]))
        assert view.curves[name][0].isVisible() and view.curves[name][1].isVisible()


def test_alpha_range_and_derivative_toggle_redraw_from_the_core(view, qtbot):
    view.set_shown(["leaky_relu", "elu"])
    view.leaky_alpha.setValue(0.3)
    view.elu_alpha.setValue(2.0)
    x, fx = curve(view, "leaky_relu")
    assert np.array_equal(fx, activations.get("leaky_relu", alpha=0.3).f(x))
    x, dfx = curve(view, "elu", 1)
    assert np.array_equal(dfx, activations.get("elu", alpha=2.0).df(x))
    assert "0.3·x" in view.formulas.text() and "2·(eˣ − 1)" in view.formulas.text()

    view.set_range(-2.0, 8.0)
    x, fx = curve(view, "elu")
    assert (x[0], x[-1]) == (-2.0, 8.0)
    assert np.array_equal(fx, activations.get("elu", alpha=2.0).f(x))
    view.x_max.setValue(-3.0)  # an empty range is ignored until it makes sense again
    assert curve(view, "elu")[0][-1] == 8.0

    qtbot.mouseClick(view.show_derivative, Qt.LeftButton)
    assert not view.curves["elu"][1].isVisible() and view.curves["elu"][0].isVisible()
    view.set_shown(["tanh"])
    assert not view.curves["elu"][0].isVisible() and view.curves["tanh"][0].isVisible()


def test_saturated_regions_are_shaded_where_the_slope_vanishes(view):
    view.set_shown(["relu", "sigmoid", "linear"])

    def bands(name):
        return [band.getRegion() for band in view.shading[name] if band.isVisible()]

    assert bands("relu") == [pytest.approx((-5.0, 0.0), abs=0.01)]
    sigmoid = bands("sigmoid")
    assert len(sigmoid) == 2
    s = (1 + np.sqrt(1 - 4 * 0.01)) / 2  # σ(x)(1 − σ(x)) = 0.01 at x = ±ln(s / (1 − s)) ≈ ±4.585
    edge = np.log(s / (1 - s))
    assert sigmoid[0][1] == pytest.approx(-edge, abs=0.01) and sigmoid[1][0] == pytest.approx(edge, abs=0.01)
    assert bands("linear") == []
    view.shade.setChecked(False)
    assert bands("relu") == [] and bands("sigmoid") == []


def test_cursor_reads_out_the_cores_values(view):
    view.set_shown(["sigmoid", "tanh"])
    view.set_cursor(1.5)
    text = view.readout.text()
    for name in ("sigmoid", "tanh"):
        act = activations.get(name)
        assert f"{float(act.f(np.array([1.5]))[0]):.4g}" in text
        assert f"{float(act.df(np.array([1.5]))[0]):.4g}" in text
    assert view.cursor_line.value() == 1.5
    # moving the mouse over the plot moves the cursor there
    scene_pos = view.plot.vb.mapViewToScene(QPointF(-2.0, 0.5))
    view.plot_widget.scene().sigMouseMoved.emit(scene_pos)
    assert view.cursor_x == pytest.approx(-2.0, abs=0.02)
    assert f"{float(activations.get('tanh').f(np.array([view.cursor_x]))[0]):.4g}" in view.readout.text()


# -- custom activations through the parser ----------------------------------------------------------

def test_malicious_and_invalid_input_gets_an_inline_message_and_draws_nothing(view, qtbot):
    assert len(MALICIOUS) >= 20
    for text in MALICIOUS:
        view.custom_field.setText(text)
        qtbot.mouseClick(view.plot_button, Qt.LeftButton)
        assert view.custom_error, text
        assert view.custom_message.isVisible()
        assert "Traceback" not in view.custom_error
        assert "custom" not in view.shown() and not view.curves["custom"][0].isVisible()
        assert view.curves["custom"][0].getData()[1] is None
        assert no_dialogs()

    # with a custom curve on screen, a bad edit leaves it exactly as it was
    view.custom_field.setText("x * sigmoid(x)")
    view.custom_field.returnPressed.emit()
    assert view.custom_error == ""
    before = [curve(view, "custom", i)[1].copy() for i in (0, 1)]
    for text in MALICIOUS[:8]:
        view.custom_field.setText(text)
        view.custom_field.returnPressed.emit()
        assert view.custom_error
        after = [curve(view, "custom", i)[1] for i in (0, 1)]
        assert all(np.array_equal(a, b) for a, b in zip(before, after))
        assert view.curves["custom"][0].isVisible()
    qtbot.mouseClick(view.remove_button, Qt.LeftButton)
    assert "custom" not in view.shown() and not view.curves["custom"][0].isVisible()
    assert not view.custom_message.isVisible()


def test_messages_say_what_is_wrong(view):
    cases = {"__import__('os').system('x')": "attribute access is not allowed",
             "x ** 10 ** 10": "exponent 10000000000 is too large",
             "(" * 10000 + "x" + ")" * 10000: "too long",
             "foo(x)": "function 'foo' is not allowed"}
    for text, words in cases.items():
        view.custom_field.setText(text)
        view.plot_custom()
        assert words in view.custom_error
        assert not view.custom_error.startswith("activation:")


def test_valid_custom_activations_plot_f_and_an_exact_derivative(view):
    # one after another on one view, as a user tries them (a view per expression cost 0.17 s each): each
    # replaces the last, and everything checked below is of the expression just typed
    for text, kinks in VALID:
        view.custom_field.setText(text)
        assert view.plot_custom(), text
        assert view.custom_error == "" and not view.custom_message.isVisible(), text
        x, fx = curve(view, "custom", 0)
        _, dfx = curve(view, "custom", 1)
        act = activations.get("custom", expression=text)
        assert np.array_equal(fx, act.f(x)) and np.array_equal(dfx, act.df(x)), text
        # the plotted f′ against central differences of the plotted f (five points, O(h⁴))
        h = x[1] - x[0]
        numeric = (8 * (fx[3:-1] - fx[1:-3]) - (fx[4:] - fx[:-4])) / (12 * h)
        exact = dfx[2:-2]
        away = np.ones_like(exact, dtype=bool)
        for kink in kinks:
            away &= np.abs(x[2:-2] - kink) > 3 * h
        scale = np.max(np.abs(exact[away]))
        np.testing.assert_allclose(numeric[away], exact[away], rtol=1e-5, atol=1e-5 * scale, err_msg=text)
        assert text in view.formulas.text().replace("&gt;", ">"), text


def test_ten_valid_expressions_are_covered():
    assert len(VALID) >= 10


def test_a_custom_activation_used_in_the_network_trains(view, qtbot):
    controller = view.controller
    resets = []
    controller.reset.connect(lambda: resets.append(1))
    view.custom_field.setText("x * tanh(log(1 + exp(x)))")
    qtbot.mouseClick(view.use_button, Qt.LeftButton)
    assert resets and view.message_kind == "ok" and "2 hidden layers" in view.custom_message.text()
    layers = controller.experiment["network"]["layers"]
    for layer in layers[:-1]:
        assert layer["activation"] == "custom" and layer["expression"] == "x * tanh(log(1 + exp(x)))"
        assert "alpha" not in layer
    assert layers[-1]["activation"] == "sigmoid"
    assert [b.act.activation.name for b in controller.net.blocks] == ["custom", "custom", "sigmoid"]
    controller.train_step()
    controller.train_step()
    trainer = controller.trainer
    assert trainer.step_count == 2 and trainer.divergence is None
    assert np.isfinite(trainer.history.train_loss.last())
    assert all(np.isfinite(e.grads[k]).all() for e in controller.trace.of_kind("backward") for k in e.grads)


def test_use_in_network_refuses_inline(view):
    view.custom_field.setText("x ** (2 ** 7)")
    assert not view.use_in_network()
    assert "exponent 128" in view.custom_error
    assert view.controller.experiment["network"]["layers"][0]["activation"] == "relu"
    assert no_dialogs()


def test_csv_export_is_the_plotted_curves(view, tmp_path):
    from visualnet.ui import export

    view.set_shown(["tanh"])
    view.custom_field.setText("x * sigmoid(x)")
    view.plot_custom()
    tables = view.csv_tables()
    assert list(tables) == ["tanh", "custom: x * sigmoid(x)"]
    header, rows = tables["tanh"]
    x = np.array([r[0] for r in rows])
    assert header == ["x", "f(x)", "f′(x)"] and len(rows) == av.GRID_POINTS
    assert np.array_equal([r[1] for r in rows], np.tanh(x))
    assert export.export(view, tmp_path / "activations.csv") == 2 * av.GRID_POINTS


# -- legible on a projector ---------------------------------------------------------------------------

def test_projector_legibility_and_screenshots(view, tmp_path):
    view.set_shown(["sigmoid", "tanh", "relu", "elu"])
    view.set_cursor(1.0)
    for f_item, df_item in view.curves.values():
        assert f_item.opts["pen"].widthF() >= 2.5 and df_item.opts["pen"].widthF() >= 2.5
    assert view.font().pointSizeF() >= 11
    for axis in ("left", "bottom"):
        assert view.plot.getAxis(axis).style["tickFont"].pointSizeF() >= 11
    assert "f′(x)" in view.plot.getAxis("left").labelText
    paths = [save_shot(view, tmp_path, "activations_builtin.png")]
    view.set_shown(["relu", "leaky_relu", "elu"])
    view.custom_field.setText("x * tanh(log(1 + exp(x)))")
    view.plot_custom()
    paths.append(save_shot(view, tmp_path, "activations_custom.png"))
    view.custom_field.setText("__import__('os').system('x')")
    view.plot_custom()
    paths.append(save_shot(view, tmp_path, "activations_custom_error.png"))
    from PySide6.QtGui import QImage
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800)
