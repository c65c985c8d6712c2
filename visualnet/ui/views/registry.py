"""Which views the main window shows as tabs, in order: (key, tab title, factory(controller))."""


def views():
    from visualnet.ui.views.activations_view import ActivationsView
    from visualnet.ui.views.data_view import DataView
    from visualnet.ui.views.distributions_view import DistributionsView
    from visualnet.ui.views.gradients_view import GradientsView
    from visualnet.ui.views.landscape_view import LandscapeView
    from visualnet.ui.views.network_view import NetworkView
    from visualnet.ui.views.optimizer_view import OptimizerView
    from visualnet.ui.views.training_view import TrainingView

    return [
        ("network", "Network", NetworkView),
        ("data", "Data", DataView),
        ("training", "Training", TrainingView),
        ("activations", "Activations", ActivationsView),
        ("gradients", "Gradients", GradientsView),
        ("distributions", "Distributions", DistributionsView),
        ("optimizer", "Optimizers", OptimizerView),
        ("landscape", "Landscape", LandscapeView),
    ]
