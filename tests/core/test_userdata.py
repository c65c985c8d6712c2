"""The user's own points: CSV import (and 25 malformed files), the editable point set, sessions and files."""

import copy
import io
import json
import re
import zipfile

import numpy as np
import pytest

from visualnet.core import ConfigError, sessionfile, userdata
from visualnet.core.playworker import Worker, apply_training_state, training_state
from visualnet.core.session import Session
from visualnet.core.userdata import CSVError, PointSet, read_csv

NETWORK = {"layers": [{"units": 8, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}], "loss": "bce",
           "seed": 2}


# -- reading CSV ---------------------------------------------------------------------------------------------

def test_classification_with_a_header_and_text_labels():
    points = read_csv("x1,x2,label\n1,2,dog\n3,4,cat\n5,6,dog\n2,5,bird\n")
    assert points.kind == "classification" and points.classes == ["bird", "cat", "dog"]
    assert points.t.tolist() == [2, 1, 2, 0]
    np.testing.assert_array_equal(points.x, [[-1, -1], [0, 0], [1, 1], [-0.5, 0.5]])
    assert points.transform.describe() == ["x1′ = (x1 − 3) / 2", "x2′ = (x2 − 4) / 2"]
    assert not points.test.any()


def test_integer_labels_are_sorted_numerically_and_the_inputs_share_one_scale():
    points = read_csv("0,0,-1\n10,1,1\n5,0.5,1\n")  # no header, playground's ±1 labels
    assert points.classes == ["-1", "1"] and points.t.tolist() == [0, 1, 1]
    np.testing.assert_array_equal(points.x, [[-1, -0.1], [1, 0.1], [0, 0]])  # shapes keep their proportions
    assert read_csv("1,1,10\n2,2,9\n3,3,100\n").classes == ["9", "10", "100"]


@pytest.mark.parametrize("text, kind, dims", [
    ("x,y\n0.5,0.25\n-0.5,0.75\n", "regression", 1),
    ("0.5,0.25\n-0.5,0.75\n", "regression", 1),
    ("x1,x2,y\n0.1,0.2,0.35\n0.3,0.4,0.45\n", "regression", 2),
    ("0.1,0.2,0.35\n0.3,0.4,0.45\n", "regression", 2),  # a third column of non-integers is a target
    ("0.1,0.2,3\n0.3,0.4,4\n", "classification", 2),  # few integers: classes
    ("y,x\n0.25,0.5\n", "regression", 1),  # names in any order
    ("x,y,label\n0.1,0.2,a\n0.3,0.4,b\n", "classification", 2),
    ("label,x2,x1\na,0.2,0.1\nb,0.4,0.3\n", "classification", 2),
    ("x1,x2,target\n0.1,0.2,5\n0.3,0.4,6\n", "regression", 2),
])
def test_the_layout_follows_the_header_or_the_columns(text, kind, dims):
    points = read_csv(text)
    assert (points.kind, points.dims) == (kind, dims)


def test_columns_named_in_another_order_land_in_place():
    points = read_csv("label,x2,x1\na,0.2,0.1\nb,0.4,0.3\n")
    np.testing.assert_array_equal(points.x, [[0.1, 0.2], [0.3, 0.4]])
    points = read_csv("y,x\n0.25,0.5\n0.75,-0.5\n")
    np.testing.assert_array_equal(points.plane(), [[0.5, 0.25], [-0.5, 0.75]])


def test_kind_decides_a_headerless_third_column():
    assert read_csv("0.1,0.2,3\n0.3,0.4,4\n", kind="regression").kind == "regression"
    assert read_csv("0.1,0.2,0.5\n0.3,0.4,4\n", kind="classification").classes == ["0.5", "4"]


@pytest.mark.parametrize("text", [
    "x1;x2;label\n0,1;0,5;a\n0,25;-0,5;b\n",  # European spreadsheet: semicolons and decimal commas
    "x1\tx2\tlabel\n0.1\t0.5\ta\n0.25\t-0.5\tb\n",
    '\ufeff# exported by hand\nx1, x2, label\n\n 0.1 , 0.5 , "a"\n0.25,-0.5,b\n',  # BOM, comment, blank, spaces
    b"x1,x2,label\r\n0.1,0.5,a\r\n0.25,-0.5,b\r\n",  # bytes with CRLF
])
def test_delimiters_decimal_commas_comments_and_line_ends(text):
    points = read_csv(text)
    np.testing.assert_array_equal(points.x, [[0.1, 0.5], [0.25, -0.5]])
    assert points.classes == ["a", "b"]


def test_scaling_auto_keeps_points_inside_the_box_and_fit_or_none_as_asked():
    inside = "0.5,0.5,0\n-0.25,0.75,1\n"
    assert read_csv(inside).transform.is_identity
    fitted = read_csv(inside, scale="fit")
    np.testing.assert_allclose(fitted.x, [[1, -1 / 3], [-1, 1 / 3]])  # one scale: the wider side spans [−1, 1]
    assert not fitted.transform.is_identity
    np.testing.assert_allclose(fitted.transform.to_original(fitted.x), [[0.5, 0.5], [-0.25, 0.75]])
    raw = read_csv("10,20,0\n30,40,1\n", scale="none")
    np.testing.assert_array_equal(raw.x, [[10, 20], [30, 40]])
    same = read_csv("2,2,0\n2,2,1\n")  # every point on one spot: moved to the centre, not divided by 0
    np.testing.assert_array_equal(same.x, [[0, 0], [0, 0]])


def test_a_regression_target_gets_its_own_scale():
    points = read_csv("x,y\n0,100\n10,300\n5,200\n")
    np.testing.assert_array_equal(points.plane(), [[-1, -1], [1, 1], [0, 0]])
    assert points.transform.describe() == ["x′ = (x − 5) / 5", "y′ = (y − 200) / 100"]


def test_test_flags_come_from_a_test_column_or_a_seeded_ratio():
    points = read_csv("x1,x2,label,test\n0,0,a,0\n0,1,b,test\n1,0,a,train\n1,1,b,true\n")
    assert points.test.tolist() == [False, True, False, True]
    text = "".join(f"{i / 100},{-i / 100},{i % 2}\n" for i in range(50))
    a, b = read_csv(text, test_ratio=0.3, seed=5), read_csv(text, test_ratio=0.3, seed=5)
    assert a.test.sum() == 15 and a.test.tolist() == b.test.tolist()
    assert a.test.tolist() != read_csv(text, test_ratio=0.3, seed=6).test.tolist()


# Each malformed file: its message (the line and the column where there is one).
MALFORMED = [
    ("x1,x2,label\n0.1,0.2,a\n0.3,abc,b\n", "line 3: 'abc' is not a number in column x2", 3),
    ("x1,x2,label\n0.1,0.2,a\nfoo,0.3,b\n", "line 3: 'foo' is not a number in column x1", 3),
    ("x1,x2,label\n0.1,0.2,a\n0.3,,b\n", "line 3: column x2 is empty", 3),
    ("x1,x2,label\n0.1,0.2,a\n0.3,0.4,\n", "line 3: column label is empty", 3),
    ("x1,x2,label\n0.1,0.2,a\n0.3,0.4\n", "line 3: 2 values, expected 3 (x1, x2, label)", 3),
    ("x1,x2,label\n0.1,0.2,a\n0.3,0.4,b,c\n", "line 3: 4 values, expected 3 (x1, x2, label)", 3),
    ("0.1,0.2,0\n0.3,NaN,1\n", "line 2: 'NaN' is not a finite number in column x2", 2),
    ("0.1,0.2,0\n-inf,0.4,1\n", "line 2: '-inf' is not a finite number in column x1", 2),
    ("x,y\n1,2\n3,1e999\n", "line 3: '1e999' is too large a number in column y", 3),
    ("1,1,a\n2,2,b\n3,3,c\n4,4,d\n5,5,e\n6,6,f\n",
     "line 6: 'f' would be a 6th class in column label; a data set has at most 5 classes", 6),
    ("x1,x2,label\n1,2,cat\n3,4,cat\n",
     "data: only one class ('cat') in column label; classification needs 2 to 5 classes", None),
    ("", "data: the file holds no points (it is empty)", None),
    ("# only a comment\n\n", "data: the file holds no points (it is empty)", None),
    ("x1,x2,label\n", "data: the file holds no points (only a header)", None),
    ("x1,x2,colour\n1,2,a\n", ("line 1: unknown column name 'colour'; name the columns x1, x2, label (classes) or "
                               "x, y / x1, x2, y (regression), with an optional test"), 1),
    ("x1,x1,label\n1,2,a\n", "line 1: column 'x1' appears twice", 1),
    ("x1,label\n1,a\n", "line 1: a label column needs two input columns x1, x2 (or x, y), got x1", 1),
    ("x1,x2,label,test\n1,2,a,0\n3,4,b,maybe\n",
     "line 3: 'maybe' in column test must be 0 or 1 (or train/test, false/true)", 3),
    ("x1,x2,label,test\n1,2,a,1\n3,4,b,1\n",
     "data: every point is a test point; mark at least one as a training point (test 0)", None),
    (b"x1,x2,label\n1,2,a\n3,4,\xe9t\xe9\n", "line 3: not UTF-8 text (save the file as UTF-8 CSV)", 3),
    ("1;2;3;4\n", ("line 1: 4 values; without a header a file has 2 columns (x, y) or 3 (x1, x2, label or x1, x2, "
                   "y) — add a header line to name more"), 1),
    ("1 2 3\n", "line 1: found one column; separate the columns with commas, semicolons or tabs", 1),
    ("x,y\n1,2\n3,4\n5;6\n", "line 4: 1 value, expected 2 (x, y)", 4),
    ("x1,x2,y\n1,2,3\n4,5,six\n", "line 3: 'six' is not a number in column y", 3),
    ("x1,x2,label\n" + "0,0,a\n0,1,b\n" * 5001,
     "line 10002: more than 10,000 points; a points file holds at most 10,000", 10002),
]


@pytest.mark.parametrize("text, message, line", MALFORMED, ids=[m[:50] for _t, m, _l in MALFORMED])
def test_a_malformed_file_names_its_line_and_column_and_nothing_is_applied(text, message, line, tmp_path):
    points = read_csv("x1,x2,label\n0.5,0.5,a\n-0.5,-0.5,b\n")
    points.add(0.1, 0.1, 1)
    before = (points.x.copy(), points.t.copy(), points.test.copy(), points.revision, points.can_undo)
    path = tmp_path / "points.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(CSVError) as info:
        points.replace_with(userdata.load_csv(path))
    assert str(info.value) == message
    assert info.value.line == line
    named = re.search(r"in column (\w+)|column (\w+) is empty|column (?:name )?'(\w+)'", message)
    assert info.value.column == (named and next(group for group in named.groups() if group))
    x, t, test, revision, can_undo = before
    np.testing.assert_array_equal(points.x, x)
    np.testing.assert_array_equal(points.t, t)
    np.testing.assert_array_equal(points.test, test)
    assert (points.revision, points.can_undo) == (revision, can_undo)


def test_at_least_twenty_malformed_files_are_tested():
    assert len(MALFORMED) >= 20


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("0,0,0\n" * 100)
    monkeypatch.setattr(userdata, "MAX_FILE_BYTES", 500)
    with pytest.raises(CSVError, match="big.csv is 600 bytes; a points file is at most 500"):
        userdata.load_csv(path)


def test_bad_options_are_refused():
    for options, field in (({"kind": "both"}, "kind"), ({"scale": "log"}, "scale"), ({"test_ratio": 1.0}, "test_ratio")):
        with pytest.raises(ConfigError) as info:
            read_csv("0,0,0\n1,1,1\n", **options)
        assert info.value.field == field


# -- export -------------------------------------------------------------------------------------------------------

def test_export_and_import_round_trip_exactly():
    rng = np.random.default_rng(0)
    points = PointSet("classification", classes=["red", "a, b", "x"])
    for i in range(40):
        points.add(*rng.uniform(-1, 1, 2), int(rng.integers(0, 3)), test=bool(i % 4 == 0))
    again = read_csv(points.to_csv(), scale="none")
    np.testing.assert_array_equal(again.x, points.x)
    np.testing.assert_array_equal(again.test, points.test)
    assert again.classes == sorted(points.classes)  # classes come back sorted: map the labels by name
    assert [again.classes[i] for i in again.t] == [points.classes[i] for i in points.t]
    for delimiter in (";", "\t"):
        assert read_csv(points.to_csv(delimiter=delimiter), scale="none").x.tolist() == points.x.tolist()
    regression = read_csv("x,y\n0,100\n10,300\n5,250\n")
    again = read_csv(regression.to_csv(original_units=True), scale="none")
    np.testing.assert_allclose(again.plane(), [[0, 100], [10, 300], [5, 250]])
    assert read_csv(regression.to_csv()).plane().tolist() == regression.plane().tolist()


# -- the point set -------------------------------------------------------------------------------------------------

def test_add_remove_move_clear_with_undo_and_redo():
    points = PointSet("classification", classes=["a", "b", "c"])
    assert not points.can_undo and points.undo() is False and points.redo() is False
    points.add(0.1, 0.2, 0)
    points.add(0.3, 0.4, 2)
    points.add(-0.5, 0.5, 1)
    assert points.t.tolist() == [0, 2, 1] and len(points) == 3
    points.remove(1)
    assert points.x.tolist() == [[0.1, 0.2], [-0.5, 0.5]]
    points.move(0, 0.9, -0.9)
    points.toggle_test(1)
    points.set_value(0, 2)
    assert points.x.tolist() == [[0.9, -0.9], [-0.5, 0.5]] and points.t.tolist() == [2, 1]
    assert points.test.tolist() == [False, True]
    history = []
    while points.can_undo:
        history.append((points.x.tolist(), points.t.tolist(), points.test.tolist()))
        assert points.undo()
    assert len(points) == 0 and len(history) == 7
    for state in reversed(history):
        assert points.redo()
        assert (points.x.tolist(), points.t.tolist(), points.test.tolist()) == state
    assert not points.can_redo
    points.clear()
    assert len(points) == 0
    points.undo()
    assert len(points) == 2
    points.add(0, 0, 0)
    assert not points.can_redo  # a new edit ends the redo branch


def test_a_drag_undoes_at_once():
    points = PointSet()
    points.add(0.0, 0.0, 1)
    revision = points.revision
    points.move(0, 0.1, 0.1)
    for step in range(2, 10):
        points.move(0, step / 10, step / 10, merge=True)
    assert points.x.tolist() == [[0.9, 0.9]] and points.revision == revision + 9
    points.undo()
    assert points.x.tolist() == [[0.0, 0.0]]
    points.redo()
    assert points.x.tolist() == [[0.9, 0.9]]
    points.move(0, 0.5, 0.5)  # a new drag is its own step
    points.undo()
    assert points.x.tolist() == [[0.9, 0.9]]


def test_regression_points_on_the_plane():
    line = PointSet("regression", dims=1)
    line.add(0.5, -0.25)
    line.add(-0.5, 0.75)
    line.move(0, 0.1, 0.2)
    assert line.x.tolist() == [[0.1], [-0.5]] and line.t.tolist() == [0.2, 0.75]
    np.testing.assert_array_equal(line.plane(), [[0.1, 0.2], [-0.5, 0.75]])
    data = line.dataset()
    assert data.kind == "regression" and data.t.shape == (2, 1)
    surface = PointSet("regression", dims=2)
    surface.add(0.1, 0.2, 0.7)
    surface.move(0, 0.3, 0.4)
    surface.set_value(0, -0.1)
    assert surface.x.tolist() == [[0.3, 0.4]] and surface.t.tolist() == [-0.1]


def test_bad_edits_change_nothing():
    points = PointSet()
    points.add(0, 0, 0)
    revision = points.revision
    for edit in (lambda: points.add(0, 0, 2), lambda: points.add(float("nan"), 0, 0), lambda: points.add(0, 0, True),
                 lambda: points.remove(1), lambda: points.move(-1, 0, 0), lambda: points.add(0, 2e6, 1),
                 lambda: points.set_classes(["only"]), lambda: points.set_classes(["a", "a"])):
        with pytest.raises(ConfigError):
            edit()
    assert points.revision == revision and len(points) == 1
    with pytest.raises(ConfigError):
        PointSet("regression", classes=["a", "b"])
    with pytest.raises(ConfigError):
        PointSet("classification", dims=1)


def test_classes_change_with_undo_and_refuse_to_drop_used_ones():
    points = PointSet()
    points.add(0, 0, 1)
    points.set_classes(["a", "b", "c"])
    points.add(0.5, 0.5, 2)
    with pytest.raises(ConfigError, match="points of class 3 remain"):
        points.set_classes(["a", "b"])
    points.undo()
    points.undo()
    assert points.classes == ["0", "1"] and points.n_classes == 2


def test_replace_with_an_import_is_one_undo_step():
    points = PointSet()
    points.add(0.1, 0.1, 0)
    imported = read_csv("x,y\n0,100\n10,300\n")
    points.replace_with(imported)
    assert points.kind == "regression" and points.dims == 1 and len(points) == 2 and points.classes is None
    assert points.transform == imported.transform
    points.undo()
    assert points.kind == "classification" and points.x.tolist() == [[0.1, 0.1]] and points.transform is None
    points.redo()
    assert points.plane().tolist() == imported.plane().tolist()


def test_nearest_finds_the_point_under_the_cursor():
    points = PointSet()
    assert points.nearest(0, 0) is None
    points.add(0.5, 0.5, 0)
    points.add(-0.5, 0.5, 1)
    assert points.nearest(-0.45, 0.52) == 1
    assert points.nearest(0, -1, radius=0.1) is None


def test_the_points_make_the_train_and_test_datasets():
    points = PointSet("classification", classes=["a", "b", "c"])
    points.add(0.1, 0.1, 0)
    points.add(0.2, 0.2, 1, test=True)
    points.add(0.3, 0.3, 2)
    train, test = points.train_dataset(), points.test_dataset()
    assert train.kind == "multiclass" and train.n_classes == 3 and train.t.tolist() == [0, 2]
    assert test.x.tolist() == [[0.2, 0.2]]
    points.toggle_test(1)
    assert points.test_dataset() is None


def test_a_generated_set_becomes_editable_points():
    session = Session({"dataset": {"name": "spiral3", "n": 90, "test_ratio": 0.2},
                       "network": {"layers": [{"units": 3, "activation": "softmax"}], "loss": "cross_entropy"}})
    points = PointSet.from_dataset(session.train, session.test)
    assert len(points) == 90 and points.test.sum() == 18 and points.classes == ["0", "1", "2"]
    np.testing.assert_array_equal(points.train_dataset().x, session.train.x)
    with pytest.raises(ConfigError):
        PointSet.from_dataset(Session({"dataset": {"name": "moons", "n": 20_000}}).data)


# -- the experiment and the session --------------------------------------------------------------------------------

def drawn(n=60, seed=0, classes=2):
    rng = np.random.default_rng(seed)
    points = PointSet("classification", classes=[str(i) for i in range(classes)])
    for i in range(n):
        x1, x2 = rng.uniform(-1, 1, 2)
        points.add(x1, x2, int(x1 * x2 > 0) if classes == 2 else i % classes, test=i % 5 == 0)
    return points


def experiment(points, **changes):
    return {"dataset": points.to_spec(), "network": NETWORK, "optimizer": {"name": "adam", "lr": 0.03},
            "batch_size": 8, **changes}


def test_a_session_trains_on_points_split_by_their_flags():
    points = drawn()
    session = Session(experiment(points))
    assert len(session.train) == 48 and len(session.test) == 12
    np.testing.assert_array_equal(session.test.x, points.test_dataset().x)
    session.trainer.run(100)
    assert session.trainer.evaluate()["train_accuracy"] > 0.5


def test_edited_points_keep_the_weights_and_a_new_architecture_does_not():
    points = drawn()
    session = Session(experiment(points))
    session.trainer.run(20)
    weights, history = session.net.copy_params(), session.trainer.history
    points.add(0.9, 0.9, 1)
    points.toggle_test(1)
    assert session.apply(experiment(points)) == "kept"
    assert len(session.train) + len(session.test or []) == 61 and session.trainer.step_count == 20
    assert session.trainer.history is history
    for key in weights:
        np.testing.assert_array_equal(weights[key], session.net.params[key])
    generated = Session({"dataset": {"name": "xor", "n": 50}, "network": NETWORK})
    assert generated.apply(experiment(PointSet.from_dataset(generated.train))) == "kept"  # editing a generated set
    wider = {**NETWORK, "layers": [{"units": 9, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]}
    assert session.apply(experiment(points, network=wider)) == "reset"


def test_points_the_network_cannot_learn_are_refused_and_nothing_changes():
    session = Session(experiment(drawn()))
    before = copy.deepcopy(session.experiment)
    with pytest.raises(ConfigError, match="the points have 3 classes; the output layer needs 3 softmax units"):
        session.apply(experiment(drawn(classes=3)))
    empty = PointSet()
    with pytest.raises(ConfigError, match="dataset.x: no points"):
        session.apply(experiment(empty))
    all_test = drawn(4)
    for i in range(4):
        if not all_test.test[i]:
            all_test.toggle_test(i)
    with pytest.raises(ConfigError, match="dataset.test: every point is a test point"):
        session.apply(experiment(all_test))
    assert session.experiment == before
    three = {"layers": [{"units": 3, "activation": "softmax"}], "loss": "cross_entropy"}
    assert Session(experiment(drawn(classes=3), network=three)).net.n_outputs == 3


@pytest.mark.parametrize("change, field", [
    ({"kind": "clustering"}, "dataset.kind"), ({"x": [[0, 0, 0]]}, "dataset.x"), ({"x": "0,0"}, "dataset.x"),
    ({"t": [0]}, "dataset.t"), ({"t": [0, 7]}, "dataset.t"), ({"test": [0, 1]}, "dataset.test"),
    ({"classes": ["a"]}, "dataset.classes"), ({"x": [[0, float("nan")], [1, 1]]}, "dataset.x"),
    ({"colour": "red"}, "dataset.colour"), ({"transform": {"columns": ["a"]}}, "dataset.transform"),
    ({"x": [[0, 0], [1, "1"]]}, "dataset.x"), ({"x": [[0, 0], [1]]}, "dataset.x"),
])
def test_a_points_spec_is_checked_by_field(change, field):
    spec = {"name": "points", "kind": "classification", "classes": ["a", "b"], "x": [[0, 0], [1, 1]], "t": [0, 1],
            "test": [False, False], **change}
    with pytest.raises(ConfigError) as info:
        Session(experiment(PointSet(), dataset=spec))
    assert info.value.field == field


def test_sessions_round_trip_points_exactly_and_go_on_identically(tmp_path):
    points = read_csv("x1,x2,label,test\n" + "".join(
        f"{np.cos(i) * i / 7:.17g},{np.sin(i) * 3.3:.17g},{'ab'[i % 2]},{int(i % 6 == 0)}\n" for i in range(70)))
    a = Session(experiment(points, schedule={"name": "cosine", "T_max": 80}))
    a.trainer.run(33)
    path = tmp_path / "points.vnet"
    sessionfile.save(a, path)
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("session.json"))
        arrays = np.load(io.BytesIO(z.read("arrays.npz")))
        assert set(manifest["experiment"]["dataset"]) == {"name", "kind", "classes", "transform"}
        assert arrays["data/x"].dtype == np.float64 and arrays["data/t"].dtype == np.int64
    b, _ = sessionfile.load(path)
    assert b.experiment == a.experiment
    assert b.experiment["dataset"]["x"] == points.x.tolist()  # bit for bit
    assert PointSet.from_spec(b.experiment["dataset"]).transform == points.transform
    a.trainer.run(40)
    b.trainer.run(40)
    for key in a.net.params:
        np.testing.assert_array_equal(a.net.params[key], b.net.params[key])


def forge(path, target, manifest_change=None, arrays_change=None):
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("session.json"))
        arrays = dict(np.load(io.BytesIO(z.read("arrays.npz"))))
    if manifest_change:
        manifest_change(manifest)
    if arrays_change:
        arrays_change(arrays)
    packed = io.BytesIO()
    np.savez(packed, **arrays)
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("session.json", json.dumps(manifest))
        z.writestr("arrays.npz", packed.getvalue())
    return target


def _set(key, value):
    return lambda arrays: arrays.__setitem__(key, value)


@pytest.mark.parametrize("manifest_change, arrays_change, phrase", [
    (None, _set("data/x", np.zeros((60, 2), np.float32)), "float64 rows"),
    (None, _set("data/x", np.full((60, 2), np.nan)), "NaN or infinite"),
    (None, _set("data/t", np.full(60, 7, np.int64)), "class labels must be whole numbers from 0 to 1"),
    (None, _set("data/t", np.zeros(60)), "int64 class labels"),
    (None, _set("data/test", np.zeros(60, np.int8)), "true/false flags"),
    (None, _set("data/test", np.zeros(59, bool)), "60 true/false flags"),
    (None, lambda arrays: arrays.pop("data/t"), "data/t is missing"),
    (None, _set("data/y", np.zeros(3)), "not part of a session file"),
    (lambda m: m["experiment"].__setitem__("dataset", {"name": "xor"}), None, "not points"),
    (lambda m: m["experiment"]["dataset"].__setitem__("x", [[0, 0]]), None, "belongs in arrays.npz"),
    (lambda m: m["experiment"]["dataset"].__setitem__("classes", ["a"]), None, "2 to 5 different classes"),
])
def test_a_session_file_with_bad_points_is_refused(tmp_path, manifest_change, arrays_change, phrase):
    session = Session(experiment(drawn()))
    path = tmp_path / "good.vnet"
    sessionfile.save(session, path)
    bad = forge(path, tmp_path / "bad.vnet", manifest_change, arrays_change)
    with pytest.raises(sessionfile.SessionFileError, match=phrase):
        sessionfile.load(bad)


def test_the_training_process_rebuilds_points_from_the_experiment():
    points = drawn()
    app, alone = Session(experiment(points)), Session(experiment(points))
    worker = Worker()
    worker.handle(("load", app.experiment, training_state(app)))
    np.testing.assert_array_equal(worker.session.train.x, app.train.x)
    worker.frame(25, 10.0, False, False)
    apply_training_state(app, worker.handle(("state",))[1])
    alone.trainer.run(25)
    for key in app.net.params:
        np.testing.assert_array_equal(app.net.params[key], alone.net.params[key])


def test_fit_network_adapts_only_an_output_that_does_not_fit():
    data3 = drawn(classes=3).dataset()
    network, change = userdata.fit_network(NETWORK, data3)
    assert network["layers"][-1] == {"units": 3, "activation": "softmax"} and network["loss"] == "cross_entropy"
    assert change == "output layer set to 3 softmax units with cross_entropy for the data"
    assert userdata.fit_network(NETWORK, drawn().dataset()) == (NETWORK, None)
    network, _ = userdata.fit_network(NETWORK, read_csv("x,y\n0,1\n1,2\n").dataset())
    assert network["layers"][-1] == {"units": 1, "activation": "linear"} and network["loss"] == "mse"
    assert network["layers"][0] == NETWORK["layers"][0]
