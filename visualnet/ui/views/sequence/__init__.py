"""The Sequence tab (issue 15): recurrent networks unrolled in time, forward and backward through time."""

from visualnet.ui.views.sequence.view import SequenceView

__all__ = ["SequenceView"]
