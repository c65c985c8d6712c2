"""Which views the main window shows as tabs, in order, and the CLI exports: one list for both.

Views are named as ``"module:Class"`` and imported only when built: the CLI parses its arguments
without importing Qt, and the registry itself imports no view (the views stay independent modules).
"""

from __future__ import annotations

from importlib import import_module

VIEWS = (  # (key, tab title, "module:Class")
    ("network", "Network", "visualnet.ui.views.network:NetworkView"),
    ("data", "Data", "visualnet.ui.views.data_view:DataView"),
    ("training", "Training", "visualnet.ui.views.training_view:TrainingView"),
    ("activations", "Activations", "visualnet.ui.views.activations_view:ActivationsView"),
    ("gradients", "Gradients", "visualnet.ui.views.gradients_view:GradientsView"),
    ("distributions", "Distributions", "visualnet.ui.views.distributions_view:DistributionsView"),
    ("optimizer", "Optimizers", "visualnet.ui.views.optimizer_view:OptimizerView"),
    ("landscape", "Landscape", "visualnet.ui.views.landscape_view:LandscapeView"),
)


def names() -> tuple[str, ...]:
    """The view keys in tab order, without importing any view."""
    return tuple(key for key, _title, _target in VIEWS)


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
