"""visualnet: a desktop app that makes neural networks visible."""

__version__ = "0.1.0"
