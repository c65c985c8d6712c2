"""Which views the main window shows as tabs, in order, and the CLI exports: one list for both.

Views are named as ``"module:Class"`` and imported only when built: the CLI parses its arguments
without importing Qt, and the registry itself imports no view (the views stay independent modules).
Tab titles are marked for Qt's lupdate (context "Views") and translated by :func:`title`.
"""

from __future__ import annotations

from importlib import import_module


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a tab title for lupdate without importing Qt (the CLI imports this module)."""
    return text


VIEWS = (  # (key, tab title, "module:Class")
    ("network", QT_TRANSLATE_NOOP("Views", "Network"), "visualnet.ui.views.network:NetworkView"),
    ("data", QT_TRANSLATE_NOOP("Views", "Data"), "visualnet.ui.views.data_view:DataView"),
    ("training", QT_TRANSLATE_NOOP("Views", "Training"), "visualnet.ui.views.training_view:TrainingView"),
    ("activations", QT_TRANSLATE_NOOP("Views", "Activations"), "visualnet.ui.views.activations_view:ActivationsView"),
    ("gradients", QT_TRANSLATE_NOOP("Views", "Gradients"), "visualnet.ui.views.gradients_view:GradientsView"),
    ("distributions", QT_TRANSLATE_NOOP("Views", "Distributions"), "visualnet.ui.views.distributions_view:DistributionsView"),
    ("optimizer", QT_TRANSLATE_NOOP("Views", "Optimizers"), "visualnet.ui.views.optimizer_view:OptimizerView"),
    ("landscape", QT_TRANSLATE_NOOP("Views", "Landscape"), "visualnet.ui.views.landscape_view:LandscapeView"),
    ("sequence", QT_TRANSLATE_NOOP("Views", "Sequence"), "visualnet.ui.views.sequence:SequenceView"),
    ("convolution", QT_TRANSLATE_NOOP("Views", "Convolution"), "visualnet.ui.views.convolution:ConvolutionView"),
)


def names() -> tuple[str, ...]:
    """The view keys in tab order, without importing any view."""
    return tuple(key for key, _title, _target in VIEWS)


def title(key: str) -> str:
    """The tab title of ``key`` in the user's language (imports Qt: for the app and the exports only)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Views", {k: t for k, t, _target in VIEWS}[key])


def factory(key: str):
    """The view class for ``key`` (called with the controller to build the view)."""
    targets = {k: target for k, _title, target in VIEWS}
    if key not in targets:
        raise KeyError(f"no view {key!r}; choose one of: {', '.join(names())}")
    module, name = targets[key].split(":")
    return getattr(import_module(module), name)


def views():
    """(key, tab title, factory(controller)) for every view, in tab order; imports them all."""
    return [(key, title, factory(key)) for key, title, _target in VIEWS]
