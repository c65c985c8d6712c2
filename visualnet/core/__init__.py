"""The NumPy engine: exact layers, losses, optimizers, surfaces, data sets and step traces.

Never imports the GUI toolkit or the plotting library (tests/test_import_contract.py enforces it).
"""

from visualnet.core import activations, datasets, losses, optimizers, surfaces
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network
from visualnet.core.trace import Player, Trace
from visualnet.core.trainer import Trainer

__all__ = ["ConfigError", "Network", "Player", "Trace", "Trainer", "activations", "datasets", "losses",
           "optimizers", "surfaces"]
