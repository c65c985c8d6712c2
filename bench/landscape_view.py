"""The landscape view while its worker computes: the longest event-loop gap during the default 11→26→51→101
refinement, and how long a running 201×201 slice takes to stop after Cancel. Prints both; asserts nothing
(the tests check what is drawn, this checks how fast).

    QT_QPA_PLATFORM=offscreen python bench/landscape_view.py [--rounds 3]

Goals (moved here from tests/ui/test_landscape_view.py): longest gap < 100 ms (the design's budget is 50 ms),
cancelled within 0.3 s, on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from visualnet.ui.controller import Controller
from visualnet.ui.views.landscape_view import LandscapeView

SPIRAL = {"dataset": {"name": "spiral", "n": 400, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
          "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "he", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}


def run_until(app, condition, timeout_s=30.0):
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the landscape worker did not finish")
        app.processEvents()
        time.sleep(0.001)


def longest_gap_ms(app, view) -> float:
    """A 5 ms probe timer ticks while the default landscape computes: its longest gap is the worst stall."""
    clock = QElapsedTimer()
    ticks = []
    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    clock.start()
    probe.start()
    run_until(app, lambda: len(ticks) >= 4)
    view.request("random")
    run_until(app, lambda: not view.worker_busy())
    start = len(ticks)
    run_until(app, lambda: len(ticks) >= start + 4)
    probe.stop()
    assert view.last_grid()[2].shape == (101, 101)
    return float(np.max(np.diff(ticks)))


def cancel_seconds(app, view) -> float:
    view.request("random", resolutions=(201,))  # 40,401 points
    run_until(app, lambda: view._incoming is not None)  # the worker is slicing
    t0 = time.perf_counter()
    view.cancel()
    run_until(app, lambda: not view.worker_busy())
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    controller = Controller(SPIRAL)
    view = LandscapeView(controller)
    view.auto.setChecked(False)
    view.resize(1280, 800)
    view.show()
    controller.run_steps(100)
    run_until(app, lambda: not view.worker_busy())
    gaps = [longest_gap_ms(app, view) for _ in range(args.rounds)]
    stops = [cancel_seconds(app, view) for _ in range(args.rounds)]
    print(f"longest event-loop gap during a 101×101 landscape: worst {max(gaps):.1f} ms of {args.rounds} rounds "
          f"(goal < 100 ms)")
    print(f"a running 201×201 slice stopped after Cancel in: worst {max(stops):.3f} s (goal < 0.3 s)")
    view.worker.shutdown()


if __name__ == "__main__":
    main()
