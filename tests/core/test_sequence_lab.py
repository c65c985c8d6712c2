"""The rnn_vs_lstm_memory lesson: the gradient through time reaches the first step in an LSTM, not in an RNN."""

from visualnet.core import presets, sequence_lab
from visualnet.core.session import Session


def test_the_memory_preset_runs_an_lstm_and_the_lab_swaps_in_a_plain_rnn():
    preset = presets.get(sequence_lab.PRESET)
    assert preset.view["tab"] == "sequence" and preset.view["compare"] == "memory"
    layer = preset.experiment["network"]["layers"][0]
    assert layer["type"] == "lstm" and preset.experiment["dataset"]["name"] == "memory"
    rnn = sequence_lab.memory_experiment("rnn")["network"]["layers"][0]
    assert rnn["type"] == "rnn" and "forget_bias" not in rnn and rnn["units"] == layer["units"]


def test_the_plain_rnns_gradient_reaching_the_first_step_is_100_times_smaller_than_the_lstms(capsys):
    ratios = {}
    for kind in ("rnn", "lstm"):
        session = Session(sequence_lab.memory_experiment(kind))
        x, t = session.train.x[:sequence_lab.PROBE], session.train.t[:sequence_lab.PROBE]
        norms = sequence_lab.dh_norms(session.net, x, t)
        assert len(norms) == preset_length()
        ratios[kind] = norms[0] / norms[-1]
    with capsys.disabled():
        print(f"\n‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ before training: RNN {ratios['rnn']:.3g}, LSTM {ratios['lstm']:.3g}")
    assert ratios["rnn"] * 100 <= ratios["lstm"]


def preset_length() -> int:
    return presets.get(sequence_lab.PRESET).experiment["dataset"]["length"]
