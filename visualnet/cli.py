"""``visualnet`` / ``python -m visualnet``: one CLI over the same code as the app.

    visualnet [SESSION]                         open the app (a built-in preset when no file is given)
    visualnet presets                           one preset per line: name, then description
    visualnet train --preset NAME --steps N [--save FILE]
    visualnet export VIEW -o FILE [--preset NAME | --session FILE] [--steps N] [--width PX]
    visualnet screenshot -o FILE.png [--preset NAME] [--steps N]

Bad input: exit code 2 and one ``visualnet: error: …`` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from visualnet.ui.views import registry  # Qt-free: the view keys without importing any view

COMMANDS = ("presets", "train", "export", "screenshot")


class UsageError(Exception):
    """Bad input from the command line: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="visualnet", description="See a neural network learn: forward, backward, update.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("presets", help="list the lesson presets")
    train = sub.add_parser("train", help="train a preset headless and print the final metrics")
    train.add_argument("--preset", required=True)
    train.add_argument("--steps", type=int, required=True)
    train.add_argument("--save", help="save the trained session to this .vnet file")
    train.add_argument("--mnist", help="folder with the MNIST files (for the MNIST preset)")
    export = sub.add_parser("export", help="export one view as PNG, SVG or CSV")
    export.add_argument("view", choices=registry.names())
    export.add_argument("-o", "--output", required=True)
    source = export.add_mutually_exclusive_group()
    source.add_argument("--preset")
    source.add_argument("--session")
    export.add_argument("--steps", type=int, default=0)
    export.add_argument("--width", type=int, default=1280)
    export.add_argument("--mnist")
    shot = sub.add_parser("screenshot", help="save the whole main window as PNG")
    shot.add_argument("-o", "--output", required=True)
    shot.add_argument("--preset")
    shot.add_argument("--steps", type=int, default=0)
    shot.add_argument("--mnist")
    return parser


def _session_for(preset_name=None, session_path=None, mnist=None):
    from visualnet.core import presets, sessionfile
    from visualnet.core.session import Session

    if session_path:
        session, _view = sessionfile.load(session_path)
        return session
    preset = presets.get(preset_name or presets.DEFAULT)
    return Session(presets.experiment_for(preset, mnist))


def _check_steps(steps):
    if steps < 0 or steps > 10_000_000:
        raise UsageError(f"--steps must be between 0 and 10000000, got {steps}")


def cmd_presets(args, out) -> int:
    from visualnet.core import presets

    for p in presets.all_presets():
        out.write(f"{p.name:24s} {p.description}\n")
    return 0


def _progress(done, total, started, out):
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.perf_counter() - started, 1e-9)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} steps  {rate:,.0f} steps/s")
    out.flush()


def cmd_train(args, out) -> int:
    from visualnet.core import sessionfile

    _check_steps(args.steps)
    session = _session_for(args.preset, mnist=args.mnist)
    trainer = session.trainer
    started = time.perf_counter()
    chunk = max(1, args.steps // 50)
    done = 0
    while done < args.steps and trainer.divergence is None:
        n = min(chunk, args.steps - done)
        done += trainer.run(n)
        _progress(done, args.steps, started, out)
    out.write("\n")
    metrics = trainer.evaluate()
    for key in ("train_loss", "train_accuracy", "test_loss", "test_accuracy"):
        if key in metrics and not (isinstance(metrics[key], float) and math.isnan(metrics[key])):
            out.write(f"{key:15s} {metrics[key]:.4f}\n")
    if trainer.divergence is not None:
        out.write(f"{trainer.divergence.message}\n")
    if args.save:
        sessionfile.save(session, args.save)
        out.write(f"saved {args.save}\n")
    return 0


def cmd_export(args, out) -> int:
    from visualnet.ui import headless

    _check_steps(args.steps)
    if not 16 <= args.width <= 8000:
        raise UsageError(f"--width must be between 16 and 8000 pixels, got {args.width}")
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix not in ("png", "svg", "csv"):
        raise UsageError(f"cannot tell the format from {args.output!r}: use .png, .svg or .csv")
    session = _session_for(args.preset, args.session, args.mnist)
    headless.export_view_headless(session, args.view, args.output, steps=args.steps, width=args.width)
    out.write(f"wrote {args.output}\n")
    return 0


def cmd_screenshot(args, out) -> int:
    from visualnet.ui import headless

    _check_steps(args.steps)
    if Path(args.output).suffix.lower() != ".png":
        raise UsageError("a screenshot is a .png file")
    session = _session_for(args.preset, mnist=args.mnist)
    headless.screenshot_headless(session, args.output, steps=args.steps)
    out.write(f"wrote {args.output}\n")
    return 0


def open_app(path=None) -> int:
    from visualnet.core import presets, sessionfile
    from visualnet.ui.app import run

    if path is not None:
        if not Path(path).exists():
            raise UsageError(f"no such session file: {path}")
        sessionfile.read(path)  # a corrupt file is reported here, before a window opens
        return run(session_path=path)
    return run(experiment=presets.experiment_for(presets.get(presets.DEFAULT)))


def main(argv=None, out=None) -> int:
    from visualnet.core.errors import ConfigError
    from visualnet.core.sessionfile import SessionFileError

    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    try:
        if not argv or argv[0] not in COMMANDS and not argv[0].startswith("-"):
            if len(argv) > 1:
                raise UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
            return open_app(argv[0] if argv else None)
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("choose a command: " + ", ".join(COMMANDS) + " (or give a session file)")
        return {"presets": cmd_presets, "train": cmd_train, "export": cmd_export,
                "screenshot": cmd_screenshot}[args.command](args, out)
    except (UsageError, ConfigError, SessionFileError, FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"visualnet: error: {exc}\n")
        return 2
