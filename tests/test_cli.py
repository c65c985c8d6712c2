"""The CLI: same code as the app; exit code 2 and one error line on bad input or a failed write; Ctrl+C exits 130.

The big matrix calls ``cli.main`` in-process (fast); subprocesses only where the real process matters: the exit
code after Qt's teardown (it was a segfault), SIGINT, and what reaches the terminal.
"""

import errno
import gc
import importlib.util
import json
import os
import select
import signal
import subprocess
import sys
import time
import warnings
import zipfile

import pytest
import shiboken6
from PySide6.QtWidgets import QGraphicsItem

from visualnet import cli
from visualnet.core import presets, sessionfile
from visualnet.core.errors import ConfigError
from visualnet.core.session import Session
from visualnet.ui import headless
from visualnet.ui.views import registry

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PRESET = "xor_2_2_1"  # small and fast: every case of the matrix reuses it
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run_cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "visualnet", *args], capture_output=True, text=True, check=False,
                          env=ENV, timeout=timeout)


def assert_one_error_line(err: str):
    assert err.startswith("visualnet: error: ") and err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err


# -- files the commands are pointed at ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A valid session, a corrupt one, an inconsistent one (it reads, but its weights do not fit its network)…"""
    folder = tmp_path_factory.mktemp("inputs")
    valid = folder / "valid.vnet"
    sessionfile.save(Session(presets.experiment_for(presets.get(PRESET))), valid)
    corrupt = folder / "corrupt.vnet"
    corrupt.write_bytes(b"nonsense")
    inconsistent = folder / "inconsistent.vnet"
    with zipfile.ZipFile(valid) as source, zipfile.ZipFile(inconsistent, "w") as target:
        manifest = json.loads(source.read("session.json"))
        manifest["experiment"]["network"]["layers"][0]["units"] = 3  # the saved weights are for 2 units
        target.writestr("session.json", json.dumps(manifest))
        target.writestr("arrays.npz", source.read("arrays.npz"))
    picture = folder / "picture.png"
    picture.write_bytes(PNG_MAGIC + b"\0" * 64)
    return {"<valid>": valid, "<corrupt>": corrupt, "<inconsistent>": inconsistent, "<picture>": picture,
            "<folder>": folder, "<missing>": folder / "missing.vnet", "<missing folder>": folder / "no-such-folder"}


# -- the matrix: every subcommand × each bad argument -----------------------------------------------------------

# each command as (head, options); "<out>" is an output path in the test's folder with the given suffix
COMMANDS = {
    "train": (["train"], {"--preset": PRESET, "--steps": "2", "--save": "<out>.vnet"}),
    "screenshot": (["screenshot"], {"-o": "<out>.png", "--preset": PRESET}),
    **{f"export {view}": (["export", view], {"-o": "<out>.png", "--preset": PRESET}) for view in registry.names()},
}
TEXT_OPTIONS = {"train": ("--preset", "--save", "--mnist"), "screenshot": ("-o", "--preset", "--mnist"),
                "export": ("-o", "--preset", "--session", "--mnist")}


def bad_arguments(command):
    """(case id, option changes, phrase the error must hold) for one command; None removes an option."""
    kind = command.split()[0]
    output = "--save" if kind == "train" else "-o"
    cases = [(f"empty {option}", {option: "", **({"--preset": None} if option == "--session" else {})},
              "must not be empty") for option in TEXT_OPTIONS[kind]]
    cases += [
        ("unknown preset", {"--preset": "nope"}, "unknown preset"),
        ("negative steps", {"--steps": "-3"}, "--steps must be"),
        ("steps not a number", {"--steps": "ten"}, "invalid int"),
        ("too many steps", {"--steps": "100000000"}, "--steps must be"),
        ("wrong suffix", {output: "<out>.bmp" if kind != "train" else "<out>.txt"}, "<out>"),
        ("missing MNIST folder", {"--mnist": "<missing folder>"}, "no-such-folder"),
    ]
    if kind == "export":
        cases += [
            ("width too small", {"--width": "5"}, "--width"),
            ("width too large", {"--width": "9000"}, "--width"),
            ("width not a number", {"--width": "wide"}, "invalid int"),
            ("missing session", {"--preset": None, "--session": "<missing>"}, "missing.vnet"),
            ("corrupt session", {"--preset": None, "--session": "<corrupt>"}, "corrupt.vnet"),
            ("inconsistent session", {"--preset": None, "--session": "<inconsistent>"}, "inconsistent.vnet"),
        ]
    if kind == "train":
        cases.append(("no steps", {"--steps": None}, "--steps"))
    return cases


def build(command, changes, tmp_path, files):
    head, options = COMMANDS[command]
    options = {**options, **changes}
    args = list(head)
    for option, value in options.items():
        if value is not None:
            args += [option, value]
    places = {**{k: str(v) for k, v in files.items()}, "<out>": str(tmp_path / "out")}
    for i, arg in enumerate(args):
        for token, value in places.items():
            arg = arg.replace(token, value)
        args[i] = arg
    return args, places


MATRIX = [pytest.param(command, changes, phrase, id=f"{command}: {case}")
          for command in COMMANDS for case, changes, phrase in bad_arguments(command)]
OTHER_BAD_INPUT = [  # (args, phrase) for what has no place in the per-command matrix
    (["presets", "extra"], "unrecognized arguments"),
    (["presets", "--bogus"], "unrecognized arguments"),
    (["export", "sideways", "-o", "x.png"], "invalid choice"),
    (["export", "network", "-o", "x.png", "--preset", PRESET, "--session", "<valid>"], "not allowed"),
    (["screenshot"], "required"),
    (["bogus-command", "b.vnet"], "unexpected arguments"),
    (["--bogus"], "unrecognized arguments"),
]
OPEN_FILE = [  # `visualnet FILE`: every one is reported before a window opens
    ("", "empty"), ("<missing>", "no such session file"), ("<corrupt>", "corrupt.vnet"),
    ("<inconsistent>", "inconsistent.vnet"), ("<folder>", "inputs"), ("<picture>", "picture.png"),
]


@pytest.mark.parametrize("command, changes, phrase", MATRIX)
def test_bad_argument_exits_2_with_one_error_line(command, changes, phrase, tmp_path, files, capsys):
    args, places = build(command, changes, tmp_path, files)
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert phrase.replace("<out>", places["<out>"]) in err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("args, phrase", OTHER_BAD_INPUT)
def test_other_bad_input_exits_2_with_one_error_line(args, phrase, files, capsys):
    args = [str(files.get(a, a)) for a in args]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert phrase in err


@pytest.mark.parametrize("error", [
    ConfigError("network.layers", "units must be\nbetween 1 and 4096"),
    sessionfile.SessionFileError("x.vnet is corrupt\n(BadZipFile)"),
    OSError(errno.EIO, os.strerror(errno.EIO), "/data/mnist/t10k-images-idx3-ubyte.gz"),
    PermissionError(errno.EACCES, os.strerror(errno.EACCES)),
    MemoryError(),
], ids=lambda e: type(e).__name__)
def test_an_error_reaching_main_is_one_line_and_exit_2(error, monkeypatch, capsys):
    def failing(_args, _out):
        raise error

    monkeypatch.setattr(cli, "cmd_presets", failing)
    assert cli.main(["presets"]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    if isinstance(error, OSError) and error.filename:
        assert err == f"visualnet: error: {error.filename}: {error.strerror}\n"


def test_an_unexpected_error_is_one_line_and_exit_2_with_its_traceback_on_request(monkeypatch, capsys):
    """A bug in a command is not a traceback for the user; VISUALNET_DEBUG=1 (said in --help) shows where."""
    def buggy(_args, _out):
        return None.missing

    monkeypatch.setattr(cli, "cmd_presets", buggy)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["presets"]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert err == ("visualnet: error: unexpected AttributeError: 'NoneType' object has no attribute 'missing' "
                   "(a bug; VISUALNET_DEBUG=1 prints where)\n")
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    assert cli.main(["presets"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and any("in buggy" in line for line in lines)
    assert lines[-1].startswith("visualnet: error: unexpected AttributeError")
    assert "VISUALNET_DEBUG=1" in " ".join(cli.build_parser().format_help().split())


@pytest.fixture
def sigint_as_in_a_terminal():
    """Ctrl+C raises KeyboardInterrupt, as in a terminal (a runner started in the background ignores it)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_during_a_held_block_is_raised_after_it(sigint_as_in_a_terminal):
    done = []
    with pytest.raises(KeyboardInterrupt), cli._interrupts_held():
        signal.raise_signal(signal.SIGINT)  # delivered now, handled in this thread before the next line
        done.append("the rest of the block")
    assert done == ["the rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with cli._interrupts_held():  # no Ctrl+C: nothing raised
        done.append("again")
    assert done[-1] == "again" and signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_ctrl_c_stays_ignored_in_a_held_block():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with cli._interrupts_held():
            signal.raise_signal(signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_ctrl_c_while_qt_is_imported_ends_the_command_after_the_import(sigint_as_in_a_terminal, monkeypatch,
                                                                        tmp_path, capsys):
    """Ctrl+C inside PySide6's import made shiboken print its bootstrap traceback and abort (exit 134), or left
    a half-imported module (an AttributeError traceback, exit 1): held back, it ends the command with 130."""
    imported = []

    def import_interrupted(name):
        signal.raise_signal(signal.SIGINT)  # Ctrl+C in the middle of the import…
        imported.append(name)  # …which still runs to its end
        return headless

    monkeypatch.setattr(cli.importlib, "import_module", import_interrupted)
    assert cli.main(["export", "network", "-o", str(tmp_path / "x.png"), "--preset", PRESET]) == 130
    assert imported == ["visualnet.ui.headless"]
    assert capsys.readouterr().err == "visualnet: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler and not list(tmp_path.iterdir())


@pytest.fixture
def no_window(monkeypatch):
    """Opening the app would block the test: make it fail loudly instead."""
    import visualnet.ui.app

    def run(**_kwargs):
        raise AssertionError("a window was opened")

    monkeypatch.setattr(visualnet.ui.app, "run", run)


@pytest.mark.parametrize("name, phrase", OPEN_FILE, ids=[name or "empty" for name, _ in OPEN_FILE])
def test_opening_a_bad_file_is_reported_before_any_window(name, phrase, files, no_window, capsys):
    assert cli.main([str(files.get(name, name))]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert phrase in err


def test_opening_a_good_file_opens_the_window_with_it(files, monkeypatch):
    import visualnet.ui.app

    opened = []
    monkeypatch.setenv("VISUALNET_LANG", "en")
    monkeypatch.setattr(visualnet.ui.app, "run", lambda **kwargs: opened.append(kwargs) or 0)
    assert cli.main([str(files["<valid>"])]) == 0
    assert opened == [{"session_path": str(files["<valid>"]), "language": "en"}]


# -- the matrix: every writing subcommand × each write failure --------------------------------------------------

WRITERS = list(COMMANDS)
FAILURES = ["output is a folder", "missing folder", "read-only folder", "disk full"]


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def make_read_only(folder, monkeypatch):
    """A folder nobody may write into. Root ignores the mode bits, so for root the kernel's answer to anyone
    else is played: access(2) says no (the CLI then refuses before making anything, as it does for a user),
    and so would open(2)."""
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_open, real_access = os.open, os.access

        def refusing_access(path, mode, *args, **kwargs):
            if mode & os.W_OK and os.path.abspath(path) == str(folder):
                return False
            return real_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", refusing_access)

        def refusing_open(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and os.path.dirname(os.path.abspath(path)) == str(folder):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("command", WRITERS)
def test_write_failure_exits_2_naming_the_users_path(command, failure, tmp_path, files, monkeypatch, capsys):
    suffix = ".vnet" if command == "train" else ".png"
    option = "--save" if command == "train" else "-o"
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / f"picture{suffix}"
    previous = b"the previous file, kept whole"
    if failure == "output is a folder":
        output.mkdir()
    elif failure == "missing folder":
        output = tmp_path / "missing" / f"picture{suffix}"
    elif failure == "read-only folder":
        make_read_only(folder, monkeypatch)
    else:
        output.write_bytes(previous)
        monkeypatch.setattr(os, "fsync", no_space)
        monkeypatch.setattr(os, "write", no_space)
    before = sorted(p.name for p in folder.iterdir())
    # the write fails after the picture is made, whatever its size: a small one is made faster
    width = {"--width": "64"} if command.startswith("export") else {}
    args, _ = build(command, {option: str(output), **width}, tmp_path, files)
    try:
        assert cli.main(args) == 2
    finally:
        folder.chmod(0o755)
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert f"cannot write {output}" in err and ".tmp" not in err
    assert sorted(p.name for p in folder.iterdir()) == before  # no temporary file left behind
    if failure == "disk full":
        assert output.read_bytes() == previous


# -- what works ------------------------------------------------------------------------------------------------

def test_presets_lists_name_then_description(capsys):
    assert cli.main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(presets.names())
    name, description = lines[0].split(maxsplit=1)
    assert name in presets.names() and description == presets.get(name).description


def test_train_prints_metrics_and_saves(tmp_path, capsys):
    out = tmp_path / "xor.vnet"
    # the preset solves XOR from step 200 on: 600 steps leave margin
    assert cli.main(["train", "--preset", PRESET, "--steps", "600", "--save", str(out)]) == 0
    text = capsys.readouterr().out
    assert "600/600 steps" in text and "train_accuracy  1.0000" in text
    session, _ = sessionfile.load(out)
    assert session.trainer.step_count == 600


def test_export_and_screenshot_write_real_files(tmp_path, capsys):
    png, svg, csv_path, shot = (tmp_path / n for n in ("net.png", "net.svg", "training.csv", "shot.png"))
    assert cli.main(["export", "network", "-o", str(png), "--preset", PRESET, "--steps", "50",
                     "--width", "800"]) == 0
    assert cli.main(["export", "network", "-o", str(svg), "--preset", PRESET]) == 0
    assert cli.main(["export", "training", "-o", str(csv_path), "--preset", PRESET, "--steps", "40"]) == 0
    assert cli.main(["screenshot", "-o", str(shot), "--preset", PRESET, "--steps", "10"]) == 0
    assert png.read_bytes()[:8] == PNG_MAGIC and svg.read_text().lstrip().startswith("<?xml")
    assert "batch loss" in csv_path.read_text()
    assert not zipfile.is_zipfile(png)
    assert capsys.readouterr().err == ""  # no progress for a short run, and Qt's offscreen chatter is dropped


@pytest.mark.parametrize("view", ["data", "distributions"])
def test_export_of_views_the_cli_used_to_refuse(view, tmp_path, capsys):
    """The CLI's choices come from the app's registry, so every tab can be exported."""
    path = tmp_path / f"{view}.png"
    assert cli.main(["export", view, "-o", str(path), "--preset", PRESET, "--steps", "20",
                     "--width", "640"]) == 0
    assert capsys.readouterr().out == f"wrote {path}\n"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 2000


def test_export_from_a_session_file(files, tmp_path, capsys):
    path = tmp_path / "net.png"
    assert cli.main(["export", "network", "-o", str(path), "--session", str(files["<valid>"])]) == 0
    assert path.read_bytes()[:8] == PNG_MAGIC


def test_unknown_view_lists_every_view_of_the_registry(capsys):
    assert cli.main(["export", "sideways", "-o", "x.png"]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert "sideways" in err and all(key in err for key in registry.names())


@pytest.mark.parametrize("command", ["screenshot", "export"])
def test_steps_before_a_picture_are_trained_with_progress_and_the_last_recorded(command, tmp_path, monkeypatch):
    """All but the last step train in the CLI (with a progress bar); the controller records the last one."""
    seen = []

    def fake(session, *_args, steps=0, **_kwargs):
        seen.append((session.trainer.step_count, steps))

    monkeypatch.setattr(headless, "screenshot_headless" if command == "screenshot" else "export_view_headless", fake)
    head = ["screenshot"] if command == "screenshot" else ["export", "network"]
    for steps in (0, 1, 37):
        assert cli.main([*head, "-o", str(tmp_path / "x.png"), "--preset", PRESET, "--steps", str(steps)]) == 0
    assert seen == [(0, 0), (0, 1), (36, 1)]


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_is_drawn_only_for_a_long_run_and_ends_its_line():
    import io

    clock, stream = FakeClock(), io.StringIO()
    progress = cli.Progress(1000, stream, delay=1.0, clock=clock)
    clock.now += 0.5
    progress.update(400)
    assert stream.getvalue() == ""  # under a second: a short run stays quiet
    clock.now += 0.6
    progress.update(800)
    clock.now += 0.01
    progress.update(900)  # rate-limited
    progress.update(1000)  # the end is always drawn
    progress.close()
    text = stream.getvalue()
    assert [line.split("] ")[1].split("  ")[0] for line in text.split("\r")[1:]] == ["800/1000 steps",
                                                                                     "1000/1000 steps"]
    assert text.endswith(" steps/s\n") and text.count("\n") == 1


def test_progress_of_a_short_run_draws_nothing_and_adds_no_line():
    import io

    stream = io.StringIO()
    progress = cli.Progress(10, stream, delay=1.0, clock=FakeClock())
    progress.update(10)
    progress.close()
    assert stream.getvalue() == ""


def live_graphics_items() -> int:
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:  # what earlier tests left to deleteLater goes first
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
    with warnings.catch_warnings():  # isinstance() on torch's deprecated aliases warns, once a test imported torch
        warnings.simplefilter("ignore", FutureWarning)
        return sum(1 for o in gc.get_objects() if isinstance(o, QGraphicsItem) and shiboken6.isValid(o))


# the whole window, the graph of items and a worker thread: the three ways a picture command builds things
@pytest.mark.parametrize("command", ["screenshot", "export network", "export landscape"])
def test_a_picture_command_deletes_what_it_built_before_returning(command, tmp_path, capsys):
    """Left for the interpreter's exit, the main window's items were torn down in random order: a segfault."""
    before = live_graphics_items()  # it collects the garbage first
    assert cli.main([*command.split(), "-o", str(tmp_path / "picture.png"), "--preset", PRESET]) == 0
    assert live_graphics_items() == before


# -- the real process ------------------------------------------------------------------------------------------

def test_module_entry_point_error_has_no_traceback():
    result = run_cli("train", "--preset", "nope", "--steps", "1")
    assert result.returncode == 2
    assert_one_error_line(result.stderr)


@pytest.mark.parametrize("args", [["screenshot", "-o", "shot.png"], ["export", "landscape", "-o", "land.png"]],
                         ids=["screenshot", "export landscape"])
def test_a_picture_command_exits_0_with_nothing_on_stderr(args, tmp_path):
    """``visualnet screenshot`` always ended with a segmentation fault (exit 139) after writing its file."""
    result = run_cli(args[0], *args[1:-1], str(tmp_path / args[-1]), "--preset", PRESET, "--steps", "3")
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / args[-1]).read_bytes()[:8] == PNG_MAGIC


def test_ctrl_c_stops_training_cleanly_and_keeps_the_previous_file(tmp_path):
    saved = tmp_path / "run.vnet"
    saved.write_bytes(b"the previous session")
    # as from a terminal: a test runner started in the background by a shell ignores SIGINT, and its children
    # would inherit that; a handled signal is reset to the default in the child
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "visualnet", "train", "--preset", PRESET, "--steps", "10000000", "--save",
             str(saved)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        printed = b""
        deadline = time.monotonic() + 60
        while b" steps" not in printed:  # the first progress line: training has started
            assert time.monotonic() < deadline and process.poll() is None, printed
            if select.select([process.stdout], [], [], 1.0)[0]:
                printed += os.read(process.stdout.fileno(), 4096)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert err.decode() == "visualnet: interrupted\n"
    assert saved.read_bytes() == b"the previous session"
    assert [p.name for p in tmp_path.iterdir()] == ["run.vnet"]


# -- your own data and your own code: train --data, export pytorch ------------------------------------------------

POINTS_CSV = "x1,x2,label\n" + "".join(f"{(i % 10) / 3 - 1.5},{(i // 10) / 2 - 1},{'ab'[(i % 10 < 5) ^ (i // 10 < 3)]}\n"
                                       for i in range(60))


@pytest.fixture
def points_csv(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text(POINTS_CSV)
    return path


def test_train_on_your_own_points_and_save_them(points_csv, tmp_path, capsys):
    saved = tmp_path / "mine.vnet"
    assert cli.main(["train", "--data", str(points_csv), "--preset", "numerical_vs_backprop", "--steps", "200",
                     "--save", str(saved)]) == 0
    out = capsys.readouterr().out
    assert f"60 points from {points_csv} (42 training, 18 test)" in out  # the preset's test ratio, 0.3
    assert "scaled into the view box: x1′ = x1 / 1.5; x2′ = (x2 − 0.25) / 1.5\n" in out
    assert "train_accuracy" in out and "test_loss" in out
    session, _ = sessionfile.load(saved)
    assert session.experiment["dataset"]["name"] == "points" and len(session.data) == 60


def test_train_on_points_of_three_classes_fits_the_output_layer(tmp_path, capsys):
    path = tmp_path / "three.csv"
    path.write_text("".join(f"{i / 30},{(i * 7 % 30) / 30},{'abc'[i % 3]}\n" for i in range(30)))
    assert cli.main(["train", "--data", str(path), "--preset", PRESET, "--steps", "5"]) == 0
    assert "output layer set to 3 softmax units with cross_entropy for the data" in capsys.readouterr().out


@pytest.mark.parametrize("content, phrase", [
    ("x1,x2,label\n0.1,0.2,a\n0.3,abc,b\n", "points.csv: line 3: 'abc' is not a number in column x2"),
    ("x1,x2,label\n1,2,a\n", "points.csv: data: only one class ('a') in column label"),
    ("", "points.csv: data: the file holds no points (it is empty)"),
    (None, "--data: no such file"),
])
def test_bad_points_files_exit_2_with_the_line_and_column(content, phrase, tmp_path, capsys):
    path = tmp_path / "points.csv"
    if content is not None:
        path.write_text(content)
    saved = tmp_path / "never.vnet"
    assert cli.main(["train", "--data", str(path), "--preset", PRESET, "--steps", "3", "--save", str(saved)]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert phrase in err and not saved.exists()


def test_export_pytorch_writes_a_script_from_a_preset_or_a_session(files, tmp_path, capsys):
    model = tmp_path / "model.py"
    assert cli.main(["export", "pytorch", "-o", str(model), "--preset", PRESET, "--steps", "30"]) == 0
    assert capsys.readouterr().out == f"wrote {model} (check it with: python {model})\n"
    text = model.read_text()
    compile(text, str(model), "exec")
    assert "preset xor_2_2_1, exported by visualnet after 30 training steps" in text
    again = tmp_path / "again.py"
    assert cli.main(["export", "pytorch", "-o", str(again), "--session", str(files["<valid>"])]) == 0
    assert "session valid.vnet, exported by visualnet after 0 training steps" in again.read_text()


@pytest.mark.parametrize("args, phrase", [
    (["-o", "<out>.png"], "a PyTorch script is a .py file"),
    (["-o", "<out>.py", "--steps", "-1"], "--steps must be"),
    (["-o", "<out>.py", "--session", "<missing>"], "missing.vnet"),
    (["-o", "<out>.py", "--session", "<corrupt>"], "corrupt.vnet"),
    (["-o", "<out>.py", "--session", "<inconsistent>"], "inconsistent.vnet"),
    (["-o", "<missing folder>/model.py"], "does not exist"),
    (["-o", "<folder>"], "a PyTorch script is a .py file"),
    (["-o", "<out>.py", "--preset", "nope"], "unknown preset"),
])
def test_export_pytorch_refuses_bad_arguments_with_one_line(args, phrase, files, tmp_path, capsys):
    places = {**{k: str(v) for k, v in files.items()}, "<out>": str(tmp_path / "out")}
    for token, value in places.items():
        args = [arg.replace(token, value) for arg in args]
    assert cli.main(["export", "pytorch", *args]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert phrase in err
    assert list(tmp_path.iterdir()) == []


def test_export_pytorch_write_failure_keeps_the_previous_file(tmp_path, monkeypatch, capsys):
    model = tmp_path / "model.py"
    model.write_text("the previous script")
    monkeypatch.setattr(os, "fsync", no_space)
    assert cli.main(["export", "pytorch", "-o", str(model)]) == 2
    err = capsys.readouterr().err
    assert_one_error_line(err)
    assert f"cannot write {model}" in err and model.read_text() == "the previous script"
    assert [p.name for p in tmp_path.iterdir()] == ["model.py"]


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed (no dependency)")
def test_the_exported_script_of_trained_points_checks_itself_with_python(points_csv, tmp_path, capsys):
    saved, model = tmp_path / "mine.vnet", tmp_path / "model.py"
    assert cli.main(["train", "--data", str(points_csv), "--preset", "batch_norm", "--steps", "100",
                     "--save", str(saved)]) == 0
    capsys.readouterr()
    assert cli.main(["export", "pytorch", "-o", str(model), "--session", str(saved)]) == 0
    assert capsys.readouterr().err == ""
    # the script as a user runs it, in a process of its own (tests/core/test_torch_export.py runs the others
    # in its process, importing torch once)
    checked = subprocess.run([sys.executable, str(model)], capture_output=True, text=True, check=False, timeout=300)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("largest difference from visualnet: ")
