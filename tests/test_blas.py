"""BLAS threads for a training process: set before NumPy loads, a user's own setting kept."""

import os
import subprocess
import sys

from visualnet import blas


def test_unset_variables_get_the_training_threads_and_a_users_own_is_kept(monkeypatch):
    for name in blas.VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # the user's
    set_here = blas.set_training_threads()
    assert set_here == ["OMP_NUM_THREADS", "MKL_NUM_THREADS"]
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"
    assert [os.environ[name] for name in set_here] == [blas.TRAINING_THREADS] * 2


def test_importing_it_loads_no_numpy():
    """It must run before NumPy loads its BLAS: a benchmark imports it first."""
    done = subprocess.run([sys.executable, "-c", "import sys, visualnet.blas; print('numpy' in sys.modules)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
