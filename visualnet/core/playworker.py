"""Training in a second process while the app draws: the state that moves between them, and the worker's loop.

Drawing a frame of a big network takes the app's process most of a frame; in one process every millisecond
of drawing is one less of training. So fast play trains here, in a process of its own (on the other core),
one frame ahead: while the app draws frame k, this loop trains the steps of frame k + 1 and records the
last of them as a trace. The app receives that trace and the weights after it, so what it shows is always a
state the network really had, and stepping back stays exact. When play stops the whole training state comes
back (weights, optimizer, random generators, batch order, history), so the app's session continues exactly
where the worker stopped: N steps played are the same N steps taken one by one.

Messages (tuples over a ``multiprocessing`` pipe, written by :class:`Sender`, read by :func:`receive`),
answered in order:

- ``("load", experiment, state)``: build the session (data from the experiment — user points travel inside it,
  see :mod:`visualnet.core.userdata`), take ``state`` → ``("loaded",)``;
- ``("frame", max_steps, watch_summaries, evaluate, maps)``: record one step after those trained ahead,
  evaluate the whole sets if asked, compute the neuron maps over the plane if ``maps`` is (bounds,
  resolution) → ``("frame", payload)``; then ``max_steps − 1`` steps are due before the next;
- ``("state",)`` → ``("state", state)``: the state at the last frame;  ``("stop",)`` ends the loop.

The loop never waits for the app to ask: after answering a frame it trains the next frame's steps at once,
in slices of at most ``SLICE_S`` between which it looks for the next message, so a request finds them done
and is answered with one recorded step (training only once asked left this process idle while the app drew,
and late whenever drawing was quick). A ``state`` request is answered with the state kept at the last
frame, the steps trained ahead since dropped: the app goes on exactly from the step it shows, and pausing
waits for no extra recorded step (a conv net's pause took 300 ms recording, sending and drawing one).
"""

from __future__ import annotations

import pickle
import queue
import threading
import time

import numpy as np

from visualnet.core import analysis
from visualnet.core.trainer import BoundedSeries


def training_state(session, history: bool = True) -> dict:
    """Everything that changes while training (not the data or the experiment), as plain picklable data;
    without the history when ``history`` is False."""
    net, trainer, optimizer = session.net, session.trainer, session.optimizer
    return {
        "params": {k: v.copy() for k, v in net.params.items()},
        "buffers": net.buffers(),
        "net_rng": net.rng.bit_generator.state,
        "optimizer": optimizer.state_dict(),
        "rng": trainer.rng.bit_generator.state,
        "step": trainer.step_count,
        "epoch": trainer.epoch,
        "order": None if trainer._order is None else trainer._order.copy(),
        "cursor": trainer._cursor,
        "history": {k: s.state() for k, s in trainer.history.series().items()} if history else None,
        "divergence": trainer.divergence,
        "warning": trainer.warning,
        "best_loss": trainer._best_loss,
        "last_step_size": trainer._last_step_size,
        "summaries": list(net.last_summaries),
        "schedule": trainer.schedule.state_dict() if trainer.schedule is not None else {},
    }


def apply_training_state(session, state: dict):
    """Continue exactly from ``state`` (taken by :func:`training_state` from a session of the same experiment)."""
    net, trainer, optimizer = session.net, session.trainer, session.optimizer
    net.set_params(state["params"])
    net.set_buffers(state["buffers"])
    net.rng.bit_generator.state = state["net_rng"]
    optimizer.load_state_dict(state["optimizer"])
    trainer.rng.bit_generator.state = state["rng"]
    trainer.step_count, trainer.epoch = state["step"], state["epoch"]
    trainer._order = None if state["order"] is None else np.array(state["order"])
    trainer._cursor = state["cursor"]
    apply_history(trainer, state["history"])
    trainer.divergence, trainer.warning = state["divergence"], state["warning"]
    trainer._best_loss, trainer._last_step_size = state["best_loss"], state["last_step_size"]
    net.last_summaries = list(state["summaries"])
    if trainer.schedule is not None:
        trainer.schedule.load_state_dict(state.get("schedule", {}))
    for name, value in net.params.items():
        np.copyto(trainer._last_finite[name], value)


def apply_history(trainer, history: dict):
    for key, series in history.items():
        setattr(trainer.history, key, BoundedSeries.from_state(series))


SLICE_S = 0.002  # training ahead looks for a message at least this often


class Worker:
    """The loop of the training process (also usable in-process, for tests of the protocol)."""

    def __init__(self):
        self.session = None
        self.experiment = None
        self.steps_ahead = 0  # steps still to train before the next frame
        self.trained_ahead = 0  # steps trained since the last frame
        self.at_last_frame = None  # the training state right after the last frame's recorded step…
        self.history_at_last_frame = {}  # …and its history, as copies (made plain only when asked for)
        self.watch = False
        self.plane_maps = analysis.PlaneMaps()  # the neuron maps the app shows, sent with each frame
        self.send_seconds = 0.0  # what encoding the last reply took: a conv net's frame is tens of MB

    def handle(self, message):
        kind = message[0]
        if kind == "load":
            _, experiment, state = message
            if self.session is None or experiment != self.experiment:
                from visualnet.core.session import Session

                self.session, self.experiment = Session(experiment), experiment
            apply_training_state(self.session, state)
            self.steps_ahead = self.trained_ahead = 0
            return ("loaded",)
        if kind == "frame":
            max_steps, watch, evaluate, maps = message[1:]
            payload = self.frame(1, 0.0, watch, evaluate, maps)  # the steps ahead are done: record one more
            self._keep_state()
            self.steps_ahead, self.trained_ahead, self.watch = max(0, max_steps - 1), 0, watch
            return "frame", payload
        if kind == "state":
            if self.trained_ahead:
                state = dict(self.at_last_frame, history={k: s.state() for k, s in self.history_at_last_frame.items()})
            else:
                state = training_state(self.session)
            # the session here may be ahead of it: the app loads a state before it plays again
            self.steps_ahead = self.trained_ahead = 0
            return "state", state
        raise ValueError(f"unknown message {kind!r}")

    def _keep_state(self):
        """The state right after a frame, for a pause before the next: cheap, as every frame pays it (the
        history made plain data took 1 ms at 2,000 points a series, so it is only copied here)."""
        self.at_last_frame = training_state(self.session, history=False)
        self.history_at_last_frame = {k: s.copy() for k, s in self.session.trainer.history.series().items()}

    def has_work(self) -> bool:
        return self.steps_ahead > 0 and self.session is not None and self.session.trainer.divergence is None

    def train_ahead(self, seconds: float = SLICE_S):
        """Some of the next frame's steps, for at most ``seconds``."""
        trainer = self.session.trainer
        eval_every, trainer.eval_every = trainer.eval_every, 0
        trainer.watch_summaries = self.watch
        try:
            done = trainer.run_for(seconds, self.steps_ahead)
        finally:
            trainer.eval_every, trainer.watch_summaries = eval_every, True
        self.steps_ahead -= done
        self.trained_ahead += done
        if trainer.divergence is not None:
            self.steps_ahead = 0

    def frame(self, max_steps: int, seconds: float, watch_summaries: bool, evaluate: bool, maps=None) -> dict:
        """Up to ``max_steps − 1`` steps or ``seconds`` of them, then one recorded: a frame's payload (the loop
        asks for one recorded step, its steps being trained ahead; tests train a whole frame at once).
        ``maps``: (bounds, resolution) of the neuron maps the app shows, computed here for the new weights."""
        trainer = self.session.trainer
        eval_every, trainer.eval_every = trainer.eval_every, 0
        trainer.watch_summaries = watch_summaries
        started = time.perf_counter()
        try:
            if max_steps > 1:
                trainer.run_for(seconds, max_steps - 1)
            trace = trainer.step(record=True) if trainer.divergence is None else None
            evaluated = 0.0  # seconds the evaluation took
            if trace is not None and evaluate:
                eval_started = time.perf_counter()
                trainer.evaluate()
                evaluated = time.perf_counter() - eval_started
        finally:
            trainer.eval_every, trainer.watch_summaries = eval_every, True
        net = self.session.net
        neuron_maps = None
        if maps is not None and trace is not None:
            bounds, resolution = maps
            neuron_maps = (bounds, resolution, self.plane_maps(net, bounds, resolution))
        return {"trace": trace, "neuron_maps": neuron_maps, "params": {k: v.copy() for k, v in net.params.items()},
                "buffers": net.buffers(), "step": trainer.step_count, "epoch": trainer.epoch,
                "divergence": trainer.divergence, "warning": trainer.warning, "summaries": list(net.last_summaries),
                # what a frame costs this process, evaluation apart: the recorded step, and encoding it (as the last
                # reply took), so the app asks for frames only as often as leaves training most of the time
                "seconds": time.perf_counter() - started - evaluated + self.send_seconds,
                "eval_seconds": evaluated,
                "history": {k: s.state() for k, s in trainer.history.series().items()} if evaluate else None}


APART_BYTES = 1 << 16  # arrays this large travel apart from the pickle, a part each; smaller ones inside it


def encode(message) -> list:
    """``message`` as the parts :func:`receive` reads: a pickle (protocol 5), then the memory of each large
    array. The reader rebuilds those arrays on that memory: one pickle holding them all took a conv net's
    frame 35 ms to load in the app, holding the GIL all along, so the window froze as long (and 114 ms to
    dump); one part holding them all grew a 57 MB buffer while holding it (117 ms). Small arrays stay
    inside: a part each (a Playground frame has a hundred) cost the app's reader thread a GIL hand-over
    each, and the window a quarter of its frames."""
    apart = []

    def keep_apart(buffer) -> bool:  # False: out of band
        raw = buffer.raw()
        if raw.nbytes < APART_BYTES:
            return True
        apart.append(raw.tobytes())  # copied now: an array may change before the thread writes it
        return False

    head = pickle.dumps(message, protocol=5, buffer_callback=keep_apart)
    return [pickle.dumps((head, [len(data) for data in apart]), protocol=5), *apart]


def receive(connection):
    """The next message :class:`Sender` wrote to ``connection`` (blocks; EOFError or OSError when it ended)."""
    head, sizes = pickle.loads(connection.recv_bytes())
    buffers = []
    for size in sizes:
        buffer = bytearray(size)  # writable: the arrays rebuilt on it are as the sender's were
        connection.recv_bytes_into(buffer)
        buffers.append(buffer)
    return pickle.loads(head, buffers=buffers)


class Sender:
    """Messages written to a pipe by a thread of their own, in order: neither side waits for the other to
    read. The worker's frames are hundreds of kB (the neuron maps) that the app reads between drawing; a
    worker writing them itself sat idle a quarter of the time. The app's "load" of a conv net's state is as
    large, and written in the window's thread it stalled the window until the new process read it (176 ms).
    Pickling stays in the caller's thread (a frame's cost counts it); the write only waits, without the GIL."""

    def __init__(self, connection):
        self._connection = connection
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.ended = threading.Event()  # the pipe broke, or close() was called: nothing more is written
        self.thread = threading.Thread(target=self._write, daemon=True, name="visualnet-training-sender")
        self.thread.start()

    def send(self, message) -> float:
        """Queue ``message``; returns the CPU seconds pickling it took."""
        started = time.thread_time()
        self._queue.put(encode(message))
        return time.thread_time() - started

    def close(self):
        """End the thread once everything queued is written."""
        self.ended.set()
        self._queue.put(None)

    def _write(self):
        while True:
            data = self._queue.get()
            if data is None:
                return
            try:
                for part in data:  # one writer: the parts of two messages never interleave
                    self._connection.send_bytes(part)
            except (BrokenPipeError, OSError):
                self.ended.set()
                return


def main(connection):
    """The worker process: answer messages until told to stop or the app goes away."""
    worker = Worker()
    sender = Sender(connection)
    while not sender.ended.is_set():
        try:
            if worker.has_work() and not connection.poll(0):
                try:
                    worker.train_ahead()
                except Exception:  # noqa: BLE001 — said when the next frame is asked for
                    worker.steps_ahead = 0
                continue
            message = receive(connection)
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        try:
            reply = worker.handle(message)
        except Exception as exc:  # noqa: BLE001 — any failure goes back to the app, which falls back to its own loop
            reply = ("error", f"{type(exc).__name__}: {exc}")
        worker.send_seconds = sender.send(reply)
