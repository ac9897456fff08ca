"""Prove the course on other environments, each in a venv of its own under ``.venvs/``.

    python tools/envcheck.py pythons   # every Python the README names: unit tests + a notebook under nbval
    python tools/envcheck.py latest    # the newest releases of the direct dependencies: the quick profile
    python tools/envcheck.py latest --pre   # ... including pre-releases (e.g. the next TensorFlow's rc)

Each run prints a table and writes ``build/envcheck/<name>.md``. Standard library only: it runs
before any venv exists. ``make test-pythons`` and ``make test-latest`` call it.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venvs"
OUT = ROOT / "build" / "envcheck"
sys.path.insert(0, str(ROOT / "labs_utils"))
from doctor import SUPPORTED_PYTHON  # noqa: E402  (stdlib-only module)

NBVAL = ["--nbval-lax", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
SMOKE_NOTEBOOK = "notebooks/00_setup.ipynb"


def find_python(minor):
    """An interpreter for Python 3.<minor>: on PATH, else in pyenv's versions folder."""
    candidates = [shutil.which(f"python3.{minor}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/3.{minor}.*/bin/python3.{minor}")))
    for exe in filter(None, candidates):
        try:
            out = subprocess.run([exe, "-c", "import sys; print(sys.version.split()[0])"],
                                 capture_output=True, text=True, timeout=60)
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.startswith(f"3.{minor}."):
            return exe, out.stdout.strip()
    return None, None


def _run(cmd, log, env=None, timeout=None):
    with open(log, "a") as fh:
        fh.write(f"\n$ {' '.join(map(str, cmd))}\n")
        fh.flush()
        return subprocess.run(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=env, timeout=timeout).returncode


def make_venv(python, name, install, log):
    """A fresh venv at .venvs/<name> with ``install`` (pip arguments) and the course package."""
    venv = VENVS / name
    shutil.rmtree(venv, ignore_errors=True)
    VENVS.mkdir(exist_ok=True)
    if _run([python, "-m", "venv", str(venv)], log):
        return None
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if _run(pip + install + ["-e", "."], log):
        return None
    return venv / "bin" / "python"


def installed_versions(python, names):
    code = ("import importlib.metadata as m, sys\n"
            "for n in sys.argv[1:]:\n"
            "    try: print(n, m.version(n))\n"
            "    except m.PackageNotFoundError: print(n, '-')\n")
    out = subprocess.run([str(python), "-c", code, *names], capture_output=True, text=True)
    return dict(line.split() for line in out.stdout.splitlines())


def pytest_failures(junit):
    """(test id, first line of the failure) for each failed or errored test in a JUnit XML file."""
    if not Path(junit).exists():
        return [("pytest", "did not run to the end (no report written)")]
    failures = []
    for case in ET.parse(junit).iter("testcase"):
        for bad in list(case.findall("failure")) + list(case.findall("error")):
            message = re.sub(r"\x1b\[[0-9;]*m", "", (bad.get("message") or bad.text or "").strip())
            lines = [l for l in re.sub(r"\x1b\[[0-9;]*m", "", bad.text or "").splitlines() if l.strip()]
            detail = next((l.strip() for l in reversed(lines) if re.match(r"\s*\w+(Error|Exception|Warning)\b", l)),
                          message.splitlines()[0] if message else "failed")
            failures.append((f"{case.get('classname')}::{case.get('name')}", detail[:300]))
    return failures


def run_pytest(python, args, name, log, env=None):
    junit = OUT / f"{name}.xml"
    junit.unlink(missing_ok=True)
    start = time.perf_counter()
    code = _run([str(python), "-m", "pytest", "-q", "-p", "no:xdist", f"--junitxml={junit}", *args], log,
                env=dict(os.environ, LABS_PROFILE="quick", **(env or {})))
    return code, time.perf_counter() - start, pytest_failures(junit) if code else []


def check_pythons():
    rows, ok = [], True
    low, high = SUPPORTED_PYTHON
    for minor in range(low[1] - 1, high[1] + 2):  # one below and one above the range must be refused
        python, version = find_python(minor)
        supported = low[1] <= minor <= high[1]
        label = f"3.{minor}"
        if python is None:
            rows.append((label, "-", "not installed here" + ("" if not supported else " (NOT PROVEN)"), ""))
            ok = ok and not supported
            continue
        if not supported:
            out = subprocess.run([python, "labs_utils/doctor.py", "--python"], cwd=ROOT,
                                 capture_output=True, text=True)
            one_line = out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
            rows.append((label, version, "refused in one line" if one_line else "NOT refused cleanly",
                         out.stderr.strip()[:120]))
            ok = ok and one_line
            continue
        log = OUT / f"python{label}.log"
        log.unlink(missing_ok=True)
        print(f"Python {version}: installing the pinned requirements into .venvs/py{label} ...", flush=True)
        start = time.perf_counter()
        venv_python = make_venv(python, f"py{label}", ["-r", "requirements.txt"], log)
        if venv_python is None:
            rows.append((label, version, "INSTALL FAILED", f"see {log.relative_to(ROOT)}"))
            ok = False
            continue
        install_s = time.perf_counter() - start
        print(f"Python {version}: unit tests and {SMOKE_NOTEBOOK} under nbval ...", flush=True)
        code, seconds, failures = run_pytest(venv_python, ["tests", "-m", "not notebooks", *NBVAL, SMOKE_NOTEBOOK],
                                             f"python{label}", log)
        status = "passed" if code == 0 else "FAILED"
        detail = f"install {install_s:.0f} s, tests {seconds:.0f} s" + "".join(
            f"; {test}: {why}" for test, why in failures[:3])
        rows.append((label, version, status, detail))
        ok = ok and code == 0
    return ok, ["| Python | found | result | details |", "|---|---|---|---|"] + [
        "| " + " | ".join(r) + " |" for r in rows]


def direct_requirements():
    names = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0])
    return names


def check_latest(pre):
    names = direct_requirements()
    name = "latest-pre" if pre else "latest"
    log = OUT / f"{name}.log"
    log.unlink(missing_ok=True)
    print(f"installing the newest {'(pre-)' if pre else ''}releases of {', '.join(names)} into .venvs/{name} ...",
          flush=True)
    python = make_venv(sys.executable, name, ["--upgrade"] + (["--pre"] if pre else []) + names, log)
    if python is None:
        return False, [f"installing the newest releases FAILED: see {log.relative_to(ROOT)}"]
    pinned = dict(re.split(r"==", line.split(";")[0].strip(), maxsplit=1)
                  for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    versions = installed_versions(python, names)
    lines = ["| package | pinned | newest installed |", "|---|---|---|"]
    lines += [f"| {n} | {pinned.get(n, '-')} | {versions.get(n, '-')}{' **(newer)**' if versions.get(n) != pinned.get(n) else ''} |"
              for n in names]
    print("running the unit tests and every notebook under nbval (quick profile) ...", flush=True)
    code, seconds, failures = run_pytest(python, ["tests", "-m", "not notebooks", *NBVAL, "notebooks"], name, log)
    lines += ["", f"Quick profile: {'passed' if code == 0 else 'FAILED'} in {seconds / 60:.1f} min."]
    if failures:
        lines += ["", "| broke | error |", "|---|---|"] + [f"| {t} | {w} |" for t, w in failures]
    return code == 0, lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pythons", "latest"])
    parser.add_argument("--pre", action="store_true", help="latest: include pre-releases")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    ok, lines = check_pythons() if args.what == "pythons" else check_latest(args.pre)
    name = args.what if args.what == "pythons" else ("latest-pre" if args.pre else "latest")
    title = {"pythons": "Python versions", "latest": "Newest releases of the direct dependencies"}[args.what]
    text = "\n".join([f"# {title}{' (pre-releases included)' if args.pre else ''}", "",
                      f"{time.strftime('%Y-%m-%d')}, {os.uname().machine}", ""] + lines) + "\n"
    (OUT / f"{name}.md").write_text(text)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
