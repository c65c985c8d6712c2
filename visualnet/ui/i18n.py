"""The app's language: which one (``--lang``, ``VISUALNET_LANG``, the system locale), Qt's translators for
it, the core's translation hook, and the bundled Hangul font that makes Korean readable on any machine.

Strings are marked for Qt's ``pyside6-lupdate`` where they are written (``self.tr``,
``QCoreApplication.translate``, ``QT_TRANSLATE_NOOP`` for tables); the catalogue is
``visualnet/translations/visualnet_ko.ts`` and its compiled ``.qm`` beside it
(``python -m visualnet.translations.update`` refreshes both). Texts the core and the lesson presets hold
as data are listed for lupdate in :mod:`visualnet.translations.core_texts` and translated here by :func:`core_text`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from visualnet.core import i18n as core_i18n

# QtGui is imported where fonts are registered: `visualnet presets` runs on servers without its libraries

LANGUAGES = {"en": "English", "ko": "한국어"}  # each in its own language, as a language menu shows them
DEFAULT = "en"
ENVIRONMENT = "VISUALNET_LANG"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
HANGUL_FONTS = ("VisualnetHangul-Regular.ttf", "VisualnetHangul-Bold.ttf")
HANGUL_FAMILY = "Visualnet Hangul"  # a subset of NanumGothic (OFL), renamed as the licence asks
CORE_CONTEXT = "CoreTexts"  # the context of the generated module's texts

_language = DEFAULT
_installed = False
_translators: list[QTranslator] = []
_hangul_family: str | None = None


def normalize(value: str | None) -> str | None:
    """"ko", "ko_KR.UTF-8", "KO-kr" → "ko"; None or "" → None; an unknown language raises ValueError."""
    if not value or not value.strip():
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if code in ("c", "posix"):
        return "en"
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}; choose one of: {', '.join(LANGUAGES)}")
    return code


def choose(requested: str | None = None) -> str:
    """The language to use: ``requested`` (``--lang``), else ``$VISUALNET_LANG``, else the system locale."""
    for value in (requested, os.environ.get(ENVIRONMENT)):
        code = normalize(value)
        if code is not None:
            return code
    return "ko" if QLocale.system().language() == QLocale.Korean else DEFAULT


def current() -> str:
    return _language


def installed() -> bool:
    """Whether :func:`install` ran: a window built without it installs English (its plural forms)."""
    return _installed




def install(language: str) -> str:
    """Translate the app (and Qt's own dialogs, and the core's captions) into ``language`` from now on.

    Installing a translator sends every widget a ``LanguageChange`` event; the main window retranslates
    itself when asked (:meth:`visualnet.ui.app.MainWindow.set_language`)."""
    global _language, _installed
    language = normalize(language) or DEFAULT
    app = QCoreApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    catalogues = [(f"visualnet_{language}", TRANSLATIONS_DIR)]  # English: its plural forms only
    if language != DEFAULT:
        catalogues.append((f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)))
    for name, folder in catalogues:
        translator = (_AppTranslator if name.startswith("visualnet") else QTranslator)(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _translators.append(translator)
    register_fonts()  # English too: the language menu names 한국어 in Hangul
    _language, _installed = language, True
    core_i18n.install(QCoreApplication.translate)
    return language


class _AppTranslator(QTranslator):
    """The app's catalogue, looked up under the empty context when a text is not under the one asked for.

    lupdate files a call it sees as a bare ``tr("…")`` under the empty context, whatever context the helper
    behind it passes at run time: a module's own ``tr`` (a view package's, the core's captions and
    gradient-check reasons) would otherwise never be found. A text under its own context still wins."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        found = super().translate(context, source_text, disambiguation, n)
        if not found and context:
            found = super().translate("", source_text, disambiguation, n)
        return found or None  # None: not here (Qt takes an empty text for a translation)


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate ``text`` outside a QObject (functions, tables marked with ``QT_TR_NOOP``). lupdate files a
    bare ``tr("…")`` under the empty context, so that is where it is looked up."""
    return QCoreApplication.translate("", text, disambiguation, n)


def core_text(text: str) -> str:
    """A text the core or a preset holds as data (a description, a lesson's first step), translated."""
    return QCoreApplication.translate(CORE_CONTEXT, text) if text else text


def register_fonts() -> str | None:
    """Register the bundled Hangul font and make it every family's fallback for the glyphs it lacks, so
    Korean renders on a machine without a Korean font (on screen, offscreen, in PNG and SVG exports).

    Returns the family name (None when the font files are missing)."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

    global _hangul_family
    if _hangul_family is not None or QGuiApplication.instance() is None:
        return _hangul_family
    families = []
    for name in HANGUL_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    family = families[0]
    # Substitutions are a family's fallback list: used only for characters the family has no glyph for. An
    # alias ("Sans Serif", "Monospace", a missing "Arial") names no font of its own: Qt would take its first
    # substitute for everything, Latin text included (the subset's metrics and punctuation, and the SVG
    # export would name it as the font drawn). So an alias gets the font it stands for first.
    names = {*QFontDatabase.families(), "Sans Serif", "Sans", "Serif", "Monospace", "Helvetica", "Arial",
             QGuiApplication.font().family()} - {family}
    drawn_with = {name: QFontInfo(QFont(name)).family() for name in names}
    for name in names:
        chain = [drawn_with[name]] if drawn_with[name] not in (name, family) else []
        for substitute in [*chain, family]:
            if substitute not in QFont.substitutes(name):
                QFont.insertSubstitution(name, substitute)
    _hangul_family = family
    return family


def hangul_family() -> str | None:
    return _hangul_family


def catalogue_translator(language: str):
    """``text → text`` for the core's and the presets' texts in ``language``, without a QApplication (for
    the command line's ``presets``)."""
    if normalize(language) in (None, DEFAULT):
        return lambda text: text
    translator = QTranslator()
    translator.load(f"visualnet_{normalize(language)}", str(TRANSLATIONS_DIR))
    return lambda text: translator.translate(CORE_CONTEXT, text) or text
