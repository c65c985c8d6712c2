"""The loss landscape view: exact values from the worker, PCA planes, cancellation, responsiveness, pictures."""

import shutil

import numpy as np
import pytest

from tests.ui.timers import elapse
from visualnet.core import landscape as core_landscape
from visualnet.ui import export
from visualnet.ui.controller import Controller
from visualnet.ui.views.landscape_view import (
    DENSE_RESOLUTIONS,
    MAX_RECORDED_PARAMS,
    MAX_SLICE_SAMPLES,
    LandscapeView,
    Trajectory,
)

SPIRAL = {"dataset": {"name": "spiral", "n": 400, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
          "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "he", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}


def make_view(qtbot, experiment=SPIRAL, auto=False):
    c = Controller(experiment)
    view = LandscapeView(c)
    qtbot.addWidget(view)
    view.auto.setChecked(auto)
    view.resize(1280, 800)
    view.show()
    return c, view


def wait_done(qtbot, view, timeout=15_000):
    """The worker thread computes the slices: wait for the view to hear that the last job finished."""
    qtbot.waitUntil(lambda: not view.worker_busy(), timeout=timeout)


def train(c, view, steps, chunk=5):
    for _ in range(steps // chunk):
        c.run_steps(chunk)
    elapse(view._timer)  # the throttle interval is over: the path redraws (and auto-refresh may request)


def flat(d):
    return np.concatenate([np.asarray(v, float).ravel() for v in d.values()])


def center_loss(view):
    alphas, betas, losses = view.last_grid()
    i, j = len(betas) // 2, len(alphas) // 2
    assert alphas[j] == pytest.approx(0.0, abs=1e-15) and betas[i] == pytest.approx(0.0, abs=1e-15)
    return losses[i, j]


def test_center_of_the_landscape_is_the_network_loss(qtbot):
    c, view = make_view(qtbot)
    c.run_steps(50)
    view.request("random", resolutions=(11, 21, 51))
    wait_done(qtbot, view)
    alphas, betas, losses = view.last_grid()
    assert losses.shape == (51, 51)
    x, t = view.slice_data()
    np.testing.assert_array_equal(x, c.session.train.x)  # 280 points: no subsample
    assert abs(center_loss(view) - c.net.loss(x, t)) <= 1e-10
    # the whole grid is the core's slice through the same plane
    plane = view.landscape()
    expected = core_landscape.loss_slice(c.net, x, t, plane.d1, plane.d2, alphas[::10], betas[::10],
                                         origin=plane.origin)
    np.testing.assert_allclose(losses[::10, ::10], expected, rtol=1e-12)
    assert "51×51" in view.status_text() and view.message_text() == ""
    # colours: log₁₀ of the loss by default, the loss itself on request; contours follow the colours
    assert view.colorbar.levels() == pytest.approx(np.log10([losses.min(), losses.max()]))
    view.log_colors.setChecked(False)
    assert view.colorbar.levels() == pytest.approx([losses.min(), losses.max()])
    levels = [contour.level for contour in view.contours]
    assert losses.min() < min(levels) and max(levels) < losses.max()


def test_pca_plane_is_orthonormal_and_the_path_ends_at_its_origin(qtbot):
    c, view = make_view(qtbot)
    assert view.request("pca") is None  # one recorded point is not a path
    assert "train a few steps first" in view.message_text()
    wait_done(qtbot, view)  # the random landscape started on show() was cancelled, and nothing is drawn
    assert view.last_grid() is None and view.landscape() is None
    train(c, view, 120)
    view.request("pca", resolutions=(11, 31))
    wait_done(qtbot, view)
    assert view.message_text() == ""
    plane = view.landscape()
    d1, d2 = flat(plane.d1), flat(plane.d2)
    np.testing.assert_allclose([d1 @ d1, d2 @ d2, d1 @ d2], [1.0, 1.0, 0.0], atol=1e-12)
    np.testing.assert_array_equal(flat(plane.origin), flat(c.net.params))  # origin = where training ended
    path = view.path_points()
    assert len(path) == 120 // 5 + 1  # the initial weights and one snapshot per stepped signal
    np.testing.assert_allclose(path[-1], [0.0, 0.0], atol=1e-9)
    a0, a1, b0, b1 = view.extent()
    assert a0 < path[:, 0].min() and path[:, 0].max() < a1 and b0 < path[:, 1].min() and path[:, 1].max() < b1
    r1, r2 = plane.explained_variance
    assert 0 < r2 <= r1 and r1 + r2 <= 1 + 1e-12
    assert f"{100 * r1:.1f} %" in view.status_text()


def test_the_path_is_drawn_live_as_training_continues(qtbot):
    c, view = make_view(qtbot)
    train(c, view, 40)
    view.request("pca", resolutions=(11,))
    wait_done(qtbot, view)
    before = len(view.path_points())
    train(c, view, 20)
    path = view.path_points()
    assert len(path) == before + 4
    np.testing.assert_allclose(path[-1], view.landscape().project(c.net.params), atol=1e-12)
    c.reset_network()
    assert len(view.path_points()) == 0 and view.last_grid() is None


def test_auto_refresh_recomputes_while_training(qtbot):
    c, view = make_view(qtbot, auto=True)
    view.auto_every.setValue(20)
    view.request("random", resolutions=(11,))
    wait_done(qtbot, view)
    first = view.worker.current_job
    train(c, view, 25)
    assert view.worker.current_job > first
    wait_done(qtbot, view)
    assert abs(center_loss(view) - c.net.loss(*view.slice_data())) <= 1e-10


def test_a_running_computation_can_be_cancelled_and_restarted(qtbot):
    c, view = make_view(qtbot)
    c.run_steps(100)
    view.request("random", resolutions=(201,))  # 40,401 points, ~0.5 s here
    qtbot.waitUntil(lambda: view._incoming is not None, timeout=5000)  # the worker is slicing its plane
    assert view.worker_busy()
    view.cancel()  # how fast it stops is measured by bench/landscape_view.py
    wait_done(qtbot, view, timeout=3000)
    assert view.last_grid() is None  # the 201×201 grid was never finished
    assert "cancelled" in view.status_text()
    # a new request supersedes a running one: only the newest job's grids are drawn
    view.request("random", resolutions=(201,))
    view.request("random", resolutions=(11, 51))
    wait_done(qtbot, view)
    assert view.last_grid()[2].shape == (51, 51)
    assert abs(center_loss(view) - c.net.loss(*view.slice_data())) <= 1e-10


def test_each_grid_is_drawn_as_it_arrives_from_the_worker(qtbot):
    """Coarse to fine, off the GUI thread; the longest event-loop gap meanwhile is in bench/landscape_view.py."""
    c, view = make_view(qtbot)
    c.run_steps(100)
    drawn = []
    view.worker.gridReady.connect(lambda job, _grid: job == view._job and drawn.append(view.last_grid()[2].shape))
    view.request("random")  # 11 → 26 → 51 → 101, each grid drawn as it arrives
    wait_done(qtbot, view)
    assert view.last_grid()[2].shape == (101, 101)
    assert drawn == [(n, n) for n in DENSE_RESOLUTIONS]


def test_render_trained_spiral_landscapes(qtbot, tmp_path, shots):
    exp = dict(SPIRAL, optimizer={"name": "adam", "lr": 0.02})
    c, view = make_view(qtbot, exp)
    train(c, view, 150)
    assert len(view.path_points()) == 0 or view.landscape() is not None
    for kind in ("pca", "random"):
        view.request(kind)
        wait_done(qtbot, view)
        assert view.last_grid()[2].shape == (101, 101)
        assert len(view.path_points()) == 150 // 5 + 1
        path = tmp_path / f"landscape_{kind}.png"
        image = export.export_png(view, path, width=1280)
        assert (image.width(), image.height()) == (1280, 800)
        pixels = export.image_array(image)
        rgb = pixels[..., :3].astype(np.uint32)
        colours = np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])  # 1-D: 100× faster than axis=0
        assert len(colours) > 500  # a heatmap, not a blank plot
        shutil.copy(path, shots / path.name)


def test_mnist_slices_a_subsample_and_says_so(qtbot, mnist_dir):
    exp = {"dataset": {"name": "mnist", "folder": str(mnist_dir), "limit": 2000, "test_ratio": 0.2},
           "network": {"layers": [{"units": 50, "activation": "sigmoid"}, {"units": 10, "activation": "softmax"}],
                       "loss": "cross_entropy", "init": 0.01, "seed": 0},
           "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 100}
    c, view = make_view(qtbot, exp)
    c.run_steps(20)
    view.request("random", resolutions=(5, 9))
    wait_done(qtbot, view)
    x, t = view.slice_data()
    assert len(x) == MAX_SLICE_SAMPLES < len(c.session.train.x)
    assert f"{MAX_SLICE_SAMPLES} of the 1600 training points" in view.message_text()
    assert abs(center_loss(view) - c.net.loss(x, t)) <= 1e-10


def test_big_networks_are_not_recorded_but_random_planes_work(qtbot):
    exp = dict(SPIRAL, network={"layers": [{"units": 500, "activation": "relu"},
                                           {"units": 500, "activation": "relu"},
                                           {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 0})
    c, view = make_view(qtbot, exp)
    assert sum(p.size for p in c.net.params.values()) > MAX_RECORDED_PARAMS
    assert "not recorded" in view.message_text()
    c.run_steps(3)
    assert view.request("pca") is None
    view.request("random", resolutions=(5,))
    wait_done(qtbot, view)
    assert abs(center_loss(view) - c.net.loss(*view.slice_data())) <= 1e-10
    assert len(view.path_points()) == 0


def test_trajectory_thins_evenly_and_keeps_the_newest():
    trajectory = Trajectory(capacity=8)
    for step in range(100):
        trajectory.record(step, {"w": np.array([float(step)])})
    steps = [s[1] for s in trajectory.snapshots()]
    assert len(steps) <= 9 and steps[0] == 0 and steps[-1] == 99
    gaps = np.diff(steps[:-1])
    assert len(set(gaps)) == 1 and gaps[0] == trajectory.stride


def test_a_failed_plane_is_reported_and_not_retried_at_once(qtbot):
    c, view = make_view(qtbot, dict(SPIRAL, optimizer={"name": "sgd", "lr": 0.0}), auto=True)
    wait_done(qtbot, view)
    train(c, view, 15)  # lr 0: every snapshot is the same point, so there is no path to analyse
    view.request("pca")
    wait_done(qtbot, view)
    assert "Could not compute the landscape" in view.message_text() and "failed" in view.status_text()
    job = view.worker.current_job
    train(c, view, 15)
    assert view.worker.current_job == job  # auto-refresh waits N steps before trying again
