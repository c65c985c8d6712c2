"""``visualnet`` / ``python -m visualnet``: one CLI over the same code as the app.

    visualnet [SESSION]                         open the app (a built-in preset when no file is given)
    visualnet presets                           one preset per line: name, then description
    visualnet train --preset NAME --steps N [--save FILE]
    visualnet export VIEW -o FILE [--preset NAME | --session FILE] [--steps N] [--width PX]
    visualnet screenshot -o FILE.png [--preset NAME] [--steps N]

Bad input, a file that cannot be read or written: exit code 2 and one ``visualnet: error: …`` line on
stderr, never a traceback. Ctrl+C: exit code 130 and one line; an output file is written whole or not at
all (the previous one stays). Training shows a progress bar: ``train`` on stdout, ``export`` and
``screenshot`` on stderr once the run has lasted a second.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from visualnet.ui.views import registry  # Qt-free: the view keys without importing any view

COMMANDS = ("presets", "train", "export", "screenshot")


class UsageError(Exception):
    """Bad input from the command line: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _text(value: str) -> str:
    """An argument that names something (a preset, a file, a folder): an empty one is an error, not a default."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="visualnet", description="See a neural network learn: forward, backward, update.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("presets", help="list the lesson presets")
    train = sub.add_parser("train", help="train a preset headless and print the final metrics")
    train.add_argument("--preset", type=_text, required=True)
    train.add_argument("--steps", type=int, required=True)
    train.add_argument("--save", type=_text, help="save the trained session to this .vnet file")
    train.add_argument("--mnist", type=_text, help="folder with the MNIST files (for the MNIST preset)")
    export = sub.add_parser("export", help="export one view as PNG, SVG or CSV")
    export.add_argument("view", choices=registry.names())
    export.add_argument("-o", "--output", type=_text, required=True)
    source = export.add_mutually_exclusive_group()
    source.add_argument("--preset", type=_text)
    source.add_argument("--session", type=_text)
    export.add_argument("--steps", type=int, default=0)
    export.add_argument("--width", type=int, default=1280)
    export.add_argument("--mnist", type=_text)
    shot = sub.add_parser("screenshot", help="save the whole main window as PNG")
    shot.add_argument("-o", "--output", type=_text, required=True)
    shot.add_argument("--preset", type=_text)
    shot.add_argument("--steps", type=int, default=0)
    shot.add_argument("--mnist", type=_text)
    return parser


def _load_session(path):
    """A session file loaded whole (read, checked and rebuilt), so any fault is reported before work starts."""
    from visualnet.core import sessionfile

    if not Path(path).exists():
        raise UsageError(f"no such session file: {path}")
    session, _view = sessionfile.load(path)
    return session


def _session_for(preset_name=None, session_path=None, mnist=None):
    from visualnet.core import presets
    from visualnet.core.session import Session

    if session_path is not None:
        return _load_session(session_path)
    if mnist is not None and not Path(mnist).exists():
        raise UsageError(f"--mnist: no such folder or file: {mnist}")
    preset = presets.get(preset_name or presets.DEFAULT)
    return Session(presets.experiment_for(preset, mnist))


def _check_output(path):
    """Refuse an output the command could not write, before any training is spent on it."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if target.exists() and not target.is_file():
        raise UsageError(f"cannot write {path}: it is not a regular file")
    if not folder.exists():
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {path}: the folder {folder} is not writable")


@contextmanager
def _writing(path):
    """Report a failed write (disk full, permission, …) by the user's path, not by the hidden temporary file
    that the atomic write was filling (it is removed; a previous file at ``path`` is left as it was)."""
    try:
        yield
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_steps(steps):
    if steps < 0 or steps > 10_000_000:
        raise UsageError(f"--steps must be between 0 and 10000000, got {steps}")


def cmd_presets(args, out) -> int:
    from visualnet.core import presets

    for p in presets.all_presets():
        out.write(f"{p.name:24s} {p.description}\n")
    return 0


class Progress:
    """A one-line progress bar on ``stream``: drawn once the run has lasted ``delay`` seconds, then at most
    ten times a second (and always at the end, if it was drawn at all)."""

    WIDTH = 30

    def __init__(self, total: int, stream, delay: float = 0.0, clock=time.perf_counter):
        self.total, self.stream, self.delay, self.clock = total, stream, delay, clock
        self.started = clock()
        self.drawn_at = None

    def update(self, done: int):
        now = self.clock()
        if self.drawn_at is None and now - self.started < self.delay:
            return
        if self.drawn_at is not None and done < self.total and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        filled = int(self.WIDTH * done / max(self.total, 1))
        rate = done / max(now - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total} steps  "
                          f"{rate:,.0f} steps/s")
        self.stream.flush()

    def close(self):
        """End the bar's line (also when interrupted), so what follows starts on a line of its own."""
        if self.drawn_at is not None:
            self.stream.write("\n")
            self.stream.flush()


def train_steps(trainer, steps: int, progress: Progress) -> int:
    """``steps`` training steps in chunks of about 0.1 s, drawing the progress between chunks; stops at a
    divergence. Returns how many steps ran."""
    done, chunk = 0, 1
    try:
        while done < steps and trainer.divergence is None:
            n = min(chunk, steps - done)
            started = time.perf_counter()
            done += trainer.run(n)
            elapsed = time.perf_counter() - started
            chunk = max(1, min(4 * n, int(n * 0.1 / max(elapsed, 1e-9))))
            progress.update(done)
    finally:
        progress.close()
    return done


def _pretrain(session, steps: int):
    """All but the last of ``steps`` before any window is built, with a progress bar on stderr for a long run;
    the controller records the last step (the one the views show)."""
    if steps > 1:
        train_steps(session.trainer, steps - 1, Progress(steps - 1, sys.stderr, delay=1.0))
    return min(steps, 1)


def cmd_train(args, out) -> int:
    from visualnet.core import sessionfile

    _check_steps(args.steps)
    if args.save is not None:
        if Path(args.save).suffix.lower() != ".vnet":
            raise UsageError(f"--save writes a .vnet session file, not {args.save!r}")
        _check_output(args.save)
    session = _session_for(args.preset, mnist=args.mnist)
    trainer = session.trainer
    train_steps(trainer, args.steps, Progress(args.steps, out))
    metrics = trainer.evaluate()
    for key in ("train_loss", "train_accuracy", "test_loss", "test_accuracy"):
        if key in metrics and not (isinstance(metrics[key], float) and math.isnan(metrics[key])):
            out.write(f"{key:15s} {metrics[key]:.4f}\n")
    if trainer.divergence is not None:
        out.write(f"{trainer.divergence.message}\n")
    if args.save is not None:
        with _writing(args.save):
            sessionfile.save(session, args.save)
        out.write(f"saved {args.save}\n")
    return 0


def cmd_export(args, out) -> int:
    from visualnet.ui import headless

    _check_steps(args.steps)
    if not 16 <= args.width <= 8000:
        raise UsageError(f"--width must be between 16 and 8000 pixels, got {args.width}")
    if Path(args.output).suffix.lower() not in (".png", ".svg", ".csv"):
        raise UsageError(f"cannot tell the format from {args.output!r}: use .png, .svg or .csv")
    _check_output(args.output)
    session = _session_for(args.preset, args.session, args.mnist)
    steps = _pretrain(session, args.steps)
    with _writing(args.output):
        headless.export_view_headless(session, args.view, args.output, steps=steps, width=args.width)
    out.write(f"wrote {args.output}\n")
    return 0


def cmd_screenshot(args, out) -> int:
    from visualnet.ui import headless

    _check_steps(args.steps)
    if Path(args.output).suffix.lower() != ".png":
        raise UsageError(f"a screenshot is a .png file, not {args.output!r}")
    _check_output(args.output)
    session = _session_for(args.preset, mnist=args.mnist)
    steps = _pretrain(session, args.steps)
    with _writing(args.output):
        headless.screenshot_headless(session, args.output, steps=steps)
    out.write(f"wrote {args.output}\n")
    return 0


def open_app(path=None) -> int:
    from visualnet.core import presets
    from visualnet.ui.app import run

    if path is not None:
        if not path.strip():
            raise UsageError("the session file name is empty")
        _load_session(path)  # a corrupt or inconsistent file is reported here, before a window opens
        return run(session_path=path)
    return run(experiment=presets.experiment_for(presets.get(presets.DEFAULT)))


def main(argv=None, out=None) -> int:
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
    except KeyboardInterrupt:
        sys.stderr.write("visualnet: interrupted\n")
        return 130
    except (UsageError, ValueError) as exc:  # ConfigError and SessionFileError are ValueErrors
        return _error(str(exc))
    except OSError as exc:  # reading a data file the command was pointed at
        return _error(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
    except MemoryError:
        return _error("out of memory: choose a smaller experiment")


def _error(message: str) -> int:
    first_line = " ".join(message.split()) or "failed"  # one line, whatever the exception held
    sys.stderr.write(f"visualnet: error: {first_line}\n")
    return 2
