"""BLAS threads of a process that trains while another draws, set in its environment before NumPy loads BLAS.

Fast play trains in a process of its own on one BLAS thread: the window's process draws on the other core, a
pool as wide as the machine would fight it for the cores, and OpenBLAS's waiting threads then slow every
product. ``bench/core_throughput.py`` measures the same way. Plain Python: importing this loads no NumPy.
"""

from __future__ import annotations

import os

TRAINING_THREADS = os.environ.get("VISUALNET_TRAINING_BLAS_THREADS", "1")
VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def set_training_threads() -> list[str]:
    """Set each variable the user has not set to ``TRAINING_THREADS`` (a user's own setting is kept); returns
    the names it set, for a caller that takes them back after starting a process."""
    unset = [name for name in VARIABLES if name not in os.environ]
    os.environ.update(dict.fromkeys(unset, TRAINING_THREADS))
    return unset
