"""Grade a class offline: ``make grade SUBMISSIONS=dir`` (instructors), ``make progress`` (students).

    python -m labs_utils.grader grade path/to/class        # build/grades/: grades.csv, feedback/, summary
    python -m labs_utils.grader progress [build/student]   # a student's own status, nothing written

``dir`` holds one folder per student (named by the student's id) with any of the handed-out notebooks,
and/or ``<student>.zip`` files of them. For every lab anyone handed in, each student gets one row per
exercise: ``passed``, ``failed``, ``error``, ``timeout`` or ``missing``.

How a submission runs. This process imports TensorFlow once, runs no TensorFlow op, and forks one
child per submission (two at a time on two cores): a fresh interpreter with nothing of any other
student in it, started in well under a second instead of the five a new kernel takes to import
TensorFlow. The child works in a scratch folder under ``build/grades/``, on the CPU, and runs only the
instructor's cells the checks need, each student answer in place of its stub, then each check. Each
exercise (answer + checks) has a time limit; an answer that runs over it is stopped, scored ``timeout``,
and a new child grades the rest of the lab. A child that dies (a crash, ``os._exit``) costs that
exercise only, in the same way.

What a student cannot change. Checks come from the instructor's source, never from the submission.
Before each check the names the instructor's cells bound (``np``, ``x_train``, helper functions) are
bound again, ``checks`` and the lab's own checks (``labs_utils.lab_checks``) are fresh copies made from
their sources read before any student code ran, and the attributes of ``labs_utils``, NumPy and
``builtins`` that an answer replaced are put back. The verdict is the check's own exception (or none),
sent to this process through a pipe with a per-run token: nothing an answer prints counts. This stops
the tampering a student can do in a notebook; it is not a sandbox against code written to attack the
grader (run that in a container).
"""
import argparse
import csv
import io
import json
import os
import re
import secrets
import selectors
import shutil
import signal
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .exercises import defined_names, exercises
from .grading import lab_plan, read_submission, student_answers
from .slicing import compile_cell

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "grades"
HEADER = ["student", "lab", "exercise", "points", "max_points", "status", "message"]
EXERCISE_LIMIT = 120.0   # seconds per exercise (answer + checks), quick profile
CONTEXT_LIMIT = 900.0    # an instructor cell: generous, it is not the student's time
GRACE = 15.0             # after the limit, how long a child gets to stop before it is killed
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.@-]+")


class GradingTimeout(BaseException):
    """Raised in a child when an exercise runs over its limit (not an Exception: `except Exception`
    in an answer cannot swallow it)."""


@dataclass
class Result:
    student: str
    lab: str
    exercise: str
    points: float
    max_points: float
    status: str
    message: str = ""

    def row(self):
        return [self.student, Path(self.lab).stem, self.exercise, _num(self.points), _num(self.max_points), self.status,
                " / ".join(line.strip() for line in self.message.splitlines() if line.strip())]


def _num(x):
    return f"{x:g}" if x == int(x) else f"{x:.2f}".rstrip("0")


# --- collecting submissions -------------------------------------------------------------------

def source_labs():
    return {p.name: p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))}


def collect(submissions, scratch, skip=None):
    """``{student: {lab file name: path}}`` from student folders and ``<student>.zip`` files, plus notes
    about what was ignored. Zips are unpacked under ``scratch``; ``skip`` (the output folder) is not a
    student."""
    labs = source_labs()
    found, notes = {}, []
    for entry in sorted(Path(submissions).iterdir()):
        if entry.name.startswith(".") or (skip is not None and entry.resolve() == Path(skip).resolve()):
            continue
        if entry.is_dir():
            student, files = entry.name, [p for p in sorted(entry.rglob("*.ipynb"))
                                       if ".ipynb_checkpoints" not in p.parts]
        elif entry.suffix.lower() == ".zip":
            student = entry.stem
            target = scratch / "unzipped" / _SAFE_ID.sub("_", student)
            try:
                files = _unzip_notebooks(entry, target)
            except (zipfile.BadZipFile, OSError) as err:
                notes.append(f"{entry.name}: not a readable zip file ({err}); graded as nothing handed in")
                files = []
        else:
            if entry.suffix.lower() == ".ipynb":
                notes.append(f"{entry.name}: a notebook outside any student folder (ignored): put each "
                             "student's notebooks in a folder named by their id, or in <id>.zip")
            continue
        mine = found.setdefault(student, {})
        for path in files:
            if path.name in labs and path.name not in mine:
                mine[path.name] = path
            elif path.name not in labs:
                notes.append(f"{student}: {path.name} is not a lab of this course (ignored)")
    return found, notes


def _unzip_notebooks(path, target):
    """The .ipynb members of a zip, written flat into ``target`` (names only: no path leaves it)."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = Path(info.filename).name
            if info.is_dir() or not name.endswith(".ipynb") or info.filename.startswith("__MACOSX"):
                continue
            target.mkdir(parents=True, exist_ok=True)
            dest = target / name
            if not dest.exists():
                dest.write_bytes(archive.read(info))
                out.append(dest)
    return out


# --- running one submission in a forked child ------------------------------------------------

def prepare_parent():
    """Environment and imports shared by every child (no TensorFlow op runs here: a forked child could
    not use TensorFlow's thread pools if this process had started them)."""
    os.environ["CUDA_VISIBLE_DEVICES"] = "-1"   # CPU only, whatever the machine has
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.dont_write_bytecode = True
    from .environment import quiet_tensorflow_import

    quiet_tensorflow_import()
    modules = {"numpy", "keras", "matplotlib.pyplot", "IPython.core.interactiveshell", "labs_utils.checks",
               *check_sources()}
    for nb_path in source_labs().values():
        for cell in nbformat.read(nb_path, as_version=4).cells:
            if cell.cell_type == "code":
                modules |= set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_][\w.]*)", cell.source, re.M))
    for name in sorted(modules):
        try:
            __import__(name)
        except Exception:   # a lab's optional import: the child reports it if it matters
            pass


def check_sources():
    """``{module name: source}`` of ``labs_utils.checks`` and of every lab's checks, read before any student
    code runs: the copies a check runs with are made from these."""
    package = Path(__file__).parent
    sources = {"labs_utils.checks": (package / "checks.py").read_text(encoding="utf-8")}
    for path in sorted((package / "lab_checks").glob("lab_*.py")):
        sources[f"labs_utils.lab_checks.{path.stem}"] = path.read_text(encoding="utf-8")
    return sources


class _Child:
    """The grading side of one forked child: runs the steps and reports each exercise."""

    def __init__(self, steps, send, limit, sources):
        self.steps, self.send, self.limit = steps, send, limit
        self.sources = sources

    def run(self):
        import builtins

        import numpy

        import labs_utils
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        self.shell = InteractiveShell.instance(config=config)
        self.shell.showtraceback = lambda *a, **k: None   # verdicts come from the exceptions themselves
        self.guarded = [builtins, numpy, labs_utils] + [m for name, m in sorted(sys.modules.items())
                                                       if name.startswith("labs_utils.") and m is not None]
        self.originals = [dict(vars(m)) for m in self.guarded]
        signal.signal(signal.SIGALRM, self._alarm)
        ns = self.shell.user_ns
        protected, context_error = {}, None
        results = {}
        for step in self.steps:
            if step.kind == "context":
                err = self._run(step.source, CONTEXT_LIMIT)
                protected.update({n: ns[n] for n in step.binds if n in ns})
                if err is not None and context_error is None:
                    context_error = f"{type(err).__name__}: {_first_line(err)[:200]}"
                continue
            name = step.exercise
            state = results.setdefault(name, {"deadline": None, "parts": [], "done": False})
            if state["done"]:
                continue
            if step.kind == "answer":
                self.send({"event": "begin", "exercise": name})
                state["deadline"] = time.monotonic() + self.limit
                err = self._run(step.source, self.limit)
                if isinstance(err, GradingTimeout):
                    self._finish(name, state, "timeout", timeout_message(name, self.limit))
                elif err is not None:
                    state["answer_error"] = f"your answer's cell raised {type(err).__name__}: {_first_line(err)}"
                continue
            # a check: everything it uses is the instructor's again
            for m, original in zip(self.guarded, self.originals):
                current = vars(m)
                for key, value in original.items():
                    if current.get(key, _MISSING) is not value:
                        setattr(m, key, value)
            fresh = self._fresh_checks()
            own = step_names(self.steps, name)
            for key, value in protected.items():
                if key not in own:
                    ns[key] = value
            ns["checks"] = fresh
            for key, value in list(ns.items()):   # the lab's own checks, e.g. `check`, fresh as well
                name_of = getattr(value, "__name__", None) if isinstance(value, type(sys)) else None
                if name_of in self.sources and name_of != fresh.__name__:
                    ns[key] = self._fresh_module(name_of, fresh)
            parts = {}
            fresh._recorder = lambda label, failure: parts.setdefault(label, []).append(failure)
            left = state["deadline"] - time.monotonic() if state["deadline"] else self.limit
            err = self._run(step.source, max(left, 0.01))
            if isinstance(err, GradingTimeout):
                self._finish(name, state, "timeout", timeout_message(name, self.limit))
                continue
            state["parts"].append(_score(step, err, parts, state.get("answer_error"), context_error))
            if self._last_check(step):
                self._finish(name, state)
        self.send({"event": "done"})

    def _last_check(self, step):
        later = self.steps[self.steps.index(step) + 1:]
        return not any(s.kind == "check" and s.exercise == step.exercise for s in later)

    def _finish(self, name, state, status=None, message=""):
        """Report ``name``: scored from its checks' parts, or ``status`` (a timeout) with no points."""
        state["done"] = True
        got, most = 0, None
        if status is None:
            parts = state["parts"]
            got, most = sum(p[0] for p in parts), sum(p[1] for p in parts)
            bad = [p for p in parts if p[0] < p[1]]
            status = bad[0][2] if bad else "passed"
            message = "\n".join(p[3] for p in bad)
        self.send({"event": "result", "exercise": name, "points": got, "max_points": most,
                   "status": status, "message": message})

    def _fresh_checks(self):
        return self._fresh_module("labs_utils.checks")

    def _fresh_module(self, name, checks=None):
        """A new module object from the source read before any student code ran; a lab's checks get the
        fresh ``checks`` too."""
        import types

        module = types.ModuleType(name)
        module.__file__ = str(Path(__file__).parent.joinpath(*name.split(".")[1:]).with_suffix(".py"))
        exec(compile(self.sources[name], module.__file__, "exec"), module.__dict__)
        if checks is not None:
            module.checks = checks
        return module

    def _alarm(self, signum, frame):
        raise GradingTimeout()

    def _run(self, source, limit):
        """Run one cell; the exception it ended with, or None."""
        try:
            code = compile_cell(source)
        except SyntaxError as err:
            return err
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            result = self.shell.run_cell(code, store_history=False, silent=True)
        except GradingTimeout as err:   # the alarm rang outside the cell's own code
            return err
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return result.error_before_exec or result.error_in_exec


_MISSING = object()


def timeout_message(name, limit):
    return f"{name}: stopped after {limit:g} s (the limit per exercise). Look for a loop that never ends."


def step_names(steps, exercise):
    """The names an exercise's answer defines: not put back before its checks."""
    return set().union(*(defined_names(s.source) for s in steps if s.kind == "answer" and s.exercise == exercise))


def _first_line(err):
    text = str(err).strip()
    return text.splitlines()[0] if text else ""


def _score(step, err, parts, answer_error, context_error):
    """``(points, max_points, status, message)`` of one check cell."""
    if step.parts or parts:
        step_parts = max(step.parts, len(parts))
        passed = sum(1 for failures in parts.values() if all(f is None for f in failures))
        failures = [f for fs in parts.values() for f in fs if f is not None]
        if err is not None:
            failures.append(err)
        got = step.points * min(passed, step_parts) / step_parts
        if not failures:
            return (step.points, step.points, "passed", "")
        first = failures[0]
        status = getattr(first, "verdict", "error")
        lines = [str(f).strip() for f in failures]
        if passed:
            lines.insert(0, f"{passed} of {step_parts} parts passed.")
        return (got, step.points, status, _with_context("\n".join(lines), answer_error, context_error))
    if err is None:
        return (step.points, step.points, "passed", "")
    if isinstance(err, (AssertionError, NotImplementedError)):
        status = getattr(err, "verdict", "failed")
        text = str(err).strip() or "the check failed"
        if isinstance(err, NotImplementedError):
            text = f"not written yet: {_first_line(err)}"
    else:   # the check cell itself broke: most likely a name the answer should have defined is missing
        status = "error"
        text = f"the check could not run: {type(err).__name__}: {_first_line(err)}"
    return (0.0, step.points, status, _with_context(text, answer_error, context_error))


def _with_context(text, answer_error, context_error):
    if answer_error:
        text += f"\n({answer_error})"
    if context_error:
        text += f"\n(the notebook's own cells raised {context_error} before this check)"
    return text


# --- the parent: jobs, time limits, children that die ---------------------------------------

@dataclass
class Job:
    student: str
    lab: str
    source: object
    answers: dict
    hidden: bool
    scratch: Path
    graded: dict = None


def _child_main(job, steps, write_fd, token, limit, sources, threads):
    """Runs in the forked child; never returns."""
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        log = os.open(job.scratch / "output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(job.scratch / "notebooks")
        sys.path.insert(0, str(ROOT))
        pipe = os.fdopen(write_fd, "w", buffering=1)

        def send(message):
            pipe.write(json.dumps(dict(message, token=token)) + "\n")
            pipe.flush()

        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
        _Child(steps, send, limit, sources).run()
    except BaseException:   # noqa: BLE001 - whatever happens, the parent reads what was sent
        code = 1
    finally:
        os._exit(code)


def _run_job(job, limit, threads, sources, done):
    """Fork a child for the exercises of ``job`` not yet in ``done``; returns (pid, read_fd, token)."""
    stopped = {name for name, r in done.items() if r.get("stopped")}
    steps, _ = lab_plan(job.source, job.answers, hidden=job.hidden, skip=set(done), stubbed=stopped)
    if not steps:
        return None
    read_fd, write_fd = os.pipe()
    token = secrets.token_hex(16)
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child_main(job, steps, write_fd, token, limit, sources, threads)
    os.close(write_fd)
    return pid, read_fd, token


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_jobs(jobs, limit, workers, threads, progress=print):
    """Grade every job, ``workers`` children at a time: ``{(student, lab): {exercise: result dict}}`` and
    each job's wall time in seconds (from its first start to its end)."""
    sources = check_sources()
    queue = list(jobs)
    running = {}   # read_fd -> state
    results = {(j.student, j.lab): {} for j in jobs}
    selector = selectors.DefaultSelector()
    started = time.monotonic()
    finished = 0
    first_start, walls = {}, {}

    def start(job):
        done = results[(job.student, job.lab)]
        first_start.setdefault((job.student, job.lab), time.monotonic())
        launched = _run_job(job, limit, threads, sources, done)
        if launched is None:
            return False
        pid, fd, token = launched
        running[fd] = {"job": job, "pid": pid, "token": token, "buffer": b"", "current": None,
                       "since": time.monotonic(), "results": 0}
        selector.register(fd, selectors.EVENT_READ)
        return True

    def stop(fd, reason=None):
        state = running.pop(fd)
        selector.unregister(fd)
        os.close(fd)
        _kill(state["pid"])
        os.waitpid(state["pid"], 0)
        job, current = state["job"], state["current"]
        done = results[(job.student, job.lab)]
        if reason is not None and current is not None and current not in done:
            done[current] = {"status": reason[0], "points": 0, "max_points": None, "message": reason[1],
                             "stopped": True}
        return job

    while queue or running:
        while queue and len(running) < workers:
            job = queue.pop(0)
            if not start(job):
                finished += 1
        if not running:
            continue
        for key, _ in selector.select(timeout=1.0):
            fd = key.fd
            state = running[fd]
            chunk = os.read(fd, 65536)
            if not chunk:   # the child ended: normally after "done", else it died mid-exercise
                job = stop(fd, ("error", "the Python process grading this notebook stopped while running this "
                                "exercise (a crash, or the answer ended the process)") if not state.get("ended")
                          else None)
                if not state.get("ended") and (state["current"] is not None or state["results"]):
                    queue.insert(0, job)   # grade the rest of the lab in a new child
                else:
                    finished += 1
                    walls[(job.student, job.lab)] = time.monotonic() - first_start[(job.student, job.lab)]
                    progress(f"  graded {job.student} / {job.lab} ({finished} of {len(jobs)}, "
                             f"{time.monotonic() - started:.0f} s)")
                continue
            state["buffer"] += chunk
            *lines, state["buffer"] = state["buffer"].split(b"\n")
            for line in lines:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if message.pop("token", None) != state["token"]:
                    continue   # not from the grader
                done = results[(state["job"].student, state["job"].lab)]
                if message["event"] == "begin":
                    state["current"], state["since"] = message["exercise"], time.monotonic()
                elif message["event"] == "result" and message["exercise"] not in done:
                    done[message["exercise"]] = message
                    state["current"] = None
                    state["results"] += 1
                elif message["event"] == "done":
                    state["ended"] = True
        now = time.monotonic()
        for fd, state in list(running.items()):
            if state["current"] is not None and now - state["since"] > limit + GRACE:
                name = state["current"]
                job = stop(fd, ("timeout", timeout_message(name, limit)))
                queue.insert(0, job)
    return results, walls


# --- whole class ------------------------------------------------------------------------------

def _scratch_for(scratch, student, lab):
    folder = scratch / f"{_SAFE_ID.sub('_', student)}-{Path(lab).stem}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "notebooks").mkdir(parents=True)
    for path in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy2(path, folder / "notebooks" / path.name)
    return folder


def plan_class(found, labs, scratch, hidden=True):
    """Jobs to run, and results decided without running anything (unreadable files, missing labs)."""
    jobs, fixed = [], []
    sources = {lab: nbformat.read(source_labs()[lab], as_version=4) for lab in labs}
    max_points = {lab: {p.name: p.max_points for p in lab_plan(source, {}, hidden=hidden)[1]}
                  for lab, source in sources.items()}
    for student in sorted(found):
        for lab in labs:
            source, most = sources[lab], max_points[lab]
            path = found[student].get(lab)
            if path is None:
                fixed += [Result(student, lab, n, 0, m, "missing", f"{lab} was not handed in") for n, m in most.items()]
                continue
            nb, reason = read_submission(path)
            try:
                answers = student_answers(source, nb) if nb is not None else None
            except Exception as err:   # cells nbformat accepted but that cannot be walked (no ids, ...)
                reason = f"its cells cannot be read ({type(err).__name__})"
                answers = None
            if answers is None:
                fixed += [Result(student, lab, n, 0, m, "error", f"{lab} could not be read: {reason}")
                          for n, m in most.items()]
                continue
            jobs.append(Job(student, lab, source, answers, hidden, _scratch_for(scratch, student, lab)))
    return jobs, fixed


def results_of(jobs, ran, fixed):
    """Every row, in student, lab and exercise order."""
    rows = list(fixed)
    for job in jobs:
        _, planned = lab_plan(job.source, job.answers, hidden=job.hidden)
        got = ran.get((job.student, job.lab), {})
        for p in planned:
            if p.status is not None:
                rows.append(Result(job.student, job.lab, p.name, 0, p.max_points, p.status, p.message))
                continue
            r = got.get(p.name)
            if r is None:
                rows.append(Result(job.student, job.lab, p.name, 0, p.max_points, "error",
                                   "not graded: the process grading this notebook stopped in the lab's own "
                                   "cells before this exercise"))
                continue
            rows.append(Result(job.student, job.lab, p.name, float(r["points"]), p.max_points, r["status"],
                               r.get("message", "")))
    order = {lab: {ex.name: k for k, ex in enumerate(exercises(nbformat.read(path, as_version=4)))}
             for lab, path in source_labs().items()}
    rows.sort(key=lambda r: (r.student, r.lab, order[r.lab][r.exercise]))
    for r in rows:
        if r.max_points is None:
            r.max_points = 1
    return rows


def timing_note(walls, total, workers):
    """One line on how long grading took: in all, and per notebook (median and slowest, per lab)."""
    if not walls:
        return f"Grading took {total:.0f} s (nothing needed running)."
    import statistics

    per_lab = {}
    for (student, lab), seconds in walls.items():
        per_lab.setdefault(Path(lab).stem.split("_")[0], []).append(seconds)
    labs = ", ".join(f"{lab}: {statistics.median(v):.1f}/{max(v):.1f}" for lab, v in sorted(per_lab.items()))
    return (f"Grading took {total:.0f} s for {len(walls)} notebooks, {workers} at a time; seconds per notebook, "
            f"median/slowest, by lab: {labs}.")


def write_outputs(rows, out_dir, notes):
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(r.row() for r in rows)
    _write(out_dir / "grades.csv", buffer.getvalue())
    feedback = out_dir / "feedback"
    feedback.mkdir(exist_ok=True)
    for student in sorted({r.student for r in rows}):
        _write(feedback / f"{_SAFE_ID.sub('_', student)}.md", feedback_text(student, [r for r in rows
                                                                                     if r.student == student]))
    summary = summary_table(rows)
    if notes:
        summary += "\n\nNotes:\n" + "\n".join(f"- {n}" for n in notes)
    _write(out_dir / "summary.md", summary + "\n")
    return summary


def _write(path, text):
    # build._write does the same, but importing labs_utils.build (nbconvert) would add ~1.4 s to start-up
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


_MARK = {"passed": "\u2714", "failed": "\u2718", "error": "\u2718", "timeout": "\u23f1", "missing": "\u2013"}


def feedback_text(student, rows):
    lines = [f"# Feedback for {student}", ""]
    for lab in dict.fromkeys(r.lab for r in rows):
        mine = [r for r in rows if r.lab == lab]
        got, most = sum(r.points for r in mine), sum(r.max_points for r in mine)
        lines += [f"## {Path(lab).stem}: {_num(got)} / {_num(most)}", ""]
        for r in mine:
            lines.append(f"- {_MARK[r.status]} **{r.exercise}**: {r.status} ({_num(r.points)} / {_num(r.max_points)})")
            for text in r.message.splitlines():
                if text.strip():
                    lines.append(f"    {text.rstrip()}")
        lines.append("")
    return "\n".join(lines)


def summary_table(rows):
    labs = list(dict.fromkeys(sorted(r.lab for r in rows)))
    students = sorted({r.student for r in rows})
    short = [Path(lab).stem.split("_")[0] for lab in labs]
    head = "| student | " + " | ".join(short) + " | total |"
    lines = [head, "|---|" + "---:|" * (len(labs) + 1)]
    for s in students:
        cells, total, most = [], 0.0, 0.0
        for lab in labs:
            mine = [r for r in rows if r.student == s and r.lab == lab]
            got, top = sum(r.points for r in mine), sum(r.max_points for r in mine)
            total, most = total + got, most + top
            cells.append(f"{_num(got)}/{_num(top)}")
        lines.append(f"| {s} | " + " | ".join(cells) + f" | {_num(total)}/{_num(most)} |")
    return "\n".join(lines)


def grade(submissions, out_dir=DEFAULT_OUT, limit=EXERCISE_LIMIT, workers=2, profile="quick", labs=None):
    """Grade ``submissions``; writes ``out_dir``; returns the rows."""
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()   # the children change folder
    if not submissions.is_dir():
        raise SystemExit(f"no such folder: {submissions} (SUBMISSIONS= must name the folder of student folders)")
    if any(submissions.iterdir()) is False:
        raise SystemExit(f"{submissions} is empty: put one folder (or <student>.zip) per student in it")
    scratch = out_dir / ".scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    _private_homes(scratch)
    found, notes = collect(submissions, scratch, skip=out_dir)
    wanted = labs or sorted({lab for mine in found.values() for lab in mine})
    if not wanted:
        shutil.rmtree(scratch, ignore_errors=True)
        raise SystemExit(f"{submissions} holds no lab notebook (one folder or <student>.zip per student, with "
                         f"notebooks named as handed out, e.g. 00_setup.ipynb): nothing to grade")
    os.environ["LABS_PROFILE"] = profile
    threads = max(1, (os.cpu_count() or 1) // workers)
    print(f"grading {len(found)} students x {len(wanted)} labs ({profile} profile, {workers} at a time, "
          f"{limit:g} s per exercise) ...", flush=True)
    _prepare_tfds(wanted)
    prepare_parent()
    jobs, fixed = plan_class(found, wanted, scratch)
    started = time.monotonic()
    ran, walls = run_jobs(jobs, limit, workers, threads)
    rows = results_of(jobs, ran, fixed)
    notes.append(timing_note(walls, time.monotonic() - started, workers))
    summary = write_outputs(rows, out_dir, notes)
    shutil.rmtree(scratch, ignore_errors=True)
    print(summary)
    print(f"\n{len(jobs)} notebooks graded in {time.monotonic() - started:.0f} s. "
          f"{out_dir / 'grades.csv'}, {out_dir / 'feedback'}/<student>.md")
    return rows


def _private_homes(scratch):
    """Keras, Matplotlib, IPython, TFDS and temporary files of the children go to the scratch folder."""
    for var, sub in (("KERAS_HOME", "keras"), ("MPLCONFIGDIR", "matplotlib"), ("IPYTHONDIR", "ipython"),
                     ("TMPDIR", "tmp"), ("TFDS_DATA_DIR", "tfds"), ("XDG_CACHE_HOME", "cache")):
        (scratch / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(scratch / sub)


def _prepare_tfds(labs):
    """Build the labs' TFDS dataset once, in its own process, before the children fork: two children
    preparing it at once would race, and this process must not run TensorFlow."""
    import subprocess

    if not any("tfds.load" in source_labs()[lab].read_text(encoding="utf-8") for lab in labs):
        return
    code = ("import tensorflow_datasets as tfds, labs_utils.tfds_data as t; "
            "tfds.builder(t.NAME).download_and_prepare()")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("could not prepare the TFDS copy of Fashion-MNIST the labs load: "
                         + (proc.stderr.strip().splitlines() or ["unknown error"])[-1])


def progress_report(folder, limit=EXERCISE_LIMIT, workers=2, profile="quick"):
    """A student's own status on every lab in ``folder``: printed, with the visible checks only."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise SystemExit(f"no such folder: {folder}")
    files = {p.name: p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.name in source_labs()}
    if not files:
        raise SystemExit(f"{folder} holds none of the lab notebooks: run `make student` (or name your folder)")
    scratch = DEFAULT_OUT / ".scratch-progress"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    _private_homes(scratch)
    os.environ["LABS_PROFILE"] = profile
    threads = max(1, (os.cpu_count() or 1) // workers)
    print(f"checking {len(files)} notebooks in {folder} ...", flush=True)
    _prepare_tfds(sorted(files))
    prepare_parent()
    jobs, fixed = plan_class({"you": files}, sorted(files), scratch, hidden=False)
    ran, _ = run_jobs(jobs, limit, workers, threads, progress=lambda text: None)
    rows = results_of(jobs, ran, fixed)
    shutil.rmtree(scratch, ignore_errors=True)
    for lab in sorted(files):
        mine = [r for r in rows if r.lab == lab]
        print(f"\n{Path(lab).stem}: {sum(r.status == 'passed' for r in mine)} of {len(mine)} exercises pass")
        for r in mine:
            lines = r.message.splitlines() if r.message else []
            print(f"  {_MARK[r.status]} {r.exercise}: {r.status}" + (f" - {lines[0]}" if lines else ""))
            for line in lines[1:]:   # the hints
                print(f"      {line}")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m labs_utils.grader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["grade", "progress"])
    parser.add_argument("folder", nargs="?", help="grade: the submissions; progress: your notebooks "
                                                  "(default build/student)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="grade: where to write (default build/grades)")
    parser.add_argument("--timeout", type=float, default=EXERCISE_LIMIT, help="seconds per exercise")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2)")
    parser.add_argument("--profile", choices=["quick", "full"], default="quick",
                        help="the profile the checks run in (default quick: what CI proves they pass in)")
    args = parser.parse_args(argv)
    if args.command == "grade":
        if not args.folder:
            parser.error("grade needs the submissions folder")
        grade(args.folder, args.out, args.timeout, args.jobs, args.profile)
    else:
        progress_report(args.folder or ROOT / "build" / "student", args.timeout, args.jobs, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
