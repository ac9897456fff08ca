"""The instructor builds: student handouts and executed solutions. (That each handout runs, and
stops at every exercise with its TODO, is proven by test_exercises.py, which executes the handouts.)"""

import nbformat
import pytest
from notebook_tools import NOTEBOOKS, exercises, read, tags

from labs_utils import build


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = build.build_student(out_dir=out)
    assert sorted(p.name for p in written) == sorted(p.name for p in NOTEBOOKS)
    return out


def _solution_only_lines(nb):
    """Lines that appear in solution cells and nowhere else in the source notebook (bare brackets and
    punctuation, such as a closing ``])``, give nothing away and occur everywhere, so they are skipped)."""
    public = {l.strip() for c in nb.cells if "solution" not in tags(c) for l in c.source.splitlines()}
    return {l.strip() for c in nb.cells if "solution" in tags(c) for l in c.source.splitlines()
            if any(ch.isalnum() for ch in l) and l.strip() not in public}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_line_survives(student_dir, path):
    source = read(path)
    student = read(student_dir / path.name)
    text = "\n".join(c.source for c in student.cells)
    leaked = [line for line in _solution_only_lines(source) if line in text]
    assert not leaked, f"solution lines in the student notebook: {leaked[:3]}"
    assert not any("solution" in tags(c) for c in student.cells)
    stubs = [c for c in student.cells if "stub" in tags(c)]
    assert len(stubs) == len(exercises(source))
    assert all("raise NotImplementedError(\"TODO" in c.source for c in stubs)
    assert all(c.get("outputs", []) == [] for c in student.cells)
    hidden = {c.id for c in source.cells if "hidden-check" in tags(c)}
    assert not hidden & {c.id for c in student.cells}, "a hidden check reached the student build"


def test_hidden_checks_exist_and_follow_their_exercise():
    """At least one lab has a hidden check, placed after its exercise's check (where grading finds it)."""
    found = [(path.stem, ex.name) for path in NOTEBOOKS for ex in exercises(read(path)) if ex.hidden]
    assert ("00_setup", "standardize") in found


@pytest.mark.notebooks
def test_solutions_build_writes_notebook_html_and_report(tmp_path):
    ok = build.build_solutions(["00_setup"], out_dir=tmp_path, profile="quick")
    assert ok
    executed = nbformat.read(tmp_path / "00_setup.ipynb", as_version=4)
    assert not any("stub" in tags(c) for c in executed.cells)
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert (tmp_path / "00_setup.html").read_text().lstrip().lower().startswith("<!doctype html")
    report = (tmp_path / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith("| 00_setup"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1]) > 0 and int(cells[2]) > 100 and cells[3] == "ok"
    assert "linear_test_accuracy = 0." in cells[4]
    assert not list(tmp_path.glob(".*metrics*")) and not list(tmp_path.glob("*.part"))


def test_report_marks_a_missed_floor_and_a_failure(tmp_path):
    results = [
        {"notebook": "02_mlp", "wall_s": 10.0, "peak_mb": 900, "error": None,
         "metrics": [{"name": "test_accuracy", "value": 0.85, "floor": 0.89}]},
        {"notebook": "03_regularization", "wall_s": 1.0, "peak_mb": 500, "error": "NameError: x", "metrics": []},
    ]
    assert not build.write_report(results, tmp_path, "full")
    report = (tmp_path / "report.md").read_text()
    assert "floor missed" in report and "**NOT met**" in report and "FAILED: NameError: x" in report
    assert build.write_report(results[:1], tmp_path, "quick")  # floors hold only in the full profile


def _timed_cell(seconds, text):
    cell = nbformat.v4.new_code_cell("fit(...)\nmore")
    cell.metadata["execution"] = {"iopub.execute_input": "2026-11-23T10:00:00.000Z",
                                  "shell.execute_reply": f"2026-11-23T10:00:{seconds:02d}.500Z"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return cell


def test_report_lists_long_cells_and_flags_silent_ones(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[_timed_cell(5, "done\n"), _timed_cell(50, "epoch 1\nepoch 9\ndone\n"),
                                         _timed_cell(45, "done\n")])
    rows = build._long_cells(nb)
    assert [(r["seconds"], r["lines"], r["silent"]) for r in rows] == [(50.5, 3, False), (45.5, 1, True)]
    results = [{"notebook": "08_cnn_lenet5", "wall_s": 99.0, "peak_mb": 1, "error": None, "metrics": [],
                "long_cells": rows}]
    build.write_report(results, tmp_path, "full")
    report = (tmp_path / "report.md").read_text()
    assert "| 08_cnn_lenet5 | `fit(...)` | 50 | 3 |" in report and "| 46 | 1 **too few** |" in report


def test_side_by_side_table_gives_each_notebooks_ratio(tmp_path):
    old = {"notebook": "02_mlp", "wall_s": 400.0, "error": None}
    new = {"notebook": "02_mlp", "wall_s": 100.0, "error": None}
    (tmp_path / "report.md").write_text("# report\n")
    build.write_comparison([(old, new)], tmp_path, "af478f6")
    report = (tmp_path / "report.md").read_text()
    assert "## Side by side with af478f6" in report and "| 02_mlp | 400.0 | 100.0 | 0.25x |" in report


def test_baseline_run_does_not_inherit_this_packages_environment_defaults(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "_DEFAULTS_SET_HERE", {"TF_ENABLE_ONEDNN_OPTS": "1"})
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "1")
    env = build._baseline_env(tmp_path)
    assert "TF_ENABLE_ONEDNN_OPTS" not in env and env["PYTHONPATH"] == str(tmp_path)
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")    # the user's own choice is kept
    assert build._baseline_env(tmp_path)["TF_ENABLE_ONEDNN_OPTS"] == "0"


def test_badges_and_install_command_come_from_one_setting(student_dir, tmp_path):
    cfg = {"repository": "https://github.com/some-teacher/dl-course", "branch": "spring",
           "handouts_branch": "published"}
    assert build.install_spec(cfg) == "labs_utils @ git+https://github.com/some-teacher/dl-course@spring"
    github, colab, kaggle = build.hosted_urls("student", "02_mlp.ipynb", cfg)
    assert github == "https://github.com/some-teacher/dl-course/blob/published/student/02_mlp.ipynb"
    assert colab == "https://colab.research.google.com/github/some-teacher/dl-course/blob/published/student/02_mlp.ipynb"
    assert kaggle == "https://kaggle.com/kernels/welcome?src=" + github
    # Regenerating over earlier badges and bootstrap lines replaces them: nothing doubles.
    nb = read(NOTEBOOKS[2])
    again = build.with_hosting(build.with_hosting(nb, "solutions", NOTEBOOKS[2].name, cfg), "solutions",
                               NOTEBOOKS[2].name, cfg)
    assert again.cells[0].source.count("Open In Colab") == 1
    assert again.cells[0].source.splitlines()[2] == build.badge_line("solutions", NOTEBOOKS[2].name, cfg)
    setup = next(c for c in again.cells if c.cell_type == "code").source
    assert setup.count("%pip install") == 1 and "git+https://github.com/some-teacher/dl-course@spring" in setup
    assert setup.endswith("setup()") and "your-org" not in setup
    # The student build points its badges at the published handouts.
    handout = read(student_dir / NOTEBOOKS[0].name)
    assert handout.cells[0].source.splitlines()[2] == build.badge_line("student", NOTEBOOKS[0].name)


def test_publish_commits_the_builds_to_the_handouts_branch(student_dir, tmp_path, monkeypatch):
    import shutil
    import subprocess

    repo = tmp_path / "fork"
    repo.mkdir()
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True, text=True).stdout
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    shutil.copy(build.ROOT / "pyproject.toml", repo / "pyproject.toml")
    git("add", "-A")
    git("commit", "-q", "-m", "course")
    monkeypatch.setattr(build, "ROOT", repo)
    monkeypatch.setattr(build, "BUILD", repo / "build")
    with pytest.raises(SystemExit, match="run `make student`"):
        build.publish()
    shutil.copytree(student_dir, repo / "build" / "student")
    assert "committed" in build.publish()
    files = git("ls-tree", "-r", "--name-only", "handouts").split()
    assert files == sorted(f"student/{p.name}" for p in NOTEBOOKS)   # the handouts only, no course files
    assert git("rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert build.publish() == "handouts: nothing changed"


def test_the_repository_setting_must_be_a_github_address(tmp_path, monkeypatch):
    for bad in ("https://github.com/some-teacher/dl-course.git", "https://gitlab.com/a/b", "github.com/a/b"):
        (tmp_path / "pyproject.toml").write_text(
            f'[tool.labs]\nrepository = "{bad}"\nbranch = "main"\nhandouts_branch = "handouts"\n')
        monkeypatch.setattr(build, "ROOT", tmp_path)
        with pytest.raises(SystemExit, match="must be exactly https://github.com/<owner>/<name>"):
            build.course_config()
