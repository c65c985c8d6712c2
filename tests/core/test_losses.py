"""Losses against hand-computed values, as PyTorch defines them (mean reduction)."""

import numpy as np
import pytest

from visualnet.core import losses


def test_mse_is_mean_over_all_elements():
    y = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = np.array([[0.0, 2.0], [3.0, 2.0]])
    assert losses.value("mse", y, y, t) == pytest.approx((1 + 0 + 0 + 4) / 4)
    np.testing.assert_allclose(losses.grad_output("mse", y, t), 2 * (y - t) / 4)


def test_bce_from_logits_matches_formula_and_stays_finite():
    z = np.array([[0.0], [2.0], [-1.0]])
    y = 1 / (1 + np.exp(-z))
    t = losses.prepare_targets("bce", np.array([1, 0, 0]), y)
    expected = -np.mean([np.log(0.5), np.log(1 - y[1, 0]), np.log(1 - y[2, 0])])
    assert losses.value("bce", z, y, t) == pytest.approx(expected)
    z_big = np.array([[1000.0], [-1000.0]])
    y_big = np.array([[1.0], [0.0]])
    t_big = losses.prepare_targets("bce", np.array([0, 1]), y_big)
    assert losses.value("bce", z_big, y_big, t_big) == pytest.approx(1000.0)
    np.testing.assert_allclose(losses.fused_delta("bce", y, t), (y - t) / 3)


def test_cross_entropy_int_and_one_hot_agree():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    y = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    labels = np.array([2, 0])
    expected = -(np.log(y[0, 2]) + np.log(y[1, 0])) / 2
    assert losses.value("cross_entropy", z, y, labels) == pytest.approx(expected)
    one_hot = losses.prepare_targets("cross_entropy", np.eye(3)[labels], y)
    assert losses.value("cross_entropy", z, y, one_hot) == pytest.approx(expected)
    delta = losses.fused_delta("cross_entropy", y, labels)
    np.testing.assert_allclose(delta, (y - np.eye(3)[labels]) / 2)


def test_cross_entropy_stable_for_huge_logits():
    z = np.array([[1000.0, -1000.0]])
    y = np.array([[1.0, 0.0]])
    assert losses.value("cross_entropy", z, y, np.array([1])) == pytest.approx(2000.0)


def test_targets_and_outputs_decode_into_classes_in_one_place():
    np.testing.assert_array_equal(losses.labels_of(np.array([2, 0, 1]), 3), [2, 0, 1])
    np.testing.assert_array_equal(losses.labels_of(np.array([[0.1, 0.7, 0.2], [0, 0, 1]]), 3), [1, 2])
    np.testing.assert_array_equal(losses.labels_of(np.array([[1.0], [0.0]]), 2), [1, 0])  # a column of labels
    np.testing.assert_array_equal(losses.labels_of(np.array([[0.2, 0.8]])), [1])  # rows of any width
    with pytest.raises(losses.ConfigError, match="0..2"):
        losses.labels_of(np.array([3]), 3)
    with pytest.raises(losses.ConfigError, match="integer labels"):
        losses.labels_of(np.array([0.5]), 2)
    assert losses.class_of(np.array([0, 0, 1, 0])) == 2 and losses.class_of(np.array([0.1, 0.6, 0.3])) == 1
    assert losses.class_of(np.array([3])) == 3 and losses.class_of(1.0) == 1 and losses.class_of(np.int64(0)) == 0
