"""The app's end of the training process: what it sends never waits for the process to read it, failures
come back as WorkerGone, and stopping ends the process and the threads that talk to it."""

import threading

import numpy as np
import pytest

from visualnet.ui.training_process import START_TIMEOUT_S, TrainingProcess, WorkerGone


def test_a_large_message_is_sent_while_the_process_still_starts_and_arrives_whole():
    process = TrainingProcess()
    try:
        large = ("no such message", np.arange(4 << 20, dtype=np.float64))  # 32 MB; the process takes a second to start
        sending = threading.Thread(target=process.send, args=(large,))
        sending.start()
        sending.join(START_TIMEOUT_S)  # written by the window's thread, it would wait for the process to read
        assert not sending.is_alive()
        with pytest.raises(WorkerGone, match="unknown message 'no such message'"):  # read whole, answered
            process.call(("still there?",))
    finally:
        process.stop()
    assert not process.alive
    process._sender.thread.join(START_TIMEOUT_S)
    assert not process._sender.thread.is_alive()  # stopping ends the writer too: no thread left per process
    with pytest.raises(WorkerGone):
        process.send(("frame", 1, False, False, None))
