"""The Korean catalogue is Qt's own (.ts by pyside6-lupdate, .qm by pyside6-lrelease) and up to date with the
code; the bundled Hangul font covers every character of it and renders as Hangul, not as boxes.

When one of these fails: ``python -m visualnet.translations.update`` (``--font`` too when a translation
brought new syllables), translate what it lists as unfinished, and run it again (see the README)."""

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

from visualnet.translations import update
from visualnet.ui import export, i18n

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|<[^<>]+>")
NEEDS_LUPDATE = pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="PySide6's tools are missing")


def translations(ts: Path) -> dict:
    """(context, source) → [translated forms] of a catalogue, with each message's state."""
    out = {}
    for key, message in update.messages(ts).items():
        element = message.find("translation")
        forms = [f.text or "" for f in element.iter("numerusform")] or [element.text or ""]
        out[key] = (element.get("type"), forms)
    return out


def test_the_generated_module_lists_the_presets_and_the_core_tables():
    assert update.CORE_TEXTS.read_text(encoding="utf-8") == update.core_texts_source(), \
        "stale: run python -m visualnet.translations.update"


@NEEDS_LUPDATE
@pytest.mark.parametrize("language, plural_only", [("ko", False), ("en", True)])
def test_the_catalogue_has_every_string_of_the_code_and_no_other(language, plural_only, tmp_path):
    fresh = tmp_path / f"fresh_{language}.ts"
    update.lupdate(fresh, plural_only=plural_only)
    in_code, in_catalogue = set(update.messages(fresh)), set(update.messages(update.catalogue(language)))
    assert len(in_code) > (100 if language == "ko" else 2)
    assert sorted(in_code - in_catalogue) == [], "strings the catalogue lacks: run the update"
    assert sorted(in_catalogue - in_code) == [], "strings the code no longer has: run the update"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_translation_is_finished_and_keeps_the_placeholders(language):
    for (context, source), (state, forms) in translations(update.catalogue(language)).items():
        assert state != "unfinished" and all(forms), f"{context}: {source!r} is not translated"
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), (context, source, form)
            assert form.count("\n") == source.count("\n"), (context, source)
            if re.search(r"&\w", source):  # a menu's accelerator: Korean menus write it after the word, 파일(&F)
                assert re.search(r"&\w", form), (context, source)


def test_korean_translations_are_korean():
    """Every Korean form has Hangul, except the deliberate ones: names and formulas the notes keep in Latin."""
    kept = {"act′ = act (σ′ = σ)", "{kind} {k}×{k}", "{kind} {n}: {k}×{k}, S = {s}", "{name} {k}×{k}, S = {s}",
            "Δw = {d}  ({b} → {a})", "XOR", "Rosenbrock", "Beale", "Himmelblau", "Booth", "Rastrigin"}
    for (context, source), (_state, forms) in translations(update.catalogue("ko")).items():
        for form in forms:
            assert any(update.is_hangul(c) for c in form) or form in kept, (context, source, form)


@NEEDS_LUPDATE
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_committed_qm_is_compiled_from_the_ts(language, tmp_path):
    compiled = tmp_path / f"visualnet_{language}.qm"
    update.lrelease(update.catalogue(language), compiled)
    assert compiled.read_bytes() == update.catalogue(language, "qm").read_bytes(), "run the update to recompile"


def test_the_qm_files_are_package_data():
    pyproject = (update.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"visualnet.translations" = ["*.qm"' in pyproject


def test_the_bundled_font_has_every_hangul_character_of_the_catalogue():
    from fontTools.ttLib import TTFont

    needed = update.hangul_in_translations()
    assert len(needed) > 300
    for name in i18n.HANGUL_FONTS:
        font = TTFont(i18n.FONT_DIR / name)
        missing = sorted(needed - {chr(code) for code in font.getBestCmap()})
        assert missing == [], f"{name} lacks {''.join(missing)}: run the update with --font"
        names = {record.nameID: str(record) for record in font["name"].names}
        assert names[1] == i18n.HANGUL_FAMILY and "Nanum" not in names[1] + names[4] + names[6]  # OFL: renamed
    assert "SIL Open Font License" in (i18n.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_a_helper_with_its_own_context_finds_what_lupdate_filed_under_the_empty_one(qapp):
    """A module's ``tr`` helper passes its own context at run time, but lupdate files the bare ``tr("…")`` it
    sees under the empty context: the app's translator looks there too. A text under its own context wins,
    and English keeps the source texts (a translator's "not here" must not come back as an empty text)."""
    catalogue = {key: "".join(m.find("translation").itertext()).strip()
                 for key, m in update.messages(update.catalogue("ko")).items()}
    i18n.install("ko")
    try:
        assert QCoreApplication.translate("SomeViewsOwnContext", "input") == catalogue[("", "input")]
        for (context, source), korean in catalogue.items():
            if context and catalogue.get(("", source), korean) != korean:  # e.g. "input": 입력 here, 입력층 there
                assert QCoreApplication.translate(context, source) == korean
    finally:
        i18n.install("en")
    assert QCoreApplication.translate("Views", "Data") == "Data"
    assert QCoreApplication.translate("SomeViewsOwnContext", "input") == "input"


def _render(text: str, family: str | None = None) -> np.ndarray:
    image = QImage(240, 48, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(family) if family else QFont()
    font.setPixelSize(24)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignCenter, text)
    painter.end()
    return export.image_array(image)[..., :3].astype(int)


@pytest.mark.parametrize("family", [None, "DejaVu Sans", "Sans Serif", "Monospace"])
def test_a_hangul_label_renders_as_hangul_not_as_missing_glyph_boxes(qapp, family):
    """The same number of characters no font has (private use) is what tofu looks like: Hangul differs from it,
    in the app's default font and in the families the views ask for, on a machine without a Korean font."""
    assert i18n.register_fonts() == i18n.HANGUL_FAMILY
    assert i18n.HANGUL_FAMILY in QFontDatabase.families()  # (fontconfig files a subset under no language)
    hangul, tofu = _render("가중치 편향", family), _render("\ue000\ue001\ue002 \ue003\ue004", family)
    assert (hangul < 128).any()
    assert np.abs(hangul - tofu).mean() > 2.0


def test_presets_are_listed_in_korean_on_the_command_line():
    result = subprocess.run(["python3", "-m", "visualnet", "presets", "--lang", "ko"], capture_output=True,
                            text=True, check=True, timeout=60)
    line = next(row for row in result.stdout.splitlines() if row.startswith("xor_2_2_1"))
    assert "은닉층" in line and "XOR" in line
