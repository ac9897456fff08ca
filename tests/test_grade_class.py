"""`make grade` end to end: a synthetic class built here from the sources, graded in one run.

ada hands in every solution; bob the untouched handouts; tess tampers with the checks (edits one, deletes
one, patches `checks`, the lab's own checks and NumPy, defines a checker's name, prints success); ian loops forever in two
answers (one of them also ignores the alarm, so the parent must kill its process); cora hands in a corrupt
notebook and an answer that kills its process; max hands in one lab, as a zip. rita and walt answer every
exercise of every lab with the proofs' first right and first wrong answer: grading, which runs only the
cells the checks need, must agree with the full notebook runs of test_exercises.py.
"""
import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import nbformat
import pytest
from notebook_tools import ROOT, exercises, read
from synthetic_class import LABS, answer_sets, sources_and_handouts, with_answers, wrong_source, write

from labs_utils.build import build_student
from labs_utils.grader import HEADER

pytestmark = pytest.mark.notebooks
LIMIT = 60   # seconds per exercise: the slowest check takes ~8 s alone, more beside the other tests
CORRUPT = None   # what JSON says about cora's truncated notebook


def _tamper(handout, source):
    """Lab 00 with three wrong answers and every way a student could try to pass them anyway."""
    nb = with_answers(handout, source, {
        "to_model_input": "def to_model_input(images):\n    return tf.cast(images, tf.float32) / 255.0\n",
        "standardize": (
            "def standardize(X):\n    return X[:, :2]\n\n"
            "import labs_utils.checks\n"
            "labs_utils.checks.check_array = lambda *args, **kwargs: print('\u2714 standardize: correct')\n"
            "checks.check_array = labs_utils.checks.check_array\n"
            "np.isclose = lambda *args, **kwargs: np.ones(np.shape(args[0]), dtype=bool)\n"
            "import labs_utils.lab_checks.lab_00\n"
            "labs_utils.lab_checks.lab_00.standardize = lambda answer: print('\u2714 standardize: correct')\n"
            "check.standardize = labs_utils.lab_checks.lab_00.standardize\n"
            "check.checks = checks\n"),
        "dataset_accuracy": (
            "def dataset_accuracy(model, dataset):\n    print('\u2714 dataset_accuracy: correct')\n\n"
            "def check_number(*args, **kwargs):\n    print('\u2714 correct')\n\n"
            "class checks:\n"
            "    exercise = __import__('contextlib').suppress\n"
            "    check_number = check_number\n"),
    })
    exs = {e.name: e for e in exercises(source)}
    by_id = {c.id: c for c in nb.cells}
    by_id[source.cells[exs["to_model_input"].check].id].source = "print('\u2714 to_model_input: correct')"
    nb.cells.remove(by_id[source.cells[exs["dataset_accuracy"].check].id])
    nb.cells.append(nbformat.v4.new_code_cell("print('\u2714 every exercise correct')"))
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grade")
    build_student(out_dir=base / "handouts")
    sources, hand = sources_and_handouts(base / "handouts")
    sets = answer_sets(sources)
    solutions = sets["solutions"]
    cls = base / "class"
    for lab in LABS:
        write(with_answers(hand[lab], sources[lab], solutions[lab]), cls / "ada", lab)
        write(hand[lab], cls / "bob", lab)
        write(with_answers(hand[lab], sources[lab], sets["right"][lab]), cls / "rita", lab)
        write(with_answers(hand[lab], sources[lab], sets["wrong"][lab]), cls / "walt", lab)
    write(_tamper(hand["00_setup"], sources["00_setup"]), cls / "tess", "00_setup")
    loop = "def same_padding(width, filter_size, stride):\n    while True:\n        pass\n"
    deaf = ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)   # no alarm stops this one\n\n"
            "class Value:\n    def __init__(self, data):\n        while True:\n            pass\n")
    write(with_answers(hand["07_convolution_pooling"], sources["07_convolution_pooling"],
                 dict(solutions["07_convolution_pooling"], same_padding=loop)), cls / "ian", "07_convolution_pooling")
    write(with_answers(hand["01_autodiff"], sources["01_autodiff"], dict(solutions["01_autodiff"], Value=deaf)),
           cls / "ian", "01_autodiff")
    (cls / "cora").mkdir()
    text = nbformat.writes(with_answers(hand["00_setup"], sources["00_setup"], solutions["00_setup"]))
    (cls / "cora" / "00_setup.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    global CORRUPT
    try:
        json.loads(text[: len(text) // 2])
    except json.JSONDecodeError as err:
        CORRUPT = f"{err.msg} at line {err.lineno}, column {err.colno}"
    crash = "def receptive_field(layers):\n    import os\n    os._exit(3)\n"
    write(with_answers(hand["07_convolution_pooling"], sources["07_convolution_pooling"],
                 dict(solutions["07_convolution_pooling"], receptive_field=crash)), cls / "cora",
           "07_convolution_pooling")
    with zipfile.ZipFile(cls / "max.zip", "w") as archive:
        archive.writestr("max/00_setup.ipynb", nbformat.writes(with_answers(hand["00_setup"], sources["00_setup"],
                                                                      solutions["00_setup"])))
    before = {p: p.stat().st_mtime_ns for p in cls.rglob("*")}
    out = base / "grades"
    (base / "home").mkdir()   # an empty home: grading must write nothing there either
    env = dict(os.environ, LABS_PROFILE="quick", HOME=str(base / "home"))
    proc = subprocess.run([sys.executable, "-m", "labs_utils.grader", "grade", str(cls), "--out", str(out),
                           "--timeout", str(LIMIT)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=3600)
    return {"proc": proc, "out": out, "cls": cls, "before": before, "sources": sources, "base": base}


def _rows(graded):
    text = (graded["out"] / "grades.csv").read_text(encoding="utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def _expected(sources):
    """The exact CSV rows of ada, bob, cora, ian, max and tess."""
    rows = []
    points = {lab: {} for lab in LABS}
    for lab in LABS:
        for e in exercises(sources[lab]):
            cells = [sources[lab].cells[j] for j in e.checks]
            points[lab][e.name] = sum(float(c.metadata.get("points", 1)) for c in cells)

    def add(student, lab, name, got, status, message=""):
        most = points[lab][name]
        rows.append([student, lab, name, f"{got:g}", f"{most:g}", status, message])

    not_in = "{}.ipynb was not handed in"
    for lab in LABS:
        for name in points[lab]:
            add("ada", lab, name, points[lab][name], "passed")
    for lab in LABS:
        for name in points[lab]:
            add("bob", lab, name, 0, "missing", "no answer: the stub is unchanged")
    for lab in LABS:
        for name in points[lab]:
            if lab == "00_setup":
                add("cora", lab, name, 0, "error", "00_setup.ipynb could not be read: the file is not valid "
                    f"notebook JSON ({CORRUPT}): download it again from Jupyter")
            elif lab == "07_convolution_pooling":
                if name == "receptive_field":
                    add("cora", lab, name, 0, "error", "the Python process grading this notebook stopped while "
                        "running this exercise (a crash, or the answer ended the process)")
                else:
                    add("cora", lab, name, points[lab][name], "passed")
            else:
                add("cora", lab, name, 0, "missing", not_in.format(lab))
    stuck = {("01_autodiff", "Value"), ("07_convolution_pooling", "same_padding")}
    for lab in LABS:
        for name in points[lab]:
            if (lab, name) in stuck:
                add("ian", lab, name, 0, "timeout",
                    f"{name}: stopped after {LIMIT} s (the limit per exercise). Look for a loop that never ends.")
            elif lab in ("01_autodiff", "07_convolution_pooling"):
                add("ian", lab, name, points[lab][name], "passed")
            else:
                add("ian", lab, name, 0, "missing", not_in.format(lab))
    for lab in LABS:
        for name in points[lab]:
            if lab == "00_setup":
                add("max", lab, name, points[lab][name], "passed")
            else:
                add("max", lab, name, 0, "missing", not_in.format(lab))
    tess = {
        "to_model_input": ("failed", "to_model_input shape: expected shape (32, 28, 28, 1), got shape (32, 28, 28). / "
                                     "Hint: one trailing axis of size 1 for the channel, after the 28 x 28 pixels"),
        "standardize": ("failed", "standardize: expected shape (500, 4), got shape (500, 2). / Hint: each column "
                                  "gets its own mean and standard deviation: reduce over the samples / "
                                  "standardize on other data (64 x 7, float64, one nearly constant column): "
                                  "expected shape (64, 7), got shape (64, 2)."),
        "dataset_accuracy": ("failed", None),
    }
    for lab in LABS:
        for name in points[lab]:
            if lab == "00_setup":
                status, message = tess[name]
                add("tess", lab, name, 0, status, message)
            else:
                add("tess", lab, name, 0, "missing", not_in.format(lab))
    return rows


def test_grading_runs_and_exits_0(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "| student |" in proc.stdout and "ada" in proc.stdout


def test_the_csv_is_exact(graded):
    text, rows = _rows(graded)
    assert text.splitlines()[0] == ",".join(HEADER)
    got = [list(r.values()) for r in rows if r["student"] in {"ada", "bob", "cora", "ian", "max", "tess"}]
    expected = _expected(graded["sources"])
    dataset = next(r for r in got if r[0] == "tess" and r[2] == "dataset_accuracy")
    # The check's message names the value it got back from the tampered answer (None).
    assert dataset[6].startswith("accuracy on 1,001 validation images in batches of 200: expected "), dataset
    assert "got None (did the function return its result?)" in dataset[6]
    expected = [r if r[6] is not None else r[:6] + [dataset[6]] for r in expected]
    assert got == expected


def test_right_answers_pass_and_wrong_ones_fail_when_graded(graded):
    _, rows = _rows(graded)
    rita = [(r["lab"], r["exercise"], r["status"], r["message"]) for r in rows if r["student"] == "rita"]
    walt = [(r["lab"], r["exercise"], r["status"]) for r in rows if r["student"] == "walt"]
    assert rita and all(status == "passed" for _, _, status, _ in rita), [r for r in rita if r[2] != "passed"]
    assert walt and all(status in ("failed", "error") for _, _, status in walt), \
        [r for r in walt if r[2] not in ("failed", "error")]
    assert len(rita) == len(walt) == sum(len(exercises(graded["sources"][lab])) for lab in LABS)


def test_feedback_per_student_and_nothing_else_written(graded):
    out, cls = graded["out"], graded["cls"]
    assert sorted(p.name for p in out.iterdir()) == ["feedback", "grades.csv", "summary.md"]
    names = sorted(p.name for p in (out / "feedback").iterdir())
    assert names == [f"{s}.md" for s in ("ada", "bob", "cora", "ian", "max", "rita", "tess", "walt")]
    tess = (out / "feedback" / "tess.md").read_text(encoding="utf-8")
    assert "## 00_setup: 0 / 4" in tess and "expected shape (32, 28, 28, 1)" in tess
    assert "Hint: one trailing axis of size 1 for the channel" in tess
    assert {p: p.stat().st_mtime_ns for p in cls.rglob("*")} == graded["before"]   # submissions untouched
    assert sorted(p.name for p in graded["base"].iterdir()) == ["class", "grades", "handouts", "home"]
    assert list((graded["base"] / "home").iterdir()) == []


def test_partial_credit_for_a_check_in_parts(tmp_path, graded):
    """Value's check has three parts worth 3 points: an engine whose sigmoid is wrong keeps the others."""
    walt_value = next(r for r in _rows(graded)[1] if r["student"] == "walt" and r["exercise"] == "Value")
    assert walt_value["max_points"] == "3"
    broken = wrong_source(lambda src: src.replace("s * (1 - s)", "s").replace("s * (1.0 - s)", "s"),
                           graded["sources"]["01_autodiff"].cells[
                               next(e for e in exercises(graded["sources"]["01_autodiff"])
                                    if e.name == "Value").solution].source)
    handout = read(build_student(["01_autodiff"], out_dir=tmp_path / "h")[0])
    source = graded["sources"]["01_autodiff"]
    write(with_answers(handout, source, {"Value": broken}), tmp_path / "class" / "pat", "01_autodiff")
    proc = subprocess.run([sys.executable, "-m", "labs_utils.grader", "grade", str(tmp_path / "class"), "--out",
                           str(tmp_path / "out"), "--timeout", str(LIMIT)], capture_output=True, text=True,
                          cwd=ROOT, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = next(r for r in csv.DictReader(open(tmp_path / "out" / "grades.csv", encoding="utf-8"))
               if r["exercise"] == "Value")
    assert (row["points"], row["max_points"], row["status"]) == ("1", "3", "failed"), row
    assert row["message"].startswith("1 of 3 parts passed."), row


def test_grading_an_empty_or_missing_folder_says_what_to_do(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "no_labs" / "s1").mkdir(parents=True)
    (tmp_path / "no_labs" / "s1" / "notes.txt").write_text("hello")
    for folder in ("nope", "empty", "no_labs"):
        proc = subprocess.run([sys.executable, "-m", "labs_utils.grader", "grade", str(tmp_path / folder),
                               "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
        assert proc.returncode != 0
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_progress_shows_a_student_their_status_with_the_visible_checks_only(tmp_path):
    build_student(["00_setup", "07_convolution_pooling"], out_dir=tmp_path / "h")
    source, handout = read(ROOT / "notebooks" / "00_setup.ipynb"), read(tmp_path / "h" / "00_setup.ipynb")
    solutions = {e.name: source.cells[e.solution].source for e in exercises(source)}
    work = tmp_path / "work"
    write(with_answers(handout, source, dict(solutions, standardize="def standardize(X):\n    return X[:, :2]\n")),
          work, "00_setup")
    write(read(tmp_path / "h" / "07_convolution_pooling.ipynb"), work, "07_convolution_pooling")
    before = {p: p.stat().st_mtime_ns for p in work.rglob("*")}
    proc = subprocess.run([sys.executable, "-m", "labs_utils.grader", "progress", str(work)], capture_output=True,
                          text=True, cwd=ROOT, timeout=600, env=dict(os.environ, LABS_PROFILE="quick"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "00_setup: 2 of 3 exercises pass" in out and "07_convolution_pooling: 0 of 3 exercises pass" in out
    assert "\u2718 standardize: failed - standardize: expected shape (500, 4), got shape (500, 2)." in out
    assert "other data" not in out                        # the hidden check did not run
    assert "\u2013 same_padding: missing - no answer: the stub is unchanged" in out
    assert {p: p.stat().st_mtime_ns for p in work.rglob("*")} == before
    assert not (ROOT / "build" / "grades" / ".scratch-progress").exists()
