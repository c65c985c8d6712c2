"""The NumPy engine: exact layers, losses, optimizers, surfaces, data sets and step traces.

Never imports Qt or pyqtgraph (tests/test_import_contract.py enforces it).
"""

from visualnet.core.errors import ConfigError

__all__ = ["ConfigError"]
