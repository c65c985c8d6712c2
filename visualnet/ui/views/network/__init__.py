"""The node graph view: scene items (items), their placement (layout) and the view mapping frames to them."""

from visualnet.ui.views.network.view import NetworkView

__all__ = ["NetworkView"]
