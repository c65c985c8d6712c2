"""Exported SVGs look like the app outside Qt too: rendered by resvg (a non-Qt renderer, as browsers and
Inkscape are) every registered view matches its PNG, text included, and no plot spills past its axes.

Measured here (1000×640, DejaVu Sans): the mean absolute difference per channel between resvg's render
and the PNG is 0.5 (network) to 3.7 (optimizer) of 255, all of it antialiasing: Qt draws these curves
without antialiasing and hints its text, resvg does neither. Inside text boxes the difference is 10–14
(glyph edges), and no label is displaced (the shift that best matches each label's pixels is 0, at most
1 px). For comparison, the SVG as Qt writes it scores 11–111 overall (resvg draws no text for "Sans
Serif" and 2 px cosmetic lines as bands thousands of pixels wide). Forced to a serif font, labels fitted
to Qt's widths move ≤ 2 px; without ``textLength`` they move up to 8 px.
"""

import base64
import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from visualnet.core import presets
from visualnet.core.session import Session
from visualnet.ui import export, svg
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry

resvg_py = pytest.importorskip("resvg_py", reason="the test extra installs resvg-py")

VIEWS = [(key, factory) for key, _title, factory in registry.views()]
PRESETS = ["vanishing_gradients"]  # 6 layers: every view has several curves, layers and labels
SIZE = (1000, 640)
MEAN_DIFF = 5.0  # of 255, per channel, whole picture (measured ≤ 3.7)
TEXT_DIFF = 18.0  # inside text boxes (measured ≤ 14; a serif fallback without textLength: 30–42)
PLACED_PX = 1  # how far a label may move against the PNG (measured: 0 with the same font, ≤ 2 with serif)
SVG_NS = "{http://www.w3.org/2000/svg}"


def render(svg_bytes: bytes, **options) -> np.ndarray:
    png = resvg_py.svg_to_bytes(svg_string=svg_bytes.decode("utf-8"), background="white", **options)
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB")).astype(int)


def pixels(image) -> np.ndarray:
    return export.image_array(image)[..., :3].astype(int)


def _compose(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def text_boxes(svg_bytes: bytes) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) in pixels of every horizontal text run: from its x over its textLength, from
    ascent to descent of its font size."""
    boxes = []

    def visit(element, m):
        transform = element.get("transform")
        if transform:
            m = _compose(m, tuple(float(v) for v in re.search(r"matrix\(([^)]*)\)", transform).group(1).split(",")))
        if element.tag == f"{SVG_NS}text" and "".join(element.itertext()).strip():
            a, b, c, d, e, f = m
            if abs(b) < 1e-9 and abs(c) < 1e-9 and a > 0 and d > 0:  # not the rotated axis labels
                x, y = float(element.get("x")), float(element.get("y"))
                width, size = float(element.get("textLength")), float(element.get("font-size"))
                boxes.append((a * x + e, d * (y - 0.8 * size) + f, a * (x + width) + e, d * (y + 0.25 * size) + f))
        for child in element:
            visit(child, m)

    visit(ET.fromstring(svg_bytes), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return boxes


def displacement(png: np.ndarray, other: np.ndarray, box, reach=8):
    """How far (pixels, signed) ``other`` shows the text in ``box`` to the right of where the PNG shows
    it: the horizontal shift that matches the two best. None for a box without texture or at an edge."""
    x0, y0, x1, y1 = (round(v) for v in box)
    y0, y1 = max(0, y0), min(png.shape[0], y1)
    if x0 < reach or x1 + reach > png.shape[1] or y1 - y0 < 2 or x1 - x0 < 2:
        return None
    reference = png[y0:y1, x0:x1]
    if reference.std() < 10:
        return None
    errors = {s: np.abs(other[y0:y1, x0 + s:x1 + s] - reference).mean() for s in range(-reach, reach + 1)}
    return min(errors, key=lambda s: (errors[s], abs(s)))


def text_placement(png: np.ndarray, other: np.ndarray, boxes) -> list[int]:
    """For each label with texture, how far it moved between the PNG and ``other`` (pixels)."""
    moved = [displacement(png, other, box) for box in boxes]
    return [abs(m) for m in moved if m is not None]


def text_mask(boxes, shape) -> np.ndarray:
    mask = np.zeros(shape[:2], bool)
    for x0, y0, x1, y1 in boxes:
        mask[max(0, int(y0)):max(0, int(y1) + 1), max(0, int(x0)):max(0, int(x1) + 1)] = True
    return mask


@pytest.fixture(params=PRESETS, scope="module")
def preset(request):
    return request.param


def shown_view(qtbot, factory, preset):
    controller = Controller(session=Session(presets.experiment_for(presets.get(preset))))
    controller.run_steps(30)
    view = factory(controller)
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    if hasattr(view, "worker_busy"):  # the landscape: its heatmap is computed in a worker
        view.request("random", resolutions=(51,))
        qtbot.waitUntil(lambda: not view.worker_busy(), timeout=20_000)
    return view


# a view of each way of drawing (item graph, plot curves and bars, heatmap, image grid); every view's SVG is also
# checked against the screen by Qt's own renderer in test_export.py
OUTSIDE_QT = [(key, factory) for key, factory in VIEWS
              if key in ("network", "training", "activations", "optimizer", "landscape", "convolution")]


@pytest.mark.parametrize("key, factory", OUTSIDE_QT, ids=[k for k, _ in OUTSIDE_QT])
def test_svg_rendered_outside_qt_matches_the_png(key, factory, preset, qtbot, shots):
    view = shown_view(qtbot, factory, preset)
    png = pixels(export.render_image(view))
    data = export.svg_bytes(view)
    picture = render(data)
    assert picture.shape == png.shape
    Image.fromarray(picture.astype(np.uint8)).save(shots / f"svg-resvg-{preset}-{key}.png")
    Image.fromarray(png.astype(np.uint8)).save(shots / f"svg-png-{preset}-{key}.png")
    difference = np.abs(picture - png)
    assert difference.mean() < MEAN_DIFF, f"{key}: resvg's render of the SVG is not the PNG"
    boxes = text_boxes(data)
    mask = text_mask(boxes, png.shape)
    assert mask.any(), "no text found in the SVG"
    assert difference[mask].mean() < TEXT_DIFF, f"{key}: text renders differently"
    assert difference[~mask].mean() < MEAN_DIFF
    moved = text_placement(png, picture, boxes)
    assert len(moved) >= 0.6 * len(boxes), "most labels should be compared"
    assert max(moved) <= PLACED_PX, f"{key}: labels moved {sorted(moved)[-5:]} px"


@pytest.mark.parametrize("key", ["network", "training", "distributions"])
def test_labels_stay_in_place_with_another_font(key, qtbot, shots):
    """A browser without the app's font takes another from the stack: each label is fitted to Qt's width
    (textLength), so it still starts and ends where the app put it."""
    if "DejaVu Serif" not in QFontDatabase.families():
        pytest.skip("needs a second font family (DejaVu Serif) installed")
    view = shown_view(qtbot, dict(VIEWS)[key], "xor_2_2_1")
    png = pixels(export.render_image(view))
    data = export.svg_bytes(view)
    picture = render(data, style_sheet="text { font-family: 'DejaVu Serif' }")
    Image.fromarray(picture.astype(np.uint8)).save(shots / f"svg-resvg-serif-{key}.png")
    boxes = text_boxes(data)
    moved = text_placement(png, picture, boxes)
    assert len(moved) >= 0.6 * len(boxes)
    # measured: ≤ 2 px, 97–100 % of the labels ≤ 1 px; without textLength up to 8 px
    assert max(moved) <= 2 and np.mean(np.array(moved) <= 1) >= 0.9, f"labels moved {sorted(moved)[-5:]} px"


def test_svg_is_portable_markup(qtbot):
    """Real font stacks (Korean-capable, a generic family last), one text run per label with Qt's width,
    no SVG 2 non-scaling strokes, and a size in pixels."""
    view = shown_view(qtbot, dict(VIEWS)["training"], "xor_2_2_1")
    root = ET.fromstring(export.svg_bytes(view))
    assert (root.get("width"), root.get("height")) == ("1000", "640")
    families = {e.get("font-family") for e in root.iter() if e.get("font-family")}
    assert families
    for family in families:
        names = [name.strip().strip("'") for name in family.split(",")]
        assert names[-1] in ("sans-serif", "serif", "monospace"), family
        assert "Sans Serif" not in names and "Noto Sans CJK KR" in names
        assert names.index("Noto Sans CJK KR") < len(names) - 1
    texts = list(root.iter(f"{SVG_NS}text"))
    assert texts and all(float(t.get("textLength")) > 0 and t.get("lengthAdjust") == "spacingAndGlyphs"
                         for t in texts if (t.text or "").strip())
    assert not [e for e in root.iter() if e.get("vector-effect") == "non-scaling-stroke"]


def test_each_neuron_heatmap_is_its_own_picture(qtbot):
    """A layer's neurons share one pixmap, each drawing its part; QSvgGenerator ignores the part and would
    embed the whole strip squeezed into every neuron. Each square neuron gets a square picture."""
    view = shown_view(qtbot, dict(VIEWS)["network"], "xor_2_2_1")
    images = [e for e in ET.fromstring(export.svg_bytes(view)).iter(f"{SVG_NS}image")
              if e.get("width") == e.get("height")]
    assert len(images) >= 5  # 2 inputs, 2 hidden, 1 output
    for image in images:
        data = base64.b64decode(image.get("{http://www.w3.org/1999/xlink}href").split(",", 1)[1])
        width, height = Image.open(io.BytesIO(data)).size
        assert width == height, f"a {width}×{height} picture in a square neuron"


def test_hangul_labels_get_a_korean_capable_family(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(QLabel("손실 L — 학습 단계"))
    host.resize(300, 60)
    host.show()
    root = ET.fromstring(export.svg_bytes(host))
    runs = [t for t in root.iter(f"{SVG_NS}text") if (t.text or "").strip()]  # Qt splits runs by font
    assert "".join(t.text for t in runs) == "손실 L — 학습 단계"
    for run in runs:
        assert "'Noto Sans CJK KR'" in run.get("font-family") and "'NanumGothic'" in run.get("font-family")
        assert float(run.get("textLength")) > 0


def test_font_stack_keeps_real_families_and_maps_qt_aliases():
    assert svg.font_stack("Sans Serif", "DejaVu Sans").startswith("'DejaVu Sans', 'Noto Sans'")
    assert svg.font_stack("Sans Serif").endswith("'Apple SD Gothic Neo', sans-serif")
    assert svg.font_stack("Monospace", "DejaVu Sans Mono").endswith("monospace")
    assert svg.font_stack("Cantarell", "Cantarell").startswith("'Cantarell', 'DejaVu Sans'")
    assert svg.font_stack("Ubuntu", "DejaVu Sans").startswith("'DejaVu Sans', 'Ubuntu'")


def test_landscape_heatmap_stays_inside_its_plot(qtbot, shots):
    """Zoomed in, the heatmap reaches far past the axes; in resvg's render of the SVG (as in the PNG) it
    is cut at the plot's edges: hiding it changes nothing outside the plot area."""
    view = shown_view(qtbot, dict(VIEWS)["landscape"], "xor_2_2_1")
    view.plot.setRange(xRange=(-0.4, 0.4), yRange=(-0.4, 0.4), padding=0)
    with_map = render(export.svg_bytes(view))
    view.image.hide()
    without_map = render(export.svg_bytes(view))
    view.image.show()
    Image.fromarray(with_map.astype(np.uint8)).save(shots / "svg-resvg-landscape-zoomed.png")
    box = view.plot.getViewBox()
    graph = box.scene().views()[0]
    rect = graph.mapFromScene(box.sceneBoundingRect()).boundingRect()
    rect.translate(graph.viewport().mapTo(view, graph.viewport().rect().topLeft()))
    inside = np.zeros(with_map.shape[:2], bool)
    inside[rect.top() - 1:rect.bottom() + 2, rect.left() - 1:rect.right() + 2] = True
    # heatmap pixels: changed by the heatmap, and coloured (the grey glyphs of the rotated axis label come
    # out a few levels apart in the two renders)
    changed = (np.abs(with_map - without_map).max(axis=2) > 8) & (np.ptp(with_map, axis=2) > 20)
    assert changed[inside].mean() > 0.5, "the heatmap is drawn in the plot"
    assert not changed[~inside].any(), f"heatmap pixels outside the plot: {np.argwhere(changed & ~inside)[:5]}"


QT_LIKE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="26.4583mm" height="13.2292mm" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink" version="1.2" baseProfile="tiny">
<g fill="none" stroke="black">
<g fill="#0b1c2d" fill-opacity="0.00392157" stroke="none" transform="matrix(1,0,0,1,10,5)"><rect x="0" y="0" width="50" height="40"/></g>
<g fill="none" stroke="#0877bd" stroke-width="2" transform="matrix(10,0,0,-100,10,45)" font-family="Sans Serif">
<polyline fill="none" vector-effect="non-scaling-stroke" points="0,0 2,0.2 " />
<path vector-effect="non-scaling-stroke" fill-rule="evenodd" d="M0,0 L1,0.1 C2,0.2 3,0.3 4,0.4 Z"/>
<rect vector-effect="non-scaling-stroke" x="0" y="0" width="1" height="0.1"/>
<image x="0" y="0" width="1" height="1" xlink:href="data:image/png;base64,"/>
</g>
<g fill="#0b1c2e" fill-opacity="0.00392157" stroke="none" transform="matrix(1,0,0,1,10,5)"><rect x="0" y="0" width="50" height="40"/></g>
<g fill="#000000" stroke="none" transform="matrix(1,0,0,1,0,0)" font-family="Sans Serif" font-size="12">
<text fill="#000000" xml:space="preserve" x="1" y="12" font-family="Sans Serif" font-size="12" font-weight="700"
 font-style="normal">axis</text>
</g>
</g>
</svg>
"""


def test_tidy_maps_cosmetic_strokes_to_pixels():
    root = ET.fromstring(svg.tidy(QT_LIKE))
    assert (root.get("width"), root.get("height"), root.get("version")) == ("100", "50", "1.1")
    assert root.get("baseProfile") is None
    (polyline,) = root.iter(f"{SVG_NS}polyline")
    assert polyline.get("points") == "10,45 30,25" and polyline.get("vector-effect") is None
    (path,) = root.iter(f"{SVG_NS}path")
    assert path.get("d") == "M10,45 L20,35 C30,25 40,15 50,5 Z"
    rect_polygon = list(root.iter(f"{SVG_NS}polygon"))
    assert [p.get("points") for p in rect_polygon] == ["10,45 20,45 20,35 10,35"]
    (image,) = root.iter(f"{SVG_NS}image")
    assert image.get("transform") == "matrix(10,0,0,-100,10,45)"  # not a stroke: keeps its mapping
    group = next(g for g in root.iter(f"{SVG_NS}g") if g.get("stroke") == "#0877bd")
    assert group.get("transform") is None


def test_tidy_clips_what_lies_between_markers_and_removes_them():
    root = ET.fromstring(svg.tidy(QT_LIKE))
    assert not [g for g in root.iter(f"{SVG_NS}g") if g.get("fill") in (svg.CLIP_OPEN, svg.CLIP_CLOSE)]
    (clip,) = root.iter(f"{SVG_NS}clipPath")
    (rect,) = clip
    assert [rect.get(k) for k in ("x", "y", "width", "height", "transform")] == \
        ["0", "0", "50", "40", "matrix(1,0,0,1,10,5)"]
    (clipped,) = [g for g in root.iter(f"{SVG_NS}g") if g.get("clip-path")]
    assert clipped.get("clip-path") == f"url(#{clip.get('id')})"
    assert [e.tag for e in clipped] == [f"{SVG_NS}g"] and list(clipped.iter(f"{SVG_NS}polyline"))
    assert not list(clipped.iter(f"{SVG_NS}text")), "the text after the closing marker is not clipped"


def test_tidy_fits_text_to_qt_widths_and_names_real_families():
    measured = []

    def width(text, family, size, weight, italic):
        measured.append((text, family, size, weight, italic))
        return 23.5

    root = ET.fromstring(svg.tidy(QT_LIKE, width, lambda family: "DejaVu Sans"))
    (text,) = root.iter(f"{SVG_NS}text")
    assert measured == [("axis", "Sans Serif", 12.0, 700, False)]
    assert (text.get("textLength"), text.get("lengthAdjust")) == ("23.5", "spacingAndGlyphs")
    assert text.get("font-family").startswith("'DejaVu Sans', 'Noto Sans'")
    assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


SPLIT_RUNS = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40"><g font-family="Sans Serif" font-size="12">
<text xml:space="preserve" x="0" y="20">손실</text><text xml:space="preserve" x="22.5" y="20"> </text>
<text xml:space="preserve" x="26.3" y="20">L — </text><text xml:space="preserve" x="60" y="20">far</text>
<text xml:space="preserve" x="70" y="30">below</text></g></svg>""".encode()


def test_tidy_joins_the_runs_qt_split_one_label_into():
    """Runs that continue each other (x where the last ended, same style) become one run over their widths;
    a run elsewhere stays apart."""
    widths = {"손실": 22.5, " ": 3.8, "L — ": 20.0, "far": 10.0, "below": 25.0}
    root = ET.fromstring(svg.tidy(SPLIT_RUNS, lambda text, *_: widths[text]))
    runs = [(t.text, t.get("x"), t.get("textLength")) for t in root.iter(f"{SVG_NS}text")]
    assert runs == [("손실 L — ", "0", "46.3"), ("far", "60", "10"), ("below", "70", "25")]
