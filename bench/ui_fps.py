"""Continuous play offscreen: frames/s and the longest event-loop stall of the main window.

A 2-8-8-8-8-1 tanh net on the spiral, neuron heatmaps on, at "1 step / frame" and at the fastest speed.
A 1 ms probe timer measures the event loop: any gap between its ticks longer than ~1 ms is a stall.

    QT_QPA_PLATFORM=offscreen python bench/ui_fps.py [--seconds 5]

Goal (issue 3): ≥ 60 frames/s and no stall > 50 ms on the 2-core machine (≥ 30 fps is the floor).
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from visualnet.ui.app import MainWindow
from visualnet.ui.controller import SPEEDS, Controller

EXPERIMENT = {
    "dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 8, "activation": "tanh"}] * 4 + [{"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 0},
    "optimizer": {"name": "adam", "lr": 0.01},
    "batch_size": 10,
}


def measure(app, window, speed_label, seconds):
    controller = window.controller
    controller.set_speed(next(i for i, s in enumerate(SPEEDS) if s[0] == speed_label))
    probe = QElapsedTimer()
    longest = [0.0]
    last = [0.0]

    def on_probe():
        now = probe.nsecsElapsed() / 1e6
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    probe_timer = QTimer()
    probe_timer.setInterval(1)
    probe_timer.timeout.connect(on_probe)
    frames_before, steps_before = controller.frames, controller.trainer.step_count
    probe.start()
    probe_timer.start()
    controller.play()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    controller.pause()
    probe_timer.stop()
    elapsed = time.perf_counter() - t0
    frames = controller.frames - frames_before
    steps = controller.trainer.step_count - steps_before
    print(f"{speed_label:20s} {frames / elapsed:8.1f} frames/s  {steps / elapsed:9.0f} steps/s  "
          f"longest stall {longest[0]:6.1f} ms")
    return frames / elapsed, longest[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    window = MainWindow(Controller(EXPERIMENT))
    window.resize(1280, 800)
    window.show()
    network_view = window.views["network"]
    window.tabs.setCurrentWidget(network_view)
    if hasattr(network_view, "set_heatmaps"):
        network_view.set_heatmaps(True)
    app.processEvents()
    print("2-8-8-8-8-1 tanh on spiral, neuron heatmaps on, window 1280×800 offscreen")
    results = [measure(app, window, label, args.seconds) for label in ("1 step / frame", "100 steps / frame")]
    fps = min(r[0] for r in results)
    stall = max(r[1] for r in results)
    print(f"\nworst: {fps:.1f} frames/s (goal ≥ 60, floor 30); longest stall {stall:.1f} ms (goal ≤ 50)")


if __name__ == "__main__":
    main()
