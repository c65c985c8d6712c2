"""Jobs in worker threads: everything they say arrives on the GUI thread, in order, exactly once, and a job
that is superseded, cancelled or deleted falls silent."""

import gc
import threading
import weakref

import pytest
import shiboken6
from PySide6.QtCore import QObject

from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled
from visualnet.ui import gui_gc
from visualnet.ui.thread_job import PROGRESS_STEPS, ProgressJob, ThreadJob

WAIT_S = 30  # only ever reached when something is broken


def record(job):
    heard = []
    gui = threading.current_thread()
    for name in ("posted", "finished", "cancelled"):
        getattr(job, name).connect(lambda *args, name=name: heard.append(
            (name, args, threading.current_thread() is gui)))
    return heard


def test_posts_then_the_result_arrive_in_order_on_the_gui_thread(qapp):
    job = ThreadJob()

    def compute(run):
        for i in range(5):
            run.post(i)
        return "done"

    heard = record(job)
    job.start(compute)
    assert job.running
    assert job.wait(WAIT_S)
    assert heard == [("posted", (i,), True) for i in range(5)] + [("finished", ("done", ""), True)]
    assert not job.running


@pytest.mark.parametrize("error", [ConfigError("network.layers", "too big"), ValueError("bad"),
                                   FloatingPointError("overflow"), MemoryError()])
def test_a_refused_computation_finishes_with_its_message(qapp, error):
    job = ThreadJob()
    heard = record(job)

    def compute(_run):
        raise error

    job.start(compute)
    assert job.wait(WAIT_S)
    assert heard == [("finished", (None, str(error) or type(error).__name__), True)]


def test_cancel_stops_a_computation_that_polls(qapp):
    job = ThreadJob()
    heard = record(job)
    started = threading.Event()

    def compute(run):
        started.set()
        while not run.cancelled():
            run.cancelled()  # a computation checks between its chunks
        raise Cancelled("cancelled")

    job.start(compute)
    assert started.wait(WAIT_S)
    job.cancel()
    assert job.wait(WAIT_S)
    assert heard == [("cancelled", (), True)]


def test_a_new_start_silences_the_old_run_and_runs_after_it(qapp):
    job = ThreadJob()
    heard = record(job)
    release, order = threading.Event(), []

    def old(run):
        release.wait(WAIT_S)
        order.append("old")
        run.post("from the old run")
        return "old"

    def new(_run):
        order.append("new")
        return "new"

    job.start(old)
    job.start(new)  # the old one is cancelled (it ignores it) and the new one waits for it to end
    release.set()
    assert job.wait(WAIT_S)
    assert order == ["old", "new"]  # never two at once
    assert heard == [("finished", ("new", ""), True)]


def test_deleting_the_job_cancels_its_run_and_nobody_hears_of_it(qapp):
    parent = QObject()
    job = ThreadJob(parent)
    heard = record(job)
    started, seen_cancel = threading.Event(), threading.Event()
    runs = []

    def compute(run):
        runs.append(run)
        started.set()
        while not run.cancelled():
            pass
        seen_cancel.set()
        raise Cancelled("cancelled")

    job.start(compute)
    assert started.wait(WAIT_S)
    del job
    shiboken6.delete(parent)  # the lesson closes: its widget, and the job with it, are deleted
    assert seen_cancel.wait(WAIT_S)
    assert runs[0].cancelled() and heard == []


def test_progress_job_reports_at_most_a_hundred_times_ending_with_the_total(qapp):
    job = ProgressJob()
    progress, results = [], []
    job.progress.connect(lambda done, total: progress.append((done, total)))
    job.finished.connect(results.append)

    def compute(report):
        for done in range(1, 1001):
            report(done, 1000)
        return 42

    job.start(compute)
    assert job.wait(WAIT_S)
    assert results == [42]
    assert len(progress) <= PROGRESS_STEPS + 1 and progress[-1] == (1000, 1000)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_progress_job_cancels_at_the_next_report_and_says_failures(qapp):
    job = ProgressJob()
    outcomes = []
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    job.failed.connect(outcomes.append)
    started = threading.Event()

    def endless(report):
        started.set()
        done = 0
        while True:
            done += 1
            report(done, 10**9)

    job.start(endless)
    assert started.wait(WAIT_S)
    job.cancel()
    assert job.wait(WAIT_S)

    def refused(_report):
        raise ConfigError("limit", "must be positive")

    job.start(refused)
    assert job.wait(WAIT_S)
    assert outcomes == ["cancelled", "limit: must be positive"]


def test_garbage_with_qt_objects_is_collected_on_the_gui_thread_only(qapp):
    collector = gui_gc.install()  # as the app does at start
    try:
        collected_on_gui_thread(collector)
    finally:  # the rest of this test process keeps Python's automatic collection
        gui_gc.uninstall()


def collected_on_gui_thread(collector):
    assert not gc.isenabled()
    destroyed_in = []

    class Lesson:  # a closed lesson: a cycle that holds a Qt object, collectable garbage
        pass

    lesson = Lesson()
    lesson.me, lesson.widget = lesson, QObject()
    watch = weakref.ref(lesson.widget, lambda _: destroyed_in.append(threading.current_thread()))
    del lesson
    kept = []
    worker = threading.Thread(target=lambda: kept.append([[] for _ in range(20_000)]))  # would trigger a collection
    worker.start()
    worker.join()
    assert destroyed_in == []  # not collected in the worker
    collector.check()  # the collector's timer fires, on the GUI thread
    assert destroyed_in == [threading.main_thread()] and watch() is None



def test_a_bug_in_the_computation_ends_the_job_with_its_message(qapp, capsys):
    job = ThreadJob()
    heard = record(job)

    def buggy(_run):
        return {}["missing"]

    job.start(buggy)
    assert job.wait(WAIT_S)
    assert heard == [("finished", (None, "KeyError: 'missing'"), True)] and not job.running
    assert "KeyError" in capsys.readouterr().err  # the traceback is printed for whoever debugs it


def test_a_job_lets_the_gui_thread_win_the_gil_back_within_a_millisecond(qtbot):
    """The GUI thread asks for the GIL back after every NumPy call; a worker may keep it at most 1 ms."""
    import sys

    from visualnet.ui import thread_job

    saved = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        job = thread_job.ThreadJob()
        job.start(lambda run: 42)
        assert job.wait(10.0)
        assert sys.getswitchinterval() == pytest.approx(thread_job.SWITCH_INTERVAL_S)
    finally:
        sys.setswitchinterval(saved)
