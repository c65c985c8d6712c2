"""The Convolution tab: a conv layer forward and backward cell by cell, a padding/stride sandbox, pooling
and location invariance, and the feature maps of the trained network (issue 14)."""

from visualnet.ui.views.convolution.view import ConvolutionView

__all__ = ["ConvolutionView"]
