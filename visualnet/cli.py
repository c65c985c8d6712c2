"""``visualnet`` / ``python -m visualnet``: one CLI over the same code as the app.

    visualnet [--lang ko|en] [SESSION]          open the app (a built-in preset when no file is given)
    visualnet presets [--lang ko|en]            one preset per line: name, then description
    visualnet train --preset NAME --steps N [--data POINTS.csv] [--save FILE]
    visualnet export VIEW -o FILE [--preset NAME | --session FILE] [--steps N] [--width PX]
    visualnet export pytorch -o MODEL.py [--preset NAME | --session FILE] [--steps N] [--lang ko|en]
    visualnet screenshot -o FILE.png [--preset NAME] [--steps N] [--lang ko|en]

``--lang`` picks the language of the app, its pictures and the preset list; without it ``$VISUALNET_LANG``,
else the system's locale decides. The command line's own messages stay in English.

Bad input, a file that cannot be read or written: exit code 2 and one ``visualnet: error: …`` line on
stderr, never a traceback. Ctrl+C: exit code 130 and one line; an output file is written whole or not at
all (the previous one stays), also when it comes while Qt is being imported. An unexpected error (a bug)
is one line and exit code 2 as well; with ``VISUALNET_DEBUG=1`` its traceback is printed before that line.
Training shows a progress bar: ``train`` on stdout, ``export`` and ``screenshot`` on stderr once the run
has lasted a second.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from visualnet.ui.views import registry  # Qt-free: the view keys without importing any view

COMMANDS = ("presets", "train", "export", "screenshot")
PYTORCH = "pytorch"  # the export target that is no view: a self-checking PyTorch script (core/torch_export.py)
LANGUAGES = ("en", "ko")  # the same as visualnet.ui.i18n.LANGUAGES, which imports Qt
DEBUG_ENV = "VISUALNET_DEBUG"  # set to 1: an unexpected error also prints its traceback
EPILOG = (f"Exit codes: 0 done; 2 bad input, an unreadable file or a failed write (one 'visualnet: error:' line); "
          f"130 interrupted (Ctrl+C). {DEBUG_ENV}=1 prints the traceback of an unexpected error.")


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
    parser = _Parser(prog="visualnet", description="See a neural network learn: forward, backward, update.",
                     epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    presets = sub.add_parser("presets", help="list the lesson presets")
    presets.add_argument("--lang", choices=LANGUAGES, help="language of the descriptions")
    train = sub.add_parser("train", help="train a preset headless and print the final metrics")
    train.add_argument("--preset", type=_text, required=True)
    train.add_argument("--steps", type=int, required=True)
    train.add_argument("--save", type=_text, help="save the trained session to this .vnet file")
    train.add_argument("--mnist", type=_text, help="folder with the MNIST files (for the MNIST preset)")
    train.add_argument("--data", type=_text, help="train on your own points: a CSV file (x1, x2, label or x, y)")
    export = sub.add_parser("export", help="export one view as PNG, SVG or CSV, or the network as a PyTorch script")
    export.add_argument("view", choices=(*registry.names(), PYTORCH))
    export.add_argument("-o", "--output", type=_text, required=True)
    source = export.add_mutually_exclusive_group()
    source.add_argument("--preset", type=_text)
    source.add_argument("--session", type=_text)
    export.add_argument("--steps", type=int, default=0)
    export.add_argument("--width", type=int, default=1280)
    export.add_argument("--mnist", type=_text)
    export.add_argument("--lang", choices=LANGUAGES, help="language of the view's texts")
    shot = sub.add_parser("screenshot", help="save the whole main window as PNG")
    shot.add_argument("-o", "--output", type=_text, required=True)
    shot.add_argument("--preset", type=_text)
    shot.add_argument("--steps", type=int, default=0)
    shot.add_argument("--mnist", type=_text)
    shot.add_argument("--lang", choices=LANGUAGES, help="language of the window's texts")
    return parser


@contextmanager
def _interrupts_held():
    """Ctrl+C noted but held back until the block is over, then raised as KeyboardInterrupt.

    Around imports that load PySide6: a KeyboardInterrupt raised inside shiboken's bootstrap makes it print
    its own traceback and abort (exit 134), or leaves a half-imported module (an AttributeError later).
    Blocking SIGINT with ``signal.pthread_sigmask`` would not do: it masks this thread only, the kernel then
    hands the signal to another thread (numpy's BLAS threads), and CPython still runs the handler here,
    mid-import. A handler that only notes the signal holds it back whichever thread receives it.
    """
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # Ctrl+C is ignored, or handled by the program that called main(): not ours to hold back
        return
    held = []
    signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if held:
        raise KeyboardInterrupt


def _import_qt(name: str):
    """Import a module that loads Qt, with Ctrl+C held back until the import is complete."""
    with _interrupts_held():
        return importlib.import_module(name)


def _load_session(path):
    """A session file loaded whole (read, checked and rebuilt), so any fault is reported before work starts."""
    from visualnet.core import sessionfile

    if not Path(path).exists():
        raise UsageError(f"no such session file: {path}")
    session, _view = sessionfile.load(path)
    return session


def _session_for(preset_name=None, session_path=None, mnist=None, data=None, out=None):
    from visualnet.core import presets
    from visualnet.core.session import Session

    if session_path is not None:
        return _load_session(session_path)
    if mnist is not None and not Path(mnist).exists():
        raise UsageError(f"--mnist: no such folder or file: {mnist}")
    preset = presets.get(preset_name or presets.DEFAULT)
    if data is not None:
        return Session(_with_points(preset, data, out))
    return Session(presets.experiment_for(preset, mnist))


def _with_points(preset, path, out):
    """The preset's experiment on the points of a CSV file, its output layer fitted to them (said on ``out``)."""
    import copy

    from visualnet.core import userdata

    experiment = copy.deepcopy(preset.experiment)
    spec = experiment.get("dataset", {})
    if not Path(path).is_file():
        raise UsageError(f"--data: no such file: {path}")
    ratio = spec.get("test_ratio", 0.0) if isinstance(spec.get("test_ratio", 0.0), (int, float)) else 0.0
    try:
        points = userdata.load_csv(path, test_ratio=min(max(ratio, 0.0), 0.9), seed=0)
    except userdata.CSVError as exc:
        raise UsageError(f"{path}: {exc}") from None
    experiment["network"], change = userdata.fit_network(experiment["network"], points.dataset())
    experiment["dataset"] = points.to_spec()
    n_test = int(points.test.sum())
    out.write(f"{len(points)} points from {path} ({len(points) - n_test} training, {n_test} test)\n")
    if points.transform is not None and not points.transform.is_identity:
        out.write("scaled into the view box: " + "; ".join(points.transform.describe()) + "\n")
    if change:
        out.write(change + "\n")
    return experiment


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


def _language(requested):
    """``--lang``, else $VISUALNET_LANG, else the system's locale; a bad $VISUALNET_LANG is a usage error."""
    i18n = _import_qt("visualnet.ui.i18n")

    try:
        return i18n.choose(requested)
    except ValueError as exc:
        raise UsageError(f"{i18n.ENVIRONMENT}: {exc}") from None


def cmd_presets(args, out) -> int:
    from visualnet.core import presets

    i18n = _import_qt("visualnet.ui.i18n")
    translate = i18n.catalogue_translator(_language(args.lang))
    for p in presets.all_presets():
        out.write(f"{p.name:24s} {translate(p.description)}\n")
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
    session = _session_for(args.preset, mnist=args.mnist, data=args.data, out=out)
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
    if args.view == PYTORCH:
        return export_pytorch(args, out)
    headless = _import_qt("visualnet.ui.headless")
    _check_steps(args.steps)
    if not 16 <= args.width <= 8000:
        raise UsageError(f"--width must be between 16 and 8000 pixels, got {args.width}")
    if Path(args.output).suffix.lower() not in (".png", ".svg", ".csv"):
        raise UsageError(f"cannot tell the format from {args.output!r}: use .png, .svg or .csv")
    _check_output(args.output)
    session = _session_for(args.preset, args.session, args.mnist)
    steps = _pretrain(session, args.steps)
    with _writing(args.output):
        headless.export_view_headless(session, args.view, args.output, steps=steps, width=args.width,
                                      language=_language(args.lang))
    out.write(f"wrote {args.output}\n")
    return 0


def export_pytorch(args, out) -> int:
    """The trained network as a self-checking PyTorch script; needs no Qt and no torch."""
    from visualnet.core import sessionfile, torch_export

    _check_steps(args.steps)
    if Path(args.output).suffix.lower() != ".py":
        raise UsageError(f"a PyTorch script is a .py file, not {args.output!r}")
    _check_output(args.output)
    session = _session_for(args.preset, args.session, args.mnist)
    train_steps(session.trainer, args.steps, Progress(args.steps, sys.stderr, delay=1.0))
    source = f"session {Path(args.session).name}" if args.session else f"preset {args.preset or 'xor_2_2_1'}"
    text = torch_export.script_for_session(session, source)
    with _writing(args.output):
        sessionfile.atomic_write_bytes(args.output, text.encode("utf-8"))
    out.write(f"wrote {args.output} (check it with: python {args.output})\n")
    return 0


def cmd_screenshot(args, out) -> int:
    headless = _import_qt("visualnet.ui.headless")
    _check_steps(args.steps)
    if Path(args.output).suffix.lower() != ".png":
        raise UsageError(f"a screenshot is a .png file, not {args.output!r}")
    _check_output(args.output)
    session = _session_for(args.preset, mnist=args.mnist)
    steps = _pretrain(session, args.steps)
    with _writing(args.output):
        headless.screenshot_headless(session, args.output, steps=steps, language=_language(args.lang))
    out.write(f"wrote {args.output}\n")
    return 0


def open_app(path=None, language=None) -> int:
    from visualnet.core import presets

    app = _import_qt("visualnet.ui.app")
    language = _language(language)
    if path is not None:
        if not path.strip():
            raise UsageError("the session file name is empty")
        _load_session(path)  # a corrupt or inconsistent file is reported here, before a window opens
        return app.run(session_path=path, language=language)
    return app.run(experiment=presets.experiment_for(presets.get(presets.DEFAULT)), language=language)


def _app_language(argv: list[str]) -> tuple[list[str], str | None]:
    """``--lang X`` / ``--lang=X`` anywhere in the app's own arguments (no sub-command): taken out."""
    rest, language = [], None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.split("=", 1)[1] if "=" in arg else (argv[i + 1] if i + 1 < len(argv) else "")
            if value not in LANGUAGES:
                raise UsageError(f"--lang: choose one of {', '.join(LANGUAGES)}, not {value!r}")
            language, i = value, i + (1 if "=" in arg else 2)
            continue
        rest.append(arg)
        i += 1
    return rest, language


def main(argv=None, out=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    try:
        if not argv or argv[0] not in COMMANDS and (not argv[0].startswith("-") or argv[0].startswith("--lang")):
            argv, language = _app_language(argv)
            if len(argv) > 1:
                raise UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
            return open_app(argv[0] if argv else None, language)
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
    except Exception as exc:  # noqa: BLE001 - a bug: one line like any error, the traceback on request
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            traceback.print_exc()
        return _error(f"unexpected {type(exc).__name__}: {exc} (a bug; {DEBUG_ENV}=1 prints where)")


def _error(message: str) -> int:
    first_line = " ".join(message.split()) or "failed"  # one line, whatever the exception held
    sys.stderr.write(f"visualnet: error: {first_line}\n")
    return 2
