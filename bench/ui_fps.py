"""Live training in the whole main window (1280×800, network tab, every neuron heatmap on), offscreen:
frames drawn per second, training steps per second and the longest event-loop stall — against TF
Playground measured in the same run (``../shared/anchors/playground_anchor.py``, headless Chromium) and
against each preset's core alone.

    QT_QPA_PLATFORM=offscreen python bench/ui_fps.py [--seconds 5] [--no-anchor] [--no-presets]

Goals (issue 12), on TF Playground's heaviest network (2-[8×6]-1 tanh, spiral 500 points half test, SGD
0.03, batch 10): ≥ 60 fps at "1 step / frame"; at the fastest speed ≥ 3× Playground's steps/s while
drawing ≥ 50 fps; no stall over 50 ms. Every preset at the fastest speed ≥ 50 % of its core's steps/s.
Frames are counted as paints of the node graph's viewport; a stall is a gap between the ticks of a 1 ms
probe timer.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from visualnet.core import presets
from visualnet.core.session import Session
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import SPEEDS, Controller

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = ROOT.parent / "shared" / "anchors" / "playground_anchor.py"
MNIST = ROOT.parent / "shared" / "data" / "mnist"
PLAYGROUND = {
    "dataset": {"name": "spiral", "n": 500, "noise": 0.0, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 8, "activation": "tanh"}] * 6 + [{"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "init": "xavier", "seed": 0},
    "optimizer": {"name": "sgd", "lr": 0.03},
    "batch_size": 10,
}
FOUR_BY_EIGHT = {  # the benchmark of issue 3, kept for comparison
    "dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 8, "activation": "tanh"}] * 4 + [{"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 0},
    "optimizer": {"name": "adam", "lr": 0.01},
    "batch_size": 10,
}
FASTEST = SPEEDS[-1].label


class PaintCounter(QObject):
    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            self.count += 1
        return False


def window_for(session: Session, tab: str = "network") -> MainWindow:
    window = MainWindow(Controller(session=session))
    window.resize(1280, 800)
    window.show()
    window.tabs.setCurrentWidget(window.views[tab])
    QApplication.processEvents()
    return window


def measure(window, speed_label: str, seconds: float) -> dict:
    """Play at ``speed_label`` for ``seconds``: frames/s (paints of the current view), steps/s, stall."""
    app = QApplication.instance()
    controller = window.controller
    window.speed_slider.setValue(next(i for i, s in enumerate(SPEEDS) if s.label == speed_label))  # as a user sets it
    view = window.tabs.currentWidget()
    target = view.view.viewport() if hasattr(view, "view") else view
    paints = PaintCounter(target)
    probe, longest, last = QElapsedTimer(), [0.0], [0.0]

    def on_probe():
        now = probe.nsecsElapsed() / 1e6
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    probe_timer = QTimer()
    probe_timer.setInterval(1)
    probe_timer.timeout.connect(on_probe)
    app.processEvents()
    steps_before = controller.trainer.step_count
    probe.start()
    probe_timer.start()
    controller.play()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    controller.pause()
    probe_timer.stop()
    elapsed = time.perf_counter() - t0
    target.removeEventFilter(paints)
    return {"fps": paints.count / elapsed, "steps": (controller.trainer.step_count - steps_before) / elapsed,
            "stall": longest[0]}


def core_alone(session: Session, seconds: float = 1.5) -> float:
    """Steps/s of the preset's trainer alone: no trace, no summaries (what fast play asks of it)."""
    trainer = session.trainer
    trainer.watch_summaries = False
    trainer.run(20)
    t0, done = time.perf_counter(), 0
    while time.perf_counter() - t0 < seconds and trainer.divergence is None:
        done += trainer.run(50)
    trainer.watch_summaries = True
    return done / (time.perf_counter() - t0)


def playground_anchor(seconds: float):
    """TF Playground's fps and steps/s on its heaviest network, measured now (None without Chromium)."""
    if not ANCHOR.exists():
        return None
    try:
        done = subprocess.run([sys.executable, str(ANCHOR), "--seconds", str(max(5, seconds))],
                              capture_output=True, text=True, timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"2-\[8x6\]-1 spiral: ([\d.]+) fps, ([\d.]+) steps/s", done.stdout)
    return (float(found.group(1)), float(found.group(2))) if found else None


def landscape_stall(seconds: float):
    """MNIST 784-50-10: the longest stall while the landscape computes, idle and while playing."""
    if not (MNIST / "t10k-images-idx3-ubyte.gz").exists():
        return None
    session = Session(presets.experiment_for(presets.get("mnist_two_layer"), str(MNIST)))
    window = window_for(session, "landscape")
    view = window.views["landscape"]
    out = {}
    for label, speed in (("computing", None), ("computing while playing", "1000 steps / frame")):
        app = QApplication.instance()
        probe, longest, last = QElapsedTimer(), [0.0], [0.0]

        def on_probe(probe=probe, longest=longest, last=last):
            now = probe.nsecsElapsed() / 1e6
            longest[0] = max(longest[0], now - last[0])
            last[0] = now

        probe_timer = QTimer()
        probe_timer.setInterval(1)
        probe_timer.timeout.connect(on_probe)
        probe.start()
        probe_timer.start()
        view.request("random", resolutions=(11, 26, 51))
        if speed:
            window.speed_slider.setValue(next(i for i, s in enumerate(SPEEDS) if s.label == speed))
            window.controller.play()
        t0 = time.perf_counter()
        while (view.worker_busy() or time.perf_counter() - t0 < 1.0) and time.perf_counter() - t0 < 60:
            app.processEvents()
        window.controller.pause()
        probe_timer.stop()
        out[label] = longest[0]
    window.close()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3, help="measurements per speed; the median is shown")
    parser.add_argument("--no-anchor", action="store_true", help="skip TF Playground")
    parser.add_argument("--no-presets", action="store_true", help="skip the preset table and the landscape")
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    print(f"load average before: {os.getloadavg()[0]:.2f}")

    anchor = None if args.no_anchor else playground_anchor(args.seconds)
    if anchor:
        print(f"TF Playground 2-[8×6]-1 spiral (Chromium, same machine): {anchor[0]:.1f} fps, {anchor[1]:.0f} steps/s")
    else:
        print("TF Playground not measured (no Chromium or --no-anchor)")

    rows = []
    for name, experiment in (("Playground 2-[8×6]-1 tanh, SGD", PLAYGROUND), ("2-[8×4]-1 tanh, Adam", FOUR_BY_EIGHT)):
        window = window_for(Session(experiment))
        measure(window, FASTEST, 1.0)  # starts the training process (a second, once per window): not counted
        print(f"\n{name}, whole window 1280×800, network tab, neuron heatmaps on")
        for label in ("1 step / frame", FASTEST):
            rounds = [measure(window, label, args.seconds) for _ in range(args.rounds)]
            r = sorted(rounds, key=lambda x: x["steps"] * x["fps"])[len(rounds) // 2]  # the median round
            r["stall"] = max(x["stall"] for x in rounds)
            rows.append((name, label, r))
            each = ", ".join(f"{x['fps']:.0f} fps/{x['steps']:.0f} steps/s" for x in rounds)
            print(f"  {label:20s} {r['fps']:6.1f} fps  {r['steps']:7.0f} steps/s  longest stall {r['stall']:5.1f} ms"
                  f"   (rounds: {each})")
        window.close()
    playground = {label: r for name, label, r in rows if name.startswith("Playground")}
    slow, fast = playground["1 step / frame"], playground[FASTEST]
    print("\nGoals on the Playground network:")
    print(f"  1 step / frame: {slow['fps']:.1f} fps (goal ≥ 60)")
    print(f"  fastest: {fast['fps']:.1f} fps (goal ≥ 50), {fast['steps']:.0f} steps/s", end="")
    if anchor:
        print(f" = {fast['steps'] / anchor[1]:.2f}× TF Playground (goal ≥ 3×); "
              f"frames {fast['fps'] / anchor[0]:.1f}× Playground's")
    else:
        print()
    print(f"  longest stall {max(r['stall'] for _n, _l, r in rows):.1f} ms (goal ≤ 50)")

    if not args.no_presets:
        print("\nEvery preset at the fastest speed against its core alone (goal ≥ 50 %):")
        for preset in presets.all_presets():
            folder = str(MNIST) if preset.needs_mnist else None
            if preset.needs_mnist and not MNIST.exists():
                continue
            core = core_alone(Session(presets.experiment_for(preset, folder)))
            window = window_for(Session(presets.experiment_for(preset, folder)))
            measure(window, FASTEST, 1.0)  # starts the training process (a second, once per window): not counted
            r = measure(window, FASTEST, min(args.seconds, 3.0))
            window.close()
            print(f"  {preset.name:24s} app {r['steps']:7.0f}  core {core:7.0f} steps/s  "
                  f"{100 * r['steps'] / core:5.0f} %  {r['fps']:5.1f} fps  stall {r['stall']:5.1f} ms")
        stalls = landscape_stall(args.seconds)
        if stalls:
            for label, stall in stalls.items():
                print(f"MNIST landscape, {label}: longest stall {stall:.1f} ms (goal ≤ 50)")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
