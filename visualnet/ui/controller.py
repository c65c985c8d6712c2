"""The one owner of mutable state in the app: the session, the recorded traces and the playback timer.

Views subscribe to the signals and redraw from :attr:`Controller.state`-like accessors; they never
compute what the core owns. Stepping is a pure stepper (``core.trace.Player``); the ``QTimer`` only
calls :meth:`tick`.
"""

from __future__ import annotations

import copy
import math
import time
from collections import deque
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal

from visualnet.core import analysis, debugger, gradcheck, playworker, sessionfile
from visualnet.core import frame as frames
from visualnet.core.errors import ConfigError
from visualnet.core.session import Session
from visualnet.core.trace import Player, Trace
from visualnet.ui import i18n
from visualnet.ui.training_process import START_TIMEOUT_S, TrainingProcess, WorkerGone


class Speed(NamedTuple):
    """A playback speed: ``events`` trace events or ``steps`` training steps per timer tick."""

    label: str  # in English; :meth:`text` in the user's language
    events: int | None
    steps: int | None
    interval_ms: int

    def text(self) -> str:
        return QCoreApplication.translate("Speed", self.label)


FRAME_MS = 16  # a tick of the play timer at the frame speeds
SPEEDS = [
    Speed(QT_TRANSLATE_NOOP("Speed", "slow motion: 1 event / 1.2 s"), 1, None, 1200),
    Speed(QT_TRANSLATE_NOOP("Speed", "1 event / 0.6 s"), 1, None, 600),
    Speed(QT_TRANSLATE_NOOP("Speed", "1 event / 0.25 s"), 1, None, 250),
    Speed(QT_TRANSLATE_NOOP("Speed", "1 event / frame"), 1, None, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "1 step / 0.5 s"), None, 1, 500),
    Speed(QT_TRANSLATE_NOOP("Speed", "1 step / frame"), None, 1, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "3 steps / frame"), None, 3, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "10 steps / frame"), None, 10, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "30 steps / frame"), None, 30, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "100 steps / frame"), None, 100, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "300 steps / frame"), None, 300, FRAME_MS),
    Speed(QT_TRANSLATE_NOOP("Speed", "1000 steps / frame"), None, 1000, FRAME_MS),
]
DEFAULT_SPEED = 5
FRAME_S = 1 / 50  # the frame the play loop aims at when it trains several steps a frame
MIN_TRAIN_S, MAX_TRAIN_S = 0.003, 0.025  # training's slice of a frame: what drawing leaves, within these bounds
EVAL_PERIOD_S = 0.2  # while playing, the whole-set metrics are evaluated at most this often …
EVAL_SHARE = 0.2  # … and take at most this share of play (a conv net's pass over MNIST costs a second)
USE_TRAINING_PROCESS = True  # fast play trains in a second process (tests may turn it off)
WORKER_GRACE_S = 0.003  # a tick waits this long for the process's frame before drawing nothing new
MAX_TRACES = 40
MAX_HAND_WEIGHT = 1e4  # enough to saturate any unit; 1e308 would only overflow every view


class Controller(QObject):
    """Session + playback. Signals carry no payload the views could get out of sync with.

    One signal, one meaning, and a compound change (a preset, a session file) emits each once:

    - ``stepped``: the shown trace position or the weights changed;
    - ``sampleChanged(int)``: another sample of the batch is traced (nothing else changed);
    - ``reset``: a new network (new weights, maybe a new architecture, data or session);
    - ``configChanged``: the experiment changed and the weights were kept;
    - ``status(str)``: a notice for the status bar. Refusals are never sent here: methods raise
      :class:`ConfigError` / :class:`SessionFileError` and the caller shows them where the user acted.
    """

    stepped = Signal()
    reset = Signal()
    configChanged = Signal()
    diverged = Signal(str)
    divergenceCleared = Signal()
    status = Signal(str)
    playingChanged = Signal(bool)
    sampleChanged = Signal(int)
    warningChanged = Signal(str)  # the trainer's blow-up warning appeared (its text) or cleared ("")
    plantChanged = Signal()  # a bug was planted in the backward pass, or removed (see :attr:`plant`)
    debugChanged = Signal()  # the debugger's gradient check shown on the graph changed (:attr:`debug_report`)

    def __init__(self, experiment: dict | None = None, parent=None, session: Session | None = None):
        super().__init__(parent)
        self.session = session if session is not None else Session(experiment)
        self.player = Player()
        self.traces: deque[Trace] = deque(maxlen=MAX_TRACES)
        self.trace_index = -1
        self.sample_index = 0
        self.speed = DEFAULT_SPEED
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.PreciseTimer)  # a coarse timer may fire 5 % late: under 60 frames a second
        self.timer.timeout.connect(self.tick)
        self.clock = time.perf_counter  # tests inject their own
        self._last_tick = None
        self._train_s = 0.0  # training time of the last tick
        self._other_s = FRAME_S / 2  # running estimate of a frame's drawing, painting and events
        self._watchers: set = set()  # views on screen that show the per-layer gradient summaries
        self._last_eval = float("-inf")
        self.use_worker = USE_TRAINING_PROCESS
        self._worker = None  # the training process, started by the first fast play
        self._worker_synced = False  # it holds exactly this session's training state
        self._worker_pending = 0  # replies it still owes (a load, a frame)
        self._worker_ahead = False  # frames from it were shown: this session's optimizer and history lag
        self._worker_starting = False  # started, its first load not answered yet (1 step / frame trains here)
        self._period_s = FRAME_S  # running estimate of the time between ticks
        self.worker_wait_s = WORKER_GRACE_S  # how long a tick waits for the process's frame (tests wait longer)
        self._frame_cost_s = 0.0  # what a frame costs the process (its recorded step, sending it), smoothed
        self._eval_cost_s = 0.0  # what the last evaluation of the whole sets took
        self._ticks_without_frame = 0
        self.frames = 0
        self._map_cache = {}
        self._plane_maps = analysis.PlaneMaps()
        self._maps_wanted = None  # (bounds, resolution, frame) of the last neuron maps a view asked for
        self._edits = 0  # bumps when a weight is edited by hand, invalidating cached maps
        self._frame_model = frames.FrameModel(self.net)
        self._frame_cache = (None, None)
        self._warning = None
        self.plant: debugger.Plant | None = None  # the bug the backward pass (and training) runs with
        self.debug_report = None  # the debugger's check shown on the graph, for the trace ``debug_trace``
        self.debug_trace = None

    # -- read access for views ------------------------------------------------------------------

    @property
    def net(self):
        return self.session.net

    @property
    def trainer(self):
        return self.session.trainer

    @property
    def experiment(self) -> dict:
        return copy.deepcopy(self.session.experiment)

    @property
    def layers(self):
        """The network's :class:`~visualnet.core.network.LayerInfo` tuple."""
        return self._frame_model.layers

    @property
    def trace(self) -> Trace | None:
        return self.player.trace

    @property
    def event(self):
        return self.player.current

    @property
    def position(self) -> int:
        return self.player.position

    @property
    def is_playing(self) -> bool:
        return self.timer.isActive()

    @property
    def at_newest(self) -> bool:
        return self.trace_index == len(self.traces) - 1 and self.player.at_end

    def frame(self) -> frames.Frame:
        """What the node graph and the inspector show now, computed once per state."""
        key = (id(self.player.trace), self.player.position, self.sample_index, self._edits,
               self.trainer.step_count, self.session.experiment["optimizer"].get("name"), i18n.current())
        if self._frame_cache[0] != key:
            frame = self._frame_model.at(self.player.trace, self.player.position, self.net.params,
                                         self.sample_index, self.session.experiment["optimizer"],
                                         self.trainer.step_count + 1)
            self._frame_cache = (key, frame)
        return self._frame_cache[1]

    def shown_params(self) -> dict:
        """The weights the views draw now: before the trace's update events, the 'before' values."""
        return frames.shown_params(self.player.trace, self.player.position, self.net.params)

    def reached_events(self):
        """(forward by layer, backward by layer, update by parameter, loss event) reached so far."""
        return frames.reached_events(self.player.trace, self.player.position)

    def phase(self) -> str:
        """'idle', 'forward', 'loss', 'backward' or 'update': what the current event is about."""
        event = self.player.current
        return "idle" if event is None else event.kind

    def neuron_maps(self, bounds, resolution=32):
        """Per-layer maps of every unit over the input plane for the shown weights (cached per state; during
        play the training process sends them with each frame)."""
        self._maps_wanted = (bounds, resolution, self.frames)
        key = self._map_key(bounds, resolution)
        if key not in self._map_cache:
            self._map_cache.clear()
            self._map_cache[key] = self._plane_maps(self.net, bounds, resolution, self._params_or_none())
        return self._map_cache[key]

    def _map_key(self, bounds, resolution) -> tuple:
        # each update event changes the shown weights, so it keys the cache by its own position
        position = self.player.position if self.phase() == "update" else -1
        return (id(self.player.trace), position, self.player.at_end, bounds, resolution,
                self.trainer.step_count, self._edits)

    def decision_map(self, bounds, resolution=80):
        return analysis.decision_map(self.net, bounds, resolution, params=self._params_or_none())

    def _params_or_none(self):
        trace = self.player.trace
        if trace is None or self.at_newest:
            return None
        return self.shown_params()

    def gradient_check(self, name: str, index: tuple, analytic: float) -> gradcheck.Check:
        """Backprop's ∂L/∂params[name][index] against central differences, on the traced batch, at the
        step's weights and with its dropout masks (:mod:`visualnet.core.gradcheck`)."""
        return gradcheck.check_trace(self.net, self.player.trace, name, index, analytic)

    # -- stepping -------------------------------------------------------------------------------

    def _watch_warning(self):
        if self.trainer.warning != self._warning:
            self._warning = self.trainer.warning
            self.warningChanged.emit(self._warning or "")

    def _record_step(self) -> bool:
        trace = self.trainer.step(record=True)
        self._watch_warning()
        if trace is None:
            self._on_diverged()
            return False
        self.traces.append(trace)
        self.trace_index = len(self.traces) - 1
        return True

    def substep(self):
        """Advance one trace event; at the end of the newest trace, record a new training step."""
        self._settle()
        if self.trainer.divergence is not None:
            return
        if self.player.trace is not None and not self.player.at_end:
            self.player.step()
        elif self.trace_index < len(self.traces) - 1:
            self.trace_index += 1
            self.player.load(self.traces[self.trace_index], 0)
        else:
            if not self._record_step():
                return
            self.player.load(self.traces[self.trace_index], 0)
        self.stepped.emit()

    def substep_back(self):
        """Return exactly to the previous event, crossing into the previous recorded step if needed.

        The mirror image of :meth:`substep`: the end of one step and the first event of the next are
        neighbours, and only before the very first recorded step is there a 'nothing shown yet' state.
        """
        self._settle()
        if self.player.trace is None:
            return
        if self.player.position > 0:
            self.player.back()
        elif self.player.position == 0 and self.trace_index > 0:
            self.trace_index -= 1
            self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        elif self.player.position == 0:
            self.player.back()
        else:
            return
        self.stepped.emit()

    def train_step(self):
        """One whole training step: finish the step being shown, or record the next one."""
        self._settle()
        if self.trainer.divergence is not None:
            return
        if self.player.trace is not None and not self.player.at_end:
            self.player.seek(len(self.player.trace) - 1)
        elif self.trace_index < len(self.traces) - 1:
            self.trace_index += 1
            self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        else:
            if not self._record_step():
                return
            self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        self.stepped.emit()

    def run_steps(self, n: int):
        """``n`` training steps as fast as possible; only the last is recorded (it is what gets shown)."""
        self._settle()
        if self.trainer.divergence is not None or n < 1:
            return
        if n > 1:
            self.trainer.run(n - 1)
            if self.trainer.divergence is not None:
                self._on_diverged()
                return
        if self._record_step():
            self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        self.stepped.emit()

    def tick(self):
        """One timer tick: events or steps per the current speed.

        Training and drawing are separate budgets: training alone is timed (no signal is emitted while it
        runs), it gets what the last frames left of 1/60 s after drawing, painting and events, and then the
        views draw the newest state once. The shown state is always a step the network really took (the
        last one of the slice, recorded), so stepping back stays exact."""
        now = self.clock()
        if self._last_tick is not None:
            period = min(max(0.0, now - self._last_tick), 0.5)
            self._other_s = 0.8 * self._other_s + 0.2 * max(0.0, period - self._train_s)
            self._period_s = 0.8 * self._period_s + 0.2 * period
        self._last_tick = now
        speed = SPEEDS[self.speed]
        if speed.events:
            self._train_s = 0.0
            self.substep()
        elif self._plays_in_worker(speed) and self._worker_tick(speed.steps):
            pass
        else:
            # while the process starts, the step trained here skips the whole-set metrics (on MNIST an evaluation
            # in this thread stalls the window), which the process computes as soon as it is up
            self.train_slice(speed.steps, min(max(FRAME_S - self._other_s, MIN_TRAIN_S), MAX_TRAIN_S),
                             evaluate=not self._worker_starting)
        self.frames += 1

    # -- the training process ---------------------------------------------------------------------

    def _plays_in_worker(self, speed: Speed) -> bool:
        """Steps every frame train in the training process, even one: this process then only draws (a traced
        step of the Playground net is a tenth of a 60 fps frame). A planted bug is a closure the process
        cannot receive: then it trains here, as do the slow speeds."""
        return bool(speed.steps) and speed.interval_ms <= FRAME_MS and self.use_worker and self.plant is None

    def _worker_tick(self, max_steps: int) -> bool:
        """Fast play in the training process: show the frame it trained while this one was drawn, and ask
        for the next at once. False when the process is unavailable, or still starting at 1 step / frame: the
        caller trains here instead (so Play answers at once)."""
        self._train_s = 0.0
        try:
            if self._worker is None or not self._worker.alive:
                self._worker, self._worker_pending, self._worker_starting = TrainingProcess(), 0, True
                self._send_state()
                return True  # starting it took this tick's time (tens of ms): the next ticks train
            if self._worker_starting:
                # starting Python, NumPy and the session there takes a second: at 1 step / frame (the speed Play
                # starts at) play trains here until it is up; faster speeds wait for it, as a slice of many steps
                # here beside a landscape computing in a thread stalled the window up to 150 ms on MNIST
                if self._worker.receive(0.0 if max_steps == 1 else self.worker_wait_s) is None:
                    return max_steps > 1
                self._worker_pending -= 1
                self._worker_starting = self._worker_synced = False  # it loaded an older state: send today's
            if not self._worker_synced:
                self._send_state()
            while self._worker_pending:
                reply = self._worker.receive(self.worker_wait_s)
                if reply is None:  # not there yet: this tick draws nothing new
                    return True
                self._worker_pending -= 1
                if reply[0] == "frame" and not self._show_worker_frame(reply[1]):
                    return True
            # a frame costs the process a recorded step: where that is over half a tick (a recurrent net's
            # trace through time), frames are asked for every few ticks, so training keeps most of its time
            # (at 1 step / frame the recorded step is all the training there is: every tick asks for one)
            wait = 0
            if max_steps > 1 and self._period_s > 0:
                wait = math.ceil(self._frame_cost_s / (0.5 * self._period_s)) - 1
            if self._ticks_without_frame < wait:
                self._ticks_without_frame += 1
                return True
            self._ticks_without_frame = 0
            now = self.clock()
            evaluate = self._evaluation_due(now)
            if evaluate:
                self._last_eval = now
            # the process has trained this frame's steps already (it trains ahead): it records one more and
            # answers within a slice, long before the next tick; then it trains the next frame's steps
            self._worker.send(("frame", max_steps, bool(self._watchers), evaluate, self._maps_for_worker()))
            self._worker_pending += 1
        except WorkerGone as exc:
            self._drop_worker(exc)
            return False
        return True

    def _send_state(self):
        """Hand the process this session's experiment and training state (it answers "loaded")."""
        self._worker.send(("load", self.session.experiment, playworker.training_state(self.session)))
        self._worker_synced, self._worker_pending = True, self._worker_pending + 1

    def _maps_for_worker(self):
        """(bounds, resolution) of the neuron maps a view on screen drew in the last frames, else None: the
        process computes them with the frame, so a hidden tab costs nothing and the shown one no forward pass."""
        wanted = self._maps_wanted
        return None if wanted is None or self.frames - wanted[2] > 2 else wanted[:2]

    def _show_worker_frame(self, frame: dict, emit: bool = True) -> bool:
        """Take a frame of the training process: its weights, its recorded last step, its counters."""
        net, trainer = self.net, self.trainer
        net.set_params(frame["params"])
        net.set_buffers(frame["buffers"])
        trainer.step_count, trainer.epoch, trainer.warning = frame["step"], frame["epoch"], frame["warning"]
        net.last_summaries = frame["summaries"]
        if frame["history"] is not None:
            playworker.apply_history(trainer, frame["history"])
            self._eval_cost_s = frame["eval_seconds"]
        # what a frame costs the process, evaluation apart, smoothed: one slow frame must not skip a tick
        self._frame_cost_s = 0.7 * self._frame_cost_s + 0.3 * frame["seconds"]
        self._worker_ahead = True
        if frame["trace"] is not None:
            self.traces.append(frame["trace"])
            self.trace_index = len(self.traces) - 1
            self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        if frame.get("neuron_maps") is not None:
            bounds, resolution, maps = frame["neuron_maps"]
            self._map_cache = {self._map_key(bounds, resolution): maps}
        if frame["divergence"] is not None:
            self._settle()
            self._on_diverged()
            return False
        if emit:
            self._watch_warning()
            self.stepped.emit()
        return True

    def _settle(self):
        """Bring this session up to the training process's state (weights, optimizer, random generators,
        batch order, history) before anything here reads or changes it; the process goes idle."""
        worker = self._worker
        if self._worker_starting:  # it holds nothing newer than this session: its load is answered later
            return
        if worker is None or not (self._worker_pending or self._worker_ahead):
            self._worker_synced = False
            return
        try:
            while self._worker_pending:
                reply = worker.receive(START_TIMEOUT_S)
                if reply is None:
                    raise WorkerGone("the training process did not answer")
                self._worker_pending -= 1
                if reply[0] == "frame":
                    frame = dict(reply[1], divergence=None)  # the state below carries a divergence
                    self._show_worker_frame(frame, emit=False)
            _, state = worker.call(("state",))  # the state at the frame shown last: play goes on from it
            playworker.apply_training_state(self.session, state)
        except WorkerGone as exc:
            self._drop_worker(exc)
        self._worker_ahead = False
        self._worker_synced = False  # whatever the caller changes next, the next fast play reloads

    def stop_training_process(self):
        """Take the training process's state and end it (the window closes; fast play would start another)."""
        self._settle()
        self._forget_worker()

    def _forget_worker(self):
        if self._worker is not None:
            self._worker.stop()
        self._worker, self._worker_pending, self._worker_ahead, self._worker_synced = None, 0, False, False
        self._worker_starting = False

    def _drop_worker(self, reason):
        """The training process failed: say so once, and train in this process from now on."""
        self._forget_worker()
        self.use_worker = False
        self.status.emit(self.tr("Training in a second process stopped ({reason}); training here instead.")
                         .format(reason=reason))

    def settle(self):
        """Public for tests and scripts: wait for the training process and take its state."""
        self._settle()

    def train_slice(self, max_steps: int, seconds: float, evaluate: bool = True):
        """Up to ``max_steps`` training steps within ``seconds`` (at least one), the last recorded and shown;
        one ``stepped`` at the end. Summaries are computed only if a view on screen shows them; the whole-set
        metrics when due, unless ``evaluate`` is False."""
        self._settle()
        trainer = self.trainer
        if trainer.divergence is not None or max_steps < 1:
            return
        start = self.clock()
        eval_every, trainer.eval_every = trainer.eval_every, 0  # the whole-set metrics: by time, below
        trainer.watch_summaries = bool(self._watchers)
        try:
            if max_steps > 1:
                trainer.run_for(seconds, max_steps - 1, self.clock)
            slice_diverged = trainer.divergence is not None
            recorded = not slice_diverged and self._record_step()  # reports its own divergence
        finally:
            trainer.eval_every, trainer.watch_summaries = eval_every, True
        self._train_s = self.clock() - start
        if slice_diverged:
            self._on_diverged()
        if not recorded:
            return
        self.player.load(self.traces[self.trace_index], len(self.traces[self.trace_index]) - 1)
        if evaluate:
            self._evaluate_when_due(start)
        self._train_s = self.clock() - start
        self.stepped.emit()

    def _evaluate_when_due(self, now: float):
        """Train and test metrics over the whole sets, at most every EVAL_PERIOD_S of play (and every
        ``eval_every`` steps): on MNIST one evaluation costs a frame, every frame would halve the training."""
        trainer = self.trainer
        last = trainer.history.train_eval_loss.steps[-1] if len(trainer.history.train_eval_loss) else 0
        if trainer.eval_every and trainer.step_count - last >= trainer.eval_every and self._evaluation_due(now):
            started = self.clock()
            trainer.evaluate()
            self._last_eval, self._eval_cost_s = now, self.clock() - started

    def _evaluation_due(self, now: float) -> bool:
        """Whether play should evaluate the whole sets now: every EVAL_PERIOD_S, or less often where one
        evaluation costs more than EVAL_SHARE of that (the curves then come every few seconds, and training
        keeps most of its time)."""
        return now - self._last_eval >= max(EVAL_PERIOD_S, self._eval_cost_s * (1 - EVAL_SHARE) / EVAL_SHARE)

    def watch_summaries(self, watcher, on: bool):
        """A view showing per-layer gradient summaries came on screen (or left it): fast play computes them
        only while one does."""
        (self._watchers.add if on else self._watchers.discard)(watcher)

    # -- playback -------------------------------------------------------------------------------

    def play(self) -> bool:
        """Start the timer; False (and nothing starts) while the training is diverged."""
        if self.trainer.divergence is not None:
            return False
        if not self.timer.isActive():
            self._last_tick = None
            self.timer.start(SPEEDS[self.speed].interval_ms)
            self.playingChanged.emit(True)
        return True

    def pause(self):
        if self.timer.isActive():
            self.timer.stop()
            shown = (id(self.player.trace), self.trainer.step_count)
            self._settle()
            if (id(self.player.trace), self.trainer.step_count) != shown:
                self.stepped.emit()  # the process's last frame or step came back with its state: show it
            self.playingChanged.emit(False)

    def toggle_play(self):
        if self.timer.isActive():
            self.pause()
        elif not self.play():
            self.status.emit(self.tr("Training diverged — lower the learning rate or reset before playing again."))

    def set_speed(self, level: int):
        self.speed = int(np.clip(level, 0, len(SPEEDS) - 1))
        if self.timer.isActive():
            self.timer.setInterval(SPEEDS[self.speed].interval_ms)

    # -- changes --------------------------------------------------------------------------------

    def _clear_traces(self):
        self.traces.clear()
        self.trace_index = -1
        self.player = Player()
        self._map_cache.clear()
        self._frame_cache = (None, None)

    def _new_network(self, keep_plant: bool = False):
        """After the session got a new network: forget the traces and tell every view, once. A planted bug
        stays only when asked (a reset: the same layers), on the new trainer."""
        self.pause()
        self._clear_traces()
        self.debug_report = self.debug_trace = None
        had_plant = self.plant is not None
        if not keep_plant:
            self.plant = None
        if self.plant is not None:
            self.trainer.gradient = debugger.gradient_function(self.net, self.plant)
        self._frame_model = frames.FrameModel(self.net)
        self.divergenceCleared.emit()
        self._watch_warning()
        if had_plant and self.plant is None:
            self.plantChanged.emit()
        self.reset.emit()

    def reset_network(self):
        """Fresh weights from the seed, fresh optimizer and history."""
        self._settle()
        self.session.reset()
        self._new_network(keep_plant=True)
        self.status.emit(self.tr("Network reset: new weights from the seed."))

    def apply_experiment(self, experiment: dict) -> str:
        """Apply edited settings: 'kept' (the weights stay) or 'reset' (a new network).

        Raises :class:`ConfigError` naming the field when the settings are refused; then nothing changed.
        """
        self._settle()
        try:
            outcome = self.session.apply(experiment)
        except ConfigError:
            raise
        except (OSError, ValueError) as exc:  # e.g. an MNIST folder that went away
            raise ConfigError("dataset", str(exc)) from exc
        if outcome == "reset":
            self._new_network()
            self.status.emit(self.tr("Architecture or data changed: the network was rebuilt with new weights."))
        else:
            if self.trainer.divergence is not None:
                self.trainer.clear_divergence()
                self.divergenceCleared.emit()
            self._frame_cache = (None, None)
            if self.plant is not None:  # the trainer may be a new one: it trains with the bug too
                self.trainer.gradient = debugger.gradient_function(self.net, self.plant)
            self._watch_warning()
            self.configChanged.emit()
            self.status.emit(self.tr("Settings applied; the weights were kept."))
        return outcome

    def load_experiment(self, experiment: dict):
        """Start afresh on ``experiment`` (a lesson preset): new data, network and history, one reset.

        Raises :class:`ConfigError` and keeps the current session when the experiment is refused.
        """
        self._settle()
        try:
            session = Session(experiment)
        except (OSError, ValueError) as exc:
            raise exc if isinstance(exc, ConfigError) else ConfigError("dataset", str(exc)) from exc
        self.session = session
        self._new_network()

    def load_session(self, path) -> dict:
        """Replace the session by a saved one and return the view settings saved with it.

        Raises :class:`sessionfile.SessionFileError` and leaves everything as it was on a bad file.
        """
        self._settle()
        session, view = sessionfile.load(path)
        self.session = session
        self._new_network()
        self.status.emit(self.tr("Opened {path} at step {step}.").format(path=path, step=session.trainer.step_count))
        return view

    def save_session(self, path, view: dict | None = None):
        """Write the session to ``path`` atomically; raises OSError (the file is then unchanged)."""
        self._settle()
        sessionfile.save(self.session, path, view)
        self.status.emit(self.tr("Saved {path}.").format(path=path))

    def set_sample(self, index: int):
        trace = self.player.trace
        n = len(trace.batch_x) if trace is not None else self.trainer.batch_size
        index = int(np.clip(index, 0, max(0, n - 1)))
        if index != self.sample_index:
            self.sample_index = index
            self.sampleChanged.emit(index)

    def edit_weight(self, name: str, index: tuple, value: float):
        """Set one parameter by hand, then re-trace the shown batch so the new output can be seen."""
        self._settle()
        if not np.isfinite(value) or abs(value) > MAX_HAND_WEIGHT:
            raise ConfigError("value", self.tr("a weight typed by hand must be a finite number between "
                                               "−{m:g} and {m:g}").format(m=MAX_HAND_WEIGHT))
        self.pause()
        self.net.params[name][index] = value
        self._edits += 1
        trace = self.player.trace
        if trace is None:
            self.status.emit(self.tr("{name}{index} set to {value}.").format(name=name, index=list(index),
                                                                                value=f"{value:g}"))
            self.stepped.emit()
            return
        preview = self.trainer.preview(trace.batch_x, trace.batch_t, trace.batch_indices)
        self.traces.append(preview)
        self.trace_index = len(self.traces) - 1
        loss_at = next(i for i, e in enumerate(preview.events) if e.kind == "loss")
        self.player.load(preview, loss_at)
        self.status.emit(self.tr("{name}{index} set to {value}: the forward pass and loss were re-traced.").format(
            name=name, index=list(index), value=f"{value:g}"))
        self.stepped.emit()

    # -- the backprop debugger -------------------------------------------------------------------

    def plant_bug(self, plant: debugger.Plant | None):
        """Run the backward pass, and training, with ``plant`` (a :class:`debugger.Plant` made for this
        network; None: the correct backward), then re-trace the shown batch so the graph shows what it
        computes. The check shown on the graph belonged to the old backward pass: it goes."""
        self._settle()
        self.pause()
        self.plant = plant
        self.trainer.gradient = None if plant is None else debugger.gradient_function(self.net, plant)
        self.debug_report = self.debug_trace = None
        self._retrace()
        self.plantChanged.emit()
        self.debugChanged.emit()
        self.stepped.emit()

    def remove_bug(self):
        self.plant_bug(None)

    def _retrace(self):
        """Forward, loss and backward of the shown batch (before any step: the first training points) at the
        current weights, without an update: what the node graph shows and the debugger checks."""
        trace, trainer = self.player.trace, self.trainer
        if trace is not None:
            x, t, indices = trace.batch_x, trace.batch_t, trace.batch_indices
        else:
            n = min(trainer.batch_size, len(trainer.x_train))
            x, t, indices = trainer.x_train[:n], trainer.t_train[:n], np.arange(n)
        preview = trainer.preview(x, t, indices)
        self.traces.append(preview)
        self.trace_index = len(self.traces) - 1
        self.player.load(preview, len(preview) - 1)

    def show_debug_report(self, report, trace=None):
        """Show a debugger check (:class:`debugger.Report`; None hides it) made on ``trace``."""
        self.debug_report, self.debug_trace = report, trace
        self.debugChanged.emit()

    def shown_debug_report(self):
        """The check to colour the graph by: only while the trace it was made on is shown."""
        if self.debug_report is None or self.player.trace is not self.debug_trace:
            return None
        return self.debug_report

    def _on_diverged(self):
        self.pause()
        divergence = self.trainer.divergence
        message = self.tr("diverged at step {step} — {reason}").format(step=divergence.step,
                                                                        reason=divergence.reason)
        self.diverged.emit(message)
        self.status.emit(message)
