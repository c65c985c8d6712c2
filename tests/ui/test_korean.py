"""The whole app in Korean: every text a user reads, a language switch while running that keeps the session,
the command line's --lang, exports whose Hangul renders outside Qt, and Korean labels that fit."""

import io
import itertools
import re
import unicodedata

import numpy as np
import pyqtgraph as pg
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QWidget,
)

from visualnet import cli
from visualnet.core import presets
from visualnet.translations.update import is_hangul
from visualnet.ui import i18n
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry
from visualnet.ui.views.network import view as network_view
from visualnet.ui.views.network.items import TextItem

TABS = [key for key, _title, _factory in registry.views()]  # every tab, the later convolution and sequence too
HANGUL_SHARE = 0.95
# what stays in Latin letters or symbols on purpose: formulas and symbols (z, a, δ, ∂L/∂w, σ′), the names the
# glossary keeps (ReLU, Adam, SGD, Xavier, He, MNIST …), file formats, keys, and English named in English
DELIBERATE = [
    r"[\W\d_]*",  # no letters at all: "✕", "+", "−", "0 %", "1"
    # formulas: "x₁", "t, y", "f(x), f′(x)", "∂L/∂w": symbols and words of at most two letters (each letter run
    # taken whole, so that matching stays linear: nested optional repeats backtrack exponentially on long texts)
    r"(?:[\W\d_′ᵢⱼₖₙᵀ₀-₉¹-⁹ⁱ]|(?<![a-zA-Zα-ωΑ-Ω])[a-zA-Zα-ωΑ-Ω]{1,2}(?![a-zA-Zα-ωΑ-Ω]))*",
    r"English",  # the language menu names each language in itself
    r"(?:sigmoid|linear|softmax|tanh|relu|leaky_relu|elu|softplus|gelu|silu|step|custom)( \+ (BCE|MSE))?",
    r"(?:ReLU|leaky ReLU|ELU|GELU|SiLU \(swish\)|softplus)",
    r"(?:sgd|momentum|nesterov|adagrad|rmsprop|adam|adamw|adadelta|Nesterov)",  # optimizer names (combo, fields)
    r"(?:SGD|Momentum|Nesterov|AdaGrad|RMSprop|Adam|AdamW|Adadelta)( \d+)?(\s+lr [\d.e+-]+)?",
    r"(?:Xavier|He)\s+√\(\d/n\)|std [\d.]+",  # initialisations as the book writes them
    r"(?:and|or|xor|nand)",  # the logic gates, as in the truth table
    r"L1|L2|lr",
    r"━━ .*",  # a runner's name in the optimizer race
    r"f\(x, y\) = .*",  # a surface's formula (and its step)
    r"[σ]\(z\).*",
    # an activation's formula as the core writes it (the settings' tooltips, the activations legend), piecewise
    # ones in the textbook's Python ("x if x > 0 else 0"), with the name the formula is known by ("tanh form")
    r"(?:■ )?(?:f|σ|tanh|ReLU|ELU|GELU|SiLU|softplus)\(x\) [=≈] .*",
]
DELIBERATE_RE = re.compile("|".join(f"(?:{p})" for p in DELIBERATE))


def plain(text: str) -> str:
    """The text a user reads: without HTML tags, entities and menu accelerators."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = text.replace("&nbsp;", " ").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "\0")
    return " ".join(re.sub(r"&(?=\w)", "", text).replace("\0", "&").split())


def has_letters(text: str) -> bool:
    """Text with a word in it (two letters or more in a row); a symbol such as x₁, aᵢ, L or δ is no word."""
    letters = [unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lo") for c in text]  # not ᵢ, ⱼ (modifiers)
    return any(a and b for a, b in itertools.pairwise(letters))


def window_texts(window) -> list[tuple[str, str]]:
    """(where, text) of everything the window shows or explains now: labels, buttons, check boxes, group and
    dock titles, tabs, menus and actions, placeholders, tooltips (of choices in lists too), plot titles, axis
    labels, legends, graph captions."""
    found = []

    def add(where, text):
        text = plain(text)
        if text:
            found.append((where, text))

    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window and not isinstance(widget, QMenu):
            continue
        if isinstance(widget, QLabel):
            add("label", widget.text())
        elif isinstance(widget, QAbstractButton):
            add("button", widget.text())
        elif isinstance(widget, QGroupBox):
            add("group", widget.title())
        elif isinstance(widget, QDockWidget):
            add("dock", widget.windowTitle())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add("tab", widget.tabText(i))
        elif isinstance(widget, QMenu):
            add("menu", widget.title())
        elif isinstance(widget, QLineEdit):
            add("placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):  # its choices are names (sgd, tanh, xor …); what they mean is said
            for i in range(widget.count()):
                add("tooltip", widget.itemData(i, Qt.ToolTipRole) or "")
        add("tooltip", widget.toolTip())
    for action in window.findChildren(QAction):
        if not action.isSeparator():
            add("action", action.text())
            add("tooltip", action.toolTip())
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem):
                add("plot title", item.titleLabel.text)
            elif isinstance(item, pg.AxisItem) and item.isVisible():
                add("axis label", item.labelText)
            elif isinstance(item, pg.LegendItem):
                for _sample, label in item.items:
                    add("legend", label.text)
            elif isinstance(item, pg.TextItem):
                add("plot text", item.textItem.toPlainText())
    network = window.views.built().get("network")
    if network is not None:
        for item in network.scene.items():
            if isinstance(item, TextItem):
                add("graph", item.text)
    return found


@pytest.fixture
def korean(qapp):
    i18n.install("ko")
    yield
    i18n.install("en")


@pytest.fixture
def korean_window(korean, qtbot, monkeypatch):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    window = MainWindow(Controller(presets.experiment_for(presets.get("xor_2_2_1"))))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.controller.run_steps(20)
    window.controller.substep()  # the next step's first event (its forward pass) …
    while window.controller.phase() != "backward":  # … on into its backward pass
        window.controller.substep()
    window.views["network"].select(network_view.Selection("edge", 1, 0, 1))  # the inspector's rows too
    return window


def test_at_least_95_percent_of_the_window_texts_are_korean_and_the_rest_deliberate(korean_walk, shots):
    texts = {text: where for where, text in korean_walk["texts"] if has_letters(text)}
    korean = [t for t in texts if any(is_hangul(c) for c in t)]
    others = sorted(t for t in texts if t not in korean)
    share = len(korean) / len(texts)
    (shots / "korean-walk.txt").write_text(f"{share:.3f} of {len(texts)}\n" + "\n".join(others), encoding="utf-8")
    assert len(texts) > 300
    assert share >= HANGUL_SHARE, others
    assert [t for t in others if not DELIBERATE_RE.fullmatch(t)] == []


def test_the_menus_docks_tabs_and_status_speak_korean(korean_window):
    window = korean_window
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "신경망", "데이터", "훈련", "활성화 함수", "기울기", "분포", "옵티마이저", "손실 지형", "시퀀스", "합성곱"]
    assert window.settings_dock.windowTitle() == "실험" and window.inspector_dock.windowTitle() == "검사기"
    assert [m.title() for m in window.menuBar().findChildren(QMenu) if m.parent() is window.menuBar()][:4] == [
        "파일(&F)", "실행(&R)", "보기(&V)", "도움말(&H)"]
    assert "스텝" in window.status_label.text() and "에폭" in window.status_label.text()
    assert "역전파" in window.views["network"].caption_label.text() or \
        "순전파" in window.views["network"].caption_label.text()
    titles = [a.text() for a in window.file_menu.presets_menu.actions()]
    assert "XOR 2-2-1 신경망" in titles and "기울기 소실" in titles


def test_a_lesson_opens_with_its_strip_in_korean(korean_window):
    window = korean_window
    assert window.file_menu.load_preset("vanishing_gradients")
    assert "시그모이드" in window.lesson_banner.text() and "기울기 소실 데모 실행" in window.lesson_banner.text()


def state_of(window):
    c = window.controller
    return ({k: v.copy() for k, v in c.net.params.items()}, c.trainer.step_count, c.position,
            window.tabs.currentIndex(), c.speed, window.saveState())


def test_switching_language_while_running_keeps_the_session_and_retranslates(qtbot, monkeypatch):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    i18n.install("en")
    window = MainWindow(Controller(presets.experiment_for(presets.get("xor_2_2_1"))))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    c = window.controller
    c.run_steps(7)
    for _ in range(4):
        c.substep()
    window.views["network"].select(network_view.Selection("edge", 1, 0, 1))
    window.tabs.setCurrentWidget(window.views["data"])
    window.speed_slider.setValue(8)
    weights, step, position, tab, speed, docks = state_of(window)
    try:
        window.language_actions["ko"].trigger()  # View ▸ Language ▸ 한국어
        QApplication.processEvents()
        assert i18n.current() == "ko"
        after = state_of(window)
        assert all(np.array_equal(weights[k], after[0][k]) for k in weights)
        assert after[1:] == (step, position, tab, speed, docks)
        assert window.tabs.currentWidget() is window.views["data"] and window.tabs.tabText(1) == "데이터"
        assert window.inspector.selection == network_view.Selection("edge", 1, 0, 1)
        assert "가중치" in window.inspector.title.text()
        assert window.settings.findChild(QGroupBox).title() == "데이터"
        assert window.speed_label.text().strip() == "프레임당 30스텝"
        data = window.views["data"]
        assert any(is_hangul(ch) for ch in data.discretize.text() + data.show_test.text())
        window.tabs.setCurrentWidget(window.views["gradients"])  # a view made after the switch
        QApplication.processEvents()
        assert window.views["gradients"].demo_button.text() == "기울기 소실 데모 실행"
        c.train_step()  # the old widgets are gone: signals reach only the new ones
        c.reset_network()
        QApplication.processEvents()
    finally:
        window.set_language("en")
    assert window.tabs.tabText(1) == "Data" and window.settings_dock.windowTitle() == "Experiment"
    assert window.views["gradients"].demo_button.text() == "Run vanishing-gradient demo"


def test_switching_in_presentation_mode_stays_in_presentation_mode(qtbot):
    i18n.install("en")
    window = MainWindow(Controller(presets.experiment_for(presets.get("xor_2_2_1"))))
    qtbot.addWidget(window)
    window.show()
    window.set_presentation(True)
    big = QApplication.font().pointSizeF()
    try:
        window.set_language("ko")
        QApplication.processEvents()
        assert window.isFullScreen() and window.presentation_action.isChecked()
        assert window.settings.font().pointSizeF() == big
    finally:
        window.set_language("en")
        window.set_presentation(False)


def clipped_texts(window) -> list[str]:
    """Visible texts of the window that their widget cuts off (a label's or a button's text wider than it)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        metrics = QFontMetricsF(widget.font())
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() \
                and "<" not in widget.text() and widget.pixmap().isNull():
            if metrics.horizontalAdvance(widget.text()) > widget.contentsRect().width() + 1:
                found.append(f"label {widget.text()!r}")
        elif isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                found.append(f"{type(widget).__name__} {widget.text()!r}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if metrics.horizontalAdvance(widget.tabText(i)) > widget.tabRect(i).width():
                    found.append(f"tab {widget.tabText(i)!r}")
    return found


_WALK = {}  # the one walk of the Korean window, made by the first test that asks for it


@pytest.fixture
def korean_walk(request):
    """What the Korean window shows on every tab, walked once per module (building each view and laying it out
    twice takes seconds): its texts and the texts it clips at 1280 × 800, then the texts it clips in
    presentation mode. Plain data: the tests that read it cannot change it for another."""
    if not _WALK:
        window = request.getfixturevalue("korean_window")
        texts, clipped = [], {}
        for key in TABS:
            window.tabs.setCurrentWidget(window.views[key])
            QApplication.processEvents()
            texts += window_texts(window)
            clipped[("1280x800", key)] = clipped_texts(window)
        window.set_presentation(True)  # switched while running, as a teacher does at the projector
        try:
            for key in TABS:
                window.tabs.setCurrentWidget(window.views[key])
                QApplication.processEvents()
                clipped[("presentation", key)] = clipped_texts(window)
        finally:
            window.set_presentation(False)
        _WALK.update(texts=tuple(texts), clipped=clipped)
    return _WALK


@pytest.mark.parametrize("mode", ["1280x800", "presentation"])
def test_no_korean_text_is_clipped(korean_walk, mode):
    for key in TABS:
        assert korean_walk["clipped"][(mode, key)] == [], key


def run_cli(*args) -> int:
    """The command line's ``main`` in this process (the real ``python -m visualnet`` process, with the same
    ``screenshot`` and ``export`` commands, is tested in tests/test_cli.py): each spawned interpreter cost
    ~0.9 s of imports. ``--lang`` installs that language here, so the app's English comes back after."""
    try:
        return cli.main(list(args))
    finally:
        i18n.install("en")


def test_screenshot_in_korean_from_the_command_line(tmp_path, shots):
    out = tmp_path / "ko.png"
    assert run_cli("screenshot", "--lang", "ko", "-o", str(out), "--steps", "3") == 0
    picture = Image.open(out)
    assert picture.size == (1280, 800)
    picture.save(shots / "screenshot-ko.png")
    english = tmp_path / "en.png"
    assert run_cli("screenshot", "--lang", "en", "-o", str(english), "--steps", "3") == 0
    assert np.abs(np.asarray(picture, int) - np.asarray(Image.open(english), int)).mean() > 1.0


def test_exported_korean_svg_renders_outside_qt_like_the_png(tmp_path, shots):
    resvg_py = pytest.importorskip("resvg_py", reason="the test extra installs resvg-py")
    svg_path, png_path = tmp_path / "net.svg", tmp_path / "net.png"
    for path in (svg_path, png_path):
        assert run_cli("export", "network", "--lang", "ko", "-o", str(path), "--steps", "5", "--width", "1280") == 0
    svg = svg_path.read_text(encoding="utf-8")
    assert "순전파" in svg or "갱신" in svg or "손실" in svg
    assert i18n.HANGUL_FAMILY in svg  # the SVG names a family that has Hangul
    png = np.asarray(Image.open(png_path).convert("RGB"), int)
    fonts = [str(i18n.FONT_DIR / name) for name in i18n.HANGUL_FONTS]  # what a browser takes from the stack
    rendered = resvg_py.svg_to_bytes(svg_string=svg, background="white", width=png.shape[1], font_files=fonts)
    picture = np.asarray(Image.open(io.BytesIO(bytes(rendered))).convert("RGB"), int)
    Image.fromarray(picture.astype(np.uint8)).save(shots / "svg-resvg-ko-network.png")
    assert picture.shape == png.shape
    assert np.abs(picture - png).mean() < 5.0
