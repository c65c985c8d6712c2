"""Which views the main window shows as tabs, in order: (key, tab title, factory(controller))."""


def views():
    from visualnet.ui.views.data_view import DataView
    from visualnet.ui.views.landscape_view import LandscapeView
    from visualnet.ui.views.network_view import NetworkView
    from visualnet.ui.views.training_view import TrainingView

    return [
        ("network", "Network", NetworkView),
        ("data", "Data", DataView),
        ("training", "Training", TrainingView),
        ("landscape", "Landscape", LandscapeView),
    ]
