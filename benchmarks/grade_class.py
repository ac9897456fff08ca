"""How long `make grade` takes for a class: N students x the labs, every student answering every exercise
(the solutions, the tests' first right answers or their first wrong answers, in turn, so passing and
failing checks both run). Writes build/grade-bench/ (the class, and grades/ with summary.md).

    .venv/bin/python benchmarks/grade_class.py --students 30          # the issue's class: 30 x 9 labs
    .venv/bin/python benchmarks/grade_class.py --students 1 --jobs 1  # one student alone, lab by lab
"""
import argparse
import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from synthetic_class import LABS, answer_sets, sources_and_handouts, with_answers, write  # noqa: E402

from labs_utils.build import build_student  # noqa: E402
from labs_utils.report import machine_description  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--labs", nargs="*", default=LABS)
    parser.add_argument("--out", default=str(ROOT / "build" / "grade-bench"))
    args = parser.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    build_student(out_dir=out / "handouts")
    sources, handouts = sources_and_handouts(out / "handouts")
    sets = answer_sets(sources)
    kinds = ["solutions", "right", "wrong"]
    for k in range(args.students):
        kind = kinds[k % 3]
        for lab in args.labs:
            write(with_answers(handouts[lab], sources[lab], sets[kind][lab]), out / "class" / f"s{k:02d}-{kind}", lab)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "labs_utils.grader", "grade", str(out / "class"), "--out",
                           str(out / "grades"), "--jobs", str(args.jobs)], cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(proc.stderr[-2000:])
    notebooks = args.students * len(args.labs)
    timing = next(line for line in (out / "grades" / "summary.md").read_text().splitlines() if "Grading took" in line)
    rows = list(csv.DictReader(open(out / "grades" / "grades.csv", encoding="utf-8")))
    expected = {"solutions": {"passed"}, "right": {"passed"}, "wrong": {"failed", "error"}}
    off = [r for r in rows if r["status"] not in expected[r["student"].split("-")[1]]]
    print(f"{len(rows)} rows; {len(off)} with a status other than expected" + "".join(
        f"\n  {r['student']} {r['lab']} {r['exercise']}: {r['status']} {r['message'][:200]}" for r in off[:10]))
    print(f"{machine_description()}\n{args.students} students x {len(args.labs)} labs = {notebooks} notebooks, "
          f"{args.jobs} at a time: {wall:.0f} s ({wall / 60:.1f} min), {wall / notebooks:.1f} s per notebook "
          f"on average\n{timing}")


if __name__ == "__main__":
    main()
