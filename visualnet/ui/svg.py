"""Make Qt's SVG render the same in browsers, Inkscape and other renderers as on screen (Qt-free).

``QSvgGenerator`` writes SVG Tiny 1.2 that only Qt renders faithfully:

- ``font-family="Sans Serif"``: a fontconfig alias that browsers don't know (they fall back to serif).
  Every family becomes a CSS stack: the font Qt really used, common Latin families, Korean-capable
  families (a translation will put Hangul here), then the generic family.
- Qt splits a label into one run per font it drew with (Hangul, Latin, the spaces between them): runs that
  continue each other in the same style are joined back into one, so no space is left alone in a run.
- Each text run is placed at the x where Qt's font metrics ended the previous run. Another font has
  other widths, so runs overlap or drift. Every run gets ``textLength`` = Qt's width, which renderers
  honour by stretching the run to exactly that width (``lengthAdjust="spacingAndGlyphs"``): with the
  same font nothing changes, with another one the label still starts, ends and centres where Qt put it.
- Cosmetic pens (pyqtgraph's curves) are written as ``vector-effect="non-scaling-stroke"`` inside a
  group whose transform maps data to pixels (y scaled by thousands): renderers without that SVG 2
  feature (resvg, librsvg, older Inkscape) draw a 2 px line thousands of pixels wide. Their
  coordinates are mapped to pixels here and the transform dropped, so no renderer has to know it.
- No clipping is written at all: a plot's heatmap or a curve past the axes spills over its neighbours.
  The exporter paints a pair of invisible marker rectangles around every clipped area (see
  :func:`visualnet.ui.export.svg_bytes`); what lies between a pair is wrapped in a ``clip-path``
  of the marker's rectangle.
- ``width``/``height`` in mm (from the DPI) become CSS pixels equal to the view box: the widget's size.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Latin families first (a renderer takes each glyph from the first family that has it), then families
# with Hangul, then the generic family that every renderer knows.
# The app's own Hangul subset (assets/fonts) comes first among them: Qt draws every Hangul glyph with it (it is
# every family's fallback, see visualnet.ui.i18n.register_fonts), so a renderer that has it matches the PNG.
APP_HANGUL = "Visualnet Hangul"
KOREAN_SANS = (APP_HANGUL, "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo")
SANS_STACK = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica", *KOREAN_SANS, "sans-serif")
SERIF_STACK = ("DejaVu Serif", "Noto Serif", "Liberation Serif", "Times New Roman",
               APP_HANGUL, "Noto Serif CJK KR", "Noto Serif KR", "NanumMyeongjo", "serif")
MONO_STACK = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Consolas", "Courier New",
              APP_HANGUL, "Noto Sans Mono CJK KR", "D2Coding", "monospace")
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
# Qt's and fontconfig's names for the generic families
_ALIASES = {"sans serif": SANS_STACK, "sans-serif": SANS_STACK, "sans": SANS_STACK, "helvetica": SANS_STACK,
            "serif": SERIF_STACK, "times": SERIF_STACK,
            "monospace": MONO_STACK, "mono": MONO_STACK, "courier": MONO_STACK, "typewriter": MONO_STACK}

# The exporter's clip markers: a rectangle filled with this colour at alpha 1/255 opens a clipped
# area, the same rectangle in the second colour closes it.
CLIP_OPEN, CLIP_CLOSE = "#0b1c2d", "#0b1c2e"

TextWidth = Callable[[str, str, float, int, bool], "float | None"]

_MATRIX = re.compile(r"^\s*matrix\(([^)]*)\)\s*$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ABSOLUTE_PATH = re.compile(r"^[\sMLCQZ0-9eE.,+-]*$")  # commands whose numbers are all x,y pairs


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def font_stack(family: str, resolved: str | None = None) -> str:
    """A CSS font-family list for one of Qt's family names: the family Qt really used (``resolved``),
    the family itself unless it is an alias of a generic one, then the matching fallback stack."""
    names = [name.strip().strip("'\"") for name in family.split(",")]
    stack = _ALIASES.get(names[0].lower(), SANS_STACK)
    first = [resolved] if resolved else []
    first += [n for n in names if n and n.lower() not in _ALIASES]
    ordered = list(dict.fromkeys(n for n in first + list(stack) if n))
    generic = [n for n in ordered if n in GENERIC_FAMILIES]
    ordered = [n for n in ordered if n not in GENERIC_FAMILIES] + (generic or [stack[-1]])
    return ", ".join(n if n in GENERIC_FAMILIES else f"'{n}'" for n in ordered)


# -- transforms ---------------------------------------------------------------------------------


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(value: str | None):
    if not value:
        return _IDENTITY
    match = _MATRIX.match(value)
    if not match:
        return None
    numbers = [float(n) for n in _NUMBER.findall(match.group(1))]
    return tuple(numbers) if len(numbers) == 6 else None


def _compose(outer, inner):
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _format_matrix(m) -> str:
    return "matrix(" + ",".join(f"{v:.6g}" for v in m) + ")"


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _pairs(text: str, m) -> str | None:
    numbers = [float(n) for n in _NUMBER.findall(text)]
    if len(numbers) % 2:
        return None
    return " ".join("{:.6g},{:.6g}".format(*_apply(m, x, y)) for x, y in zip(numbers[::2], numbers[1::2]))


def _mapped_path(d: str, m) -> str | None:
    """An absolute path (M, L, C, Q, Z only: every number is part of an x,y pair) mapped by ``m``."""
    if not _ABSOLUTE_PATH.match(d):
        return None
    parts = []
    for command, args in re.findall(r"([MLCQZ])([^MLCQZ]*)", d):
        mapped = _pairs(args, m) if args.strip() else ""
        if mapped is None:
            return None
        parts.append(f"{command}{mapped}")
    return " ".join(parts)


def _baked(element, m) -> dict | None:
    """The attributes that draw a non-scaling-stroke shape with its coordinates mapped by ``m``, or None
    if they can't be mapped (a relative or arc path, a rounded rect, its own transform)."""
    tag = _tag(element)
    if element.get("transform") is not None:
        return None
    if tag in ("polyline", "polygon"):
        points = _pairs(element.get("points", ""), m)
        return None if points is None else {"points": points}
    if tag == "path":
        d = _mapped_path(element.get("d", ""), m)
        return None if d is None else {"d": d}
    if tag == "rect" and not (element.get("rx") or element.get("ry")):
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        corners = [_apply(m, *p) for p in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
        return {"tag": f"{{{SVG_NS}}}polygon", "points": " ".join(f"{px:.6g},{py:.6g}" for px, py in corners)}
    return None


def _bake_cosmetic_strokes(root):
    """Drop the transform of every group that draws non-scaling strokes: their coordinates are mapped
    to the group's parent space, and the group's other children get the transform themselves."""
    for group in root.iter(f"{{{SVG_NS}}}g"):
        m = _matrix(group.get("transform"))
        if m is None or group.get("transform") is None:
            continue
        children = list(group)
        baked = {id(c): _baked(c, m) for c in children if c.get("vector-effect") == "non-scaling-stroke"}
        others = {id(c): _matrix(c.get("transform")) for c in children if id(c) not in baked}
        if not baked or None in baked.values() or None in others.values():
            continue
        for child in children:
            if id(child) in baked:
                attributes = baked[id(child)]
                if "tag" in attributes:  # a rect becomes a polygon
                    child.tag = attributes.pop("tag")
                    for name in ("x", "y", "width", "height"):
                        child.attrib.pop(name, None)
                child.attrib.update(attributes)
                del child.attrib["vector-effect"]
            else:
                child.set("transform", _format_matrix(_compose(m, others[id(child)])))
        del group.attrib["transform"]


# -- text -------------------------------------------------------------------------------------------


def _fit_text(root, text_width: TextWidth | None, resolved: Callable[[str], str | None] | None):
    """Give every text run Qt's width, and every family a font stack."""

    def visit(element, style):
        own = {k: element.get(k) for k in ("font-family", "font-size", "font-weight", "font-style")
               if element.get(k) is not None}
        style = {**style, **own}
        if _tag(element) == "text" and text_width is not None and element.get("textLength") is None:
            text = "".join(element.itertext())
            try:
                size = float(style.get("font-size", "0"))
                weight = int(style.get("font-weight", "400"))
            except ValueError:
                size, weight = 0.0, 400
            if text and size > 0 and not list(element):
                width = text_width(text, style.get("font-family", "sans-serif"), size, weight,
                                   style.get("font-style", "normal") in ("italic", "oblique"))
                if width and width > 0:
                    element.set("textLength", f"{width:.6g}")
                    element.set("lengthAdjust", "spacingAndGlyphs")
        for child in element:
            visit(child, style)

    visit(root, {})
    _join_runs(root)
    stacks = {}  # every group repeats the family: resolve each name once
    for element in root.iter():
        family = element.get("font-family")
        if family is not None:
            if family not in stacks:
                stacks[family] = font_stack(family, resolved(family) if resolved else None)
            element.set("font-family", stacks[family])


def _join_runs(root):
    """Join the runs Qt split one label into (one per font it drew with: Hangul, the Latin letters, the
    spaces between them) back into one run: a space alone in a run is a text node of blanks that tools
    drop, and one run per label lets a renderer place the glyphs of one line as one line."""
    for parent in list(root.iter()):
        previous, end = None, None
        for child in list(parent):
            length = child.get("textLength")
            if _tag(child) != "text" or length is None or list(child) or child.get("x") is None:
                previous = None
                continue
            x, width = float(child.get("x")), float(length)
            if previous is not None and abs(x - end) < 0.5 and _same_style(previous, child):
                previous.text = (previous.text or "") + (child.text or "")
                previous.tail = child.tail
                parent.remove(child)
                previous.set("textLength", f"{x + width - float(previous.get('x')):.6g}")
            else:
                previous = child
            end = x + width


def _same_style(a, b) -> bool:
    ignored = {"x", "textLength"}
    return {k: v for k, v in a.attrib.items() if k not in ignored} == \
        {k: v for k, v in b.attrib.items() if k not in ignored}


# -- clipping ------------------------------------------------------------------------------------


def _marker_rect(group):
    """(colour, (x, y, w, h), transform) of a clip marker group, or None if ``group`` is not one."""
    fill = (group.get("fill") or "").lower()
    if _tag(group) != "g" or fill not in (CLIP_OPEN, CLIP_CLOSE):
        return None
    shapes = list(group)
    if len(shapes) != 1 or _tag(shapes[0]) != "rect":
        return None
    rect = shapes[0]
    return (fill, tuple(float(rect.get(k, 0)) for k in ("x", "y", "width", "height")),
            group.get("transform"))


def _apply_clip_markers(root):
    """Wrap what lies between each pair of markers in a ``<g clip-path>``; remove the markers."""
    defs = root.find(f"{{{SVG_NS}}}defs")
    if defs is None:
        defs = ET.Element(f"{{{SVG_NS}}}defs")
        root.insert(0, defs)
    clips = 0
    for parent in list(root.iter()):
        children = list(parent)
        if not any(_marker_rect(c) for c in children):
            continue
        stack = []  # (index in new_children, clip id) of the open markers
        new_children = []
        for child in children:
            marker = _marker_rect(child)
            if marker is None:
                new_children.append(child)
                continue
            kind, (x, y, w, h), transform = marker
            if kind == CLIP_OPEN:
                clips += 1
                clip_id = f"visualnet-clip-{clips}"
                clip = ET.SubElement(defs, f"{{{SVG_NS}}}clipPath", id=clip_id, clipPathUnits="userSpaceOnUse")
                rect = ET.SubElement(clip, f"{{{SVG_NS}}}rect", x=f"{x:.6g}", y=f"{y:.6g}",
                                     width=f"{w:.6g}", height=f"{h:.6g}")
                if transform:
                    rect.set("transform", transform)
                stack.append((len(new_children), clip_id))
            elif stack:
                start, clip_id = stack.pop()
                wrapper = ET.Element(f"{{{SVG_NS}}}g", {"clip-path": f"url(#{clip_id})"})
                wrapper.extend(new_children[start:])
                del new_children[start:]
                new_children.append(wrapper)
        for child in children:
            parent.remove(child)
        parent.extend(new_children)


# -- the whole pass ------------------------------------------------------------------------------------


def tidy(svg: bytes, text_width: TextWidth | None = None,
         resolved_family: Callable[[str], str | None] | None = None) -> bytes:
    """Qt's SVG made portable (see the module's docstring).

    ``text_width(text, family, pixel_size, weight, italic)`` is the width Qt laid the run out with (its
    font metrics); ``resolved_family(family)`` the font Qt really drew a family name with. Without them
    text keeps its natural width and the stacks start with Qt's family name.
    """
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    view_box = [float(v) for v in _NUMBER.findall(root.get("viewBox", ""))]
    if len(view_box) == 4:
        root.set("width", f"{view_box[2]:.6g}")
        root.set("height", f"{view_box[3]:.6g}")
    root.set("version", "1.1")  # clip paths and textLength are SVG 1.1; the Tiny profile has no clipping
    root.attrib.pop("baseProfile", None)
    _bake_cosmetic_strokes(root)
    _fit_text(root, text_width, resolved_family)
    _apply_clip_markers(root)
    for text in root.iter(f"{{{SVG_NS}}}text"):
        text.set(_XML_SPACE, "preserve")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
