"""``visualnet`` / ``python -m visualnet``: no sub-command opens the app."""

from __future__ import annotations

import argparse
import sys


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # one line, exit code 2, no usage dump and no traceback
        sys.stderr.write(f"visualnet: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="visualnet", description="See a neural network learn: forward, backward, update.")
    parser.add_argument("session", nargs="?", help="a saved session to open (default: a built-in example)")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.session:
        sys.stderr.write("visualnet: error: opening saved sessions is not available yet\n")
        return 2
    from visualnet.ui.app import run

    return run()
