"""The checked spin boxes, typed into as a user types: a number is applied exactly as typed or refused and said,
never shortened, rounded for show, or read leniently the way Python reads numbers ("5_12" is 512 to int())."""

import pytest
from PySide6.QtCore import Qt

from visualnet.ui.widgets.spin_boxes import CheckedDoubleSpinBox, CheckedSpinBox, ExactDoubleSpinBox


def shown(qtbot, box):
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.setFocus()
    refusals = []
    box.refused.connect(refusals.append)
    return refusals


def type_into(qtbot, box, text, enter=True):
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    if enter:
        qtbot.keyClick(box.lineEdit(), Qt.Key_Return)


@pytest.mark.parametrize("make, typed", [
    (lambda: CheckedSpinBox(1, 1000, "Batch"), "5_12"),
    (lambda: CheckedSpinBox(1, 1000, "Batch"), "1_0"),
    (lambda: CheckedDoubleSpinBox(0.0, 1000.0, "L2"), "1_0.5"),
    (lambda: ExactDoubleSpinBox(0.0, 1000.0, "Target"), "2_5"),
], ids=["int 5_12", "int 1_0", "float 1_0.5", "exact 2_5"])
def test_an_underscore_is_refused_not_read_as_python_would(qtbot, make, typed):
    box = make()
    refusals = shown(qtbot, box)
    box.setValue(7)
    type_into(qtbot, box, typed)
    assert box.value() == 7 and box.text() == box.textFromValue(7)
    assert refusals == [f"{box.label}: “{typed}” is not {box._kind()}; nothing was applied."]


def test_the_exact_box_shows_the_value_it_applied_with_all_its_digits(qtbot):
    box = ExactDoubleSpinBox(0.0, 0.9, "Dropout")
    box.setSpecialValueText("off")
    box.setSingleStep(0.1)
    refusals = shown(qtbot, box)
    for typed, value, text in [("0.125", 0.125, "0.125"), ("0.1", 0.1, "0.1"), ("0.12345678", 0.12345678, "0.12345678"),
                               ("0", 0.0, "off")]:
        type_into(qtbot, box, typed)
        assert (box.value(), box.text()) == (value, text), typed
    type_into(qtbot, box, "0.12345678")
    type_into(qtbot, box, "0.95")  # refused: the text goes back to the value in force, which reads back unchanged
    assert box.value() == 0.12345678 and box.text() == "0.12345678"
    assert refusals == ["Dropout: 0.95 is outside 0 … 0.9; nothing was applied."]
    box.setValue(0.2)
    box.stepBy(1)  # 0.2 + 0.1 is 0.30000000000000004 in floats: the step lands on 0.3
    assert (box.value(), box.text()) == (0.3, "0.3")


def test_commit_applies_or_refuses_what_is_typed_without_enter(qtbot):
    """A dialog's OK need not take the focus from the box: commit() settles the typed text as Enter would."""
    box = CheckedSpinBox(200, 8000, "Width")
    refusals = shown(qtbot, box)
    box.setValue(1920)
    type_into(qtbot, box, "3000", enter=False)
    assert box.value() == 1920  # not applied while typing
    assert box.commit() and box.value() == 3000 and not refusals
    type_into(qtbot, box, "9000", enter=False)
    assert not box.commit() and box.value() == 3000 and box.text() == "3000"
    assert refusals == ["Width: 9000 is outside 200 … 8000; nothing was applied."]
