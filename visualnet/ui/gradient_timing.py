"""Run ▸ "Time numerical gradient vs backprop", off the GUI thread and off the lesson.

The measurement runs on a clone of the network and a copy of the batch on screen (or the first
training points), so the live session stays byte-identical: no batch is drawn from the trainer, no
batch-norm statistic moves. The numerical gradient costs two loss evaluations per parameter — minutes
on MNIST — so it reports progress and stops when cancelled.
"""

from __future__ import annotations

import numpy as np

from visualnet.core.analysis import time_gradients
from visualnet.ui.thread_job import ProgressJob


class GradientTiming(ProgressJob):
    """One measurement at a time; ``progress(done, total)``, then ``finished(result)``, ``cancelled()`` or
    ``failed(message)`` — always exactly one of the three, last."""

    def start(self, controller):
        """Measure on the traced batch of ``controller`` (or its first training points)."""
        trace, trainer = controller.trace, controller.trainer
        if trace is not None:
            x, t = np.array(trace.batch_x), np.array(trace.batch_t)
        else:
            n = trainer.batch_size
            x, t = np.array(trainer.x_train[:n]), np.array(trainer.t_train[:n])
        net = controller.net.clone()

        def measure(progress):
            result = time_gradients(net, x, t, progress=progress)
            result["batch"] = len(x)
            return result

        super().start(measure)
