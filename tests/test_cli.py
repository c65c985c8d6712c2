"""The CLI: same code as the app, exit code 2 and one error line on bad input."""

import os
import subprocess
import sys
import zipfile

import pytest

from visualnet import cli
from visualnet.core import presets, sessionfile
from visualnet.ui.views import registry

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "visualnet", *args], capture_output=True, text=True, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)


def test_presets_lists_name_then_description(capsys):
    assert cli.main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(presets.names())
    name, description = lines[0].split(maxsplit=1)
    assert name in presets.names() and description == presets.get(name).description


def test_train_prints_metrics_and_saves(tmp_path, capsys):
    out = tmp_path / "xor.vnet"
    assert cli.main(["train", "--preset", "xor_2_2_1", "--steps", "3000", "--save", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3000/3000 steps" in text and "train_accuracy  1.0000" in text
    session, _ = sessionfile.load(out)
    assert session.trainer.step_count == 3000


@pytest.mark.parametrize("args, phrase", [
    (["train", "--preset", "nope", "--steps", "5"], "unknown preset"),
    (["train", "--preset", "xor_2_2_1"], "--steps"),
    (["train", "--preset", "xor_2_2_1", "--steps", "-3"], "--steps must be"),
    (["train", "--preset", "xor_2_2_1", "--steps", "ten"], "invalid int"),
    (["export", "sideways", "-o", "x.png"], "invalid choice"),
    (["export", "network", "-o", "x.bmp"], "cannot tell the format"),
    (["export", "network", "-o", "x.png", "--width", "5"], "--width"),
    (["export", "network", "-o", "x.png", "--session", "/nonexistent.vnet"], "does not exist"),
    (["screenshot", "-o", "x.jpg"], ".png"),
    (["/nonexistent/session.vnet"], "no such session file"),
    (["a.vnet", "b.vnet"], "unexpected arguments"),
    (["--bogus"], "unrecognized arguments"),
])
def test_bad_input_exits_2_with_one_error_line(args, phrase, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("visualnet: error: ")
    assert phrase in err


def test_corrupt_session_is_reported_before_any_window(tmp_path, capsys):
    bad = tmp_path / "bad.vnet"
    bad.write_bytes(b"nonsense")
    assert cli.main([str(bad)]) == 2
    assert "corrupt" in capsys.readouterr().err


def test_module_entry_point_error_has_no_traceback():
    result = run_cli("train", "--preset", "nope", "--steps", "1")
    assert result.returncode == 2
    assert result.stderr.startswith("visualnet: error:") and "Traceback" not in result.stderr


def test_export_and_screenshot_write_real_files(tmp_path, capsys):
    png, svg, csv_path, shot = (tmp_path / n for n in ("net.png", "net.svg", "training.csv", "shot.png"))
    assert cli.main(["export", "network", "-o", str(png), "--preset", "xor_2_2_1", "--steps", "50",
                     "--width", "800"]) == 0
    assert cli.main(["export", "network", "-o", str(svg), "--preset", "xor_2_2_1"]) == 0
    assert cli.main(["export", "training", "-o", str(csv_path), "--preset", "xor_2_2_1", "--steps", "40"]) == 0
    assert cli.main(["screenshot", "-o", str(shot), "--preset", "xor_2_2_1", "--steps", "10"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and svg.read_text().lstrip().startswith("<?xml")
    assert "batch loss" in csv_path.read_text()
    assert not zipfile.is_zipfile(png)


@pytest.mark.parametrize("view", ["data", "distributions"])
def test_export_of_views_the_cli_used_to_refuse(view, tmp_path, capsys):
    """The CLI's choices come from the app's registry, so every tab can be exported."""
    path = tmp_path / f"{view}.png"
    assert cli.main(["export", view, "-o", str(path), "--preset", "xor_2_2_1", "--steps", "20",
                     "--width", "640"]) == 0
    assert capsys.readouterr().out == f"wrote {path}\n"
    assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 2000


def test_unknown_view_lists_every_view_of_the_registry(capsys):
    assert cli.main(["export", "sideways", "-o", "x.png"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("visualnet: error: ")
    assert "sideways" in err and all(key in err for key in registry.names())
