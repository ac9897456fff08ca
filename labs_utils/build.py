"""Instructor builds, driven by nbconvert preprocessors.

    python -m labs_utils.build student          # build/student: solutions replaced by stubs
    python -m labs_utils.build solutions        # build/solutions: executed (full), HTML, report.md
    python -m labs_utils.build strip            # clean notebooks/ sources (no outputs, stable metadata)
    python -m labs_utils.build nbval-reference  # record outputs of nbval-check-output cells (quick)
    python -m labs_utils.build publish          # commit build/student and build/solutions to the handouts branch

Every build (and strip) puts Colab/Kaggle badges under each notebook's title and an install-if-missing
line atop its setup cell, generated from ``[tool.labs]`` in pyproject.toml.

Source cells carry tags: ``stub`` (what students get, placed just before its solution),
``solution`` (the instructor's answer), ``check`` (the exercise's self-check), ``hidden-check`` (a check
only grading runs: `make grade`).
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import nbformat
from nbconvert.exporters import HTMLExporter, NotebookExporter
from nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    ClearOutputPreprocessor,
    ExecutePreprocessor,
    TagRemovePreprocessor,
)

from . import ENV_DEFAULTS_SET as _DEFAULTS_SET_HERE
from .profiles import base_seed
from .report import machine_description

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
REFERENCE_DIR = ROOT / "tests" / "nbval_reference"
CHECK_OUTPUT_TAG = "nbval-check-output"
KERNEL = "python3"
CELL_TIMEOUT = 1800  # seconds; a full-profile training cell stays well below this


def source_notebooks(names=None):
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"no such notebook in notebooks/: {', '.join(sorted(missing))}")
    return paths


def _export(path, *preprocessors):
    exporter = NotebookExporter()
    for pre in preprocessors:
        exporter.register_preprocessor(pre, enabled=True)
    body, _ = exporter.from_filename(str(path), resources={"metadata": {"path": str(NOTEBOOKS)}})
    return body


# --- opening a notebook on a hosted service ----------------------------------------------------

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
KAGGLE_BADGE = "https://kaggle.com/static/images/open-in-kaggle.svg"
PLACEHOLDER_OWNER = "your-org"
BADGE_START = "[![Open In Colab]"   # how the badge line begins: found again to replace or drop it
# Where each flavour of a notebook is published, relative to the repository: (branch key, folder).
FLAVOURS = {"notebooks": ("branch", "notebooks"), "student": ("handouts_branch", "student"),
            "solutions": ("handouts_branch", "solutions")}
_BOOTSTRAP = (
    "try:\n"
    "    import labs_utils\n"
    "except ModuleNotFoundError:  # a hosted notebook (Colab, Kaggle): install the course first (once per session)\n"
    "    %pip install -q \"{spec}\"\n"
)


def course_config():
    """``[tool.labs]`` of pyproject.toml: the repository address everything hosted is generated from."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        cfg = tomllib.load(fh)["tool"]["labs"]
    cfg["repository"] = cfg["repository"].rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", cfg["repository"]) or cfg["repository"].endswith(".git"):
        raise SystemExit(f"[tool.labs] repository = {cfg['repository']!r} in pyproject.toml must be exactly "
                         "https://github.com/<owner>/<name> (no .git): Colab and Kaggle open notebooks from GitHub")
    return cfg


def install_spec(cfg=None):
    """What the setup cell installs when ``labs_utils`` is missing: the course package from the repository."""
    cfg = cfg or course_config()
    return f"labs_utils @ git+{cfg['repository']}@{cfg['branch']}"


def hosted_urls(flavour, name, cfg=None):
    """``(github, colab, kaggle)`` addresses of notebook ``name`` in ``flavour``."""
    cfg = cfg or course_config()
    branch_key, folder = FLAVOURS[flavour]
    github = f"{cfg['repository']}/blob/{cfg[branch_key]}/{folder}/{name}"
    colab = github.replace("https://github.com/", "https://colab.research.google.com/github/", 1)
    return github, colab, f"https://kaggle.com/kernels/welcome?src={github}"


def badge_line(flavour, name, cfg=None):
    _, colab, kaggle = hosted_urls(flavour, name, cfg)
    return f"{BADGE_START}({COLAB_BADGE})]({colab}) [![Open in Kaggle]({KAGGLE_BADGE})]({kaggle})"


def with_hosting(nb, flavour, name, cfg=None):
    """Put the badges under the title and the install-if-missing lines atop the setup cell, both
    generated from ``course_config()`` (replacing any earlier ones)."""
    cfg = cfg or course_config()
    title = nb.cells[0]
    lines = title.source.split("\n")
    if len(lines) > 2 and lines[1] == "" and lines[2].startswith(BADGE_START):
        del lines[1:3]
    lines[1:1] = ["", badge_line(flavour, name, cfg)]
    title.source = "\n".join(lines)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    body = setup.source
    if body.startswith("try:\n    import labs_utils\n"):
        body = body.split("%pip install", 1)[1].split("\n", 1)[1]
    setup.source = _BOOTSTRAP.format(spec=install_spec(cfg)) + body
    return nb


def _hosted_text(body, flavour, name):
    nb = nbformat.reads(body, as_version=4)
    return nbformat.writes(with_hosting(nb, flavour, name)) + "\n"


README = ROOT / "README.md"
_LAB_ROW = re.compile(r"^\| `(\d\d_\w+)` \| (.*?) \|(?: \[Colab\]\(.*)?$")


def readme_text(text, cfg=None):
    """README's lab table with each row's Colab and Kaggle links (the student handouts) regenerated."""
    cfg = cfg or course_config()
    out, in_table = [], False
    for line in text.split("\n"):
        row = _LAB_ROW.match(line)
        if line.startswith("| notebook | topic |"):
            line, in_table = "| notebook | topic | open the handout |", True
        elif in_table and line.startswith("|---|---|"):
            line = "|---|---|---|"
        elif not line.startswith("|"):
            in_table = False
        elif in_table and row:
            _, colab, kaggle = hosted_urls("student", f"{row[1]}.ipynb", cfg)
            line = f"| `{row[1]}` | {row[2]} | [Colab]({colab}) · [Kaggle]({kaggle}) |"
        out.append(line)
    return "\n".join(out)


def warn_if_placeholder(cfg=None):
    cfg = cfg or course_config()
    if f"/{PLACEHOLDER_OWNER}/" in cfg["repository"] + "/":
        print(f"note: the Colab/Kaggle badges and the install command point to {cfg['repository']}, a "
              "placeholder: set [tool.labs] repository in pyproject.toml to your fork", file=sys.stderr)


def publish(out=None):
    """Commit ``build/student`` as ``student/`` and the executed ``build/solutions`` notebooks as
    ``solutions/`` on the handouts branch (a git worktree in ``build/publish``), where the badges of those
    builds point. Pushing it is left to the instructor."""
    cfg = course_config()
    warn_if_placeholder(cfg)
    branch, tree = cfg["handouts_branch"], Path(out or BUILD / "publish")
    student = sorted((BUILD / "student").glob("[0-9][0-9]_*.ipynb"))
    if not student:
        raise SystemExit("build/student is empty: run `make student` (and `make solutions`) first")
    git = lambda *args, cwd=ROOT: subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    if not tree.exists():
        git("worktree", "prune")
        has = lambda ref: subprocess.run(["git", "rev-parse", "--verify", "--quiet", ref], cwd=ROOT,
                                         capture_output=True).returncode == 0
        if has(f"refs/heads/{branch}"):
            git("worktree", "add", str(tree), branch)
        elif has(f"refs/remotes/origin/{branch}"):   # published from another clone: continue its history
            git("worktree", "add", "-b", branch, str(tree), f"origin/{branch}")
        else:   # a new branch with no history of its own: it holds only the published notebooks
            git("worktree", "add", "--detach", str(tree))
            git("checkout", "--orphan", branch, cwd=tree)
            git("rm", "-rfq", ".", cwd=tree)
    for folder, files in (("student", student),
                          ("solutions", sorted((BUILD / "solutions").glob("[0-9][0-9]_*.ipynb")))):
        target = tree / folder
        if files:
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            for path in files:
                shutil.copy(path, target / path.name)
    git("add", "-A", cwd=tree)
    if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=tree).returncode == 0:
        return f"{branch}: nothing changed"
    git("commit", "-q", "-m", "Publish the handouts and solutions", cwd=tree)
    return f"{branch}: committed in {tree}; push it with `git push origin {branch}`"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # never leave a half-written notebook behind


def build_student(names=None, out_dir=None):
    """Write each source with its solution and hidden-check cells removed and outputs cleared."""
    out_dir = Path(out_dir or BUILD / "student")
    written = []
    for src in source_notebooks(names):
        body = _export(src, TagRemovePreprocessor(remove_cell_tags={"solution", "hidden-check"}),
                       ClearOutputPreprocessor())
        _write(out_dir / src.name, _hosted_text(body, "student", src.name))
        written.append(out_dir / src.name)
    return written


def stripped_text(src):
    """The source as it should be committed: no outputs, stable metadata."""
    body = _export(src, ClearOutputPreprocessor(), ClearMetadataPreprocessor(
        preserve_cell_metadata_mask={"tags", "points"},
        preserve_nb_metadata_mask={"kernelspec", ("language_info", "name")},
    ))
    nb = nbformat.reads(body, as_version=4)
    nb.metadata.kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python",
                              "name": KERNEL}
    nb.metadata.language_info = {"name": "python"}
    return nbformat.writes(with_hosting(nb, "notebooks", src.name)) + "\n"


def strip_sources(names=None):
    """Remove outputs, execution counts and volatile metadata from the sources in place."""
    changed = []
    for src in source_notebooks(names):
        after = stripped_text(src)
        if after != src.read_text(encoding="utf-8"):
            src.write_text(after, encoding="utf-8")
            changed.append(src)
    if not names:
        text = README.read_text(encoding="utf-8")
        if readme_text(text) != text:
            README.write_text(readme_text(text), encoding="utf-8")
            changed.append(README)
    return changed


def _execute_one(src, out_dir, profile):
    """Run one notebook (stubs removed) in a fresh kernel; write .ipynb + .html; return stats."""
    os.environ["LABS_PROFILE"] = profile
    metrics_file = out_dir / f".{src.stem}.metrics.jsonl"
    metrics_file.unlink(missing_ok=True)
    os.environ["LABS_METRICS_FILE"] = str(metrics_file)
    start = time.perf_counter()
    error = None
    nb = nbformat.read(src, as_version=4)
    nb, _ = TagRemovePreprocessor(remove_cell_tags={"stub"}).preprocess(nb, {})
    nb = with_hosting(nb, "solutions", src.name)
    executor = ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name=KERNEL)
    try:
        executor.preprocess(nb, {"metadata": {"path": str(NOTEBOOKS)}})
    except Exception as err:  # CellExecutionError: keep the partial notebook for inspection
        error = str(err).strip().splitlines()[-1][:300] if str(err).strip() else type(err).__name__
    wall = time.perf_counter() - start
    _write(out_dir / src.name, nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    _write(out_dir / f"{src.stem}.html", html)
    metrics = []
    if metrics_file.exists():
        metrics = [json.loads(line) for line in metrics_file.read_text().splitlines() if line]
        metrics_file.unlink()
    # The kernel was this process's child: its peak resident memory, in KiB on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"notebook": src.stem, "wall_s": round(wall, 1), "peak_mb": round(peak_mb),
            "error": error, "metrics": metrics, "long_cells": _long_cells(nb)}


LONG_CELL = 20  # seconds: a cell that runs longer must print progress (a line per epoch, run or ~10 s)
BASELINE_REUSE_HOURS = 12  # a baseline timing this recent (same machine, same session) is reused


def _long_cells(nb):
    """Cells that ran over LONG_CELL seconds: id, first line, seconds, lines printed, and whether any
    stretch of LONG_CELL seconds could have passed without a line (too few lines for the duration)."""
    from datetime import datetime

    def stamp(text):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    rows = []
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if cell.cell_type != "code" or "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
            continue
        seconds = (stamp(timing["shell.execute_reply"]) - stamp(timing["iopub.execute_input"])).total_seconds()
        if seconds <= LONG_CELL:
            continue
        lines = sum(out.get("text", "").count("\n") for out in cell.get("outputs", [])
                    if out.get("output_type") == "stream" and out.get("name") == "stdout")
        rows.append({"id": cell.get("id"), "first_line": cell.source.splitlines()[0][:60] if cell.source else "",
                     "seconds": round(seconds, 1), "lines": lines, "silent": lines < int(seconds // LONG_CELL)})
    return sorted(rows, key=lambda r: -r["seconds"])


def _run_isolated(src, out_dir, profile, root=ROOT, env=None):
    """Execute in a child process so each notebook's peak memory is measured on its own."""
    proc = subprocess.run(
        [sys.executable, "-m", "labs_utils.build", "_execute", str(src), str(out_dir), profile],
        capture_output=True, text=True, cwd=root, env=env)
    if proc.returncode != 0:
        return {"notebook": src.stem, "wall_s": 0.0, "peak_mb": 0, "metrics": [],
                "error": (proc.stderr.strip().splitlines() or ["executor crashed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _metric_cell(metric, profile):
    floor = metric.get("floor")
    text = f"{metric['name']} = {metric['value']:.4f}"
    if floor is None:
        return text, True
    met = metric["value"] >= floor
    if profile != "full":
        return text + f" (floor {floor}, full profile only)", True
    return text + f" (floor {floor}: {'met' if met else '**NOT met**'})", met


def write_report(results, out_dir, profile):
    lines = [f"# Solutions report ({profile} profile)", "",
             f"Machine: {machine_description()}. Base seed: {base_seed()} (`LABS_SEED`).", "",
             "| notebook | wall time (s) | peak memory (MB) | status | key metrics |",
             "|---|---:|---:|---|---|"]
    ok = True
    for r in results:
        cells = [_metric_cell(m, profile) for m in r["metrics"] if m.get("kind") != "finding"]
        floors_met = all(met for _, met in cells)
        status = "ok" if r["error"] is None and floors_met else (
            f"FAILED: {r['error']}" if r["error"] else "floor missed")
        ok = ok and status == "ok"
        lines.append(f"| {r['notebook']} | {r['wall_s']:.1f} | {r['peak_mb']} | {status} | "
                     f"{'<br>'.join(t for t, _ in cells) or '-'} |")
    total = sum(r["wall_s"] for r in results)
    lines += ["", f"Total wall time: {total:.1f} s ({total / 60:.1f} min)", ""]
    findings = [(r["notebook"], m) for r in results for m in r["metrics"] if m.get("kind") == "finding"]
    if findings:
        lines += ["Findings: each claim measured over seeds in this run: the effect, its 95% interval, the "
                  "seed count and the verdict (`labs_utils.findings`).", "",
                  "| notebook | finding | claim | result |", "|---|---|---|---|"]
        lines += [f"| {name} | {m['name']} | {m['claim']} | {m['summary']} |" for name, m in findings]
        lines.append("")
    long_cells = [(r["notebook"], c) for r in results for c in r.get("long_cells", [])]
    if long_cells:
        lines += [f"Cells that ran over {LONG_CELL} s, and the lines each printed while it ran (at least one "
                  f"per {LONG_CELL} s is expected):", "",
                  "| notebook | cell | seconds | lines printed |", "|---|---|---:|---:|"]
        lines += [f"| {name} | `{c['first_line']}` | {c['seconds']:.0f} | {c['lines']}"
                  f"{' **too few**' if c['silent'] else ''} |" for name, c in long_cells]
        lines.append("")
    (out_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return ok


def baseline_tree(rev):
    """A checkout of ``rev`` under build/baseline/ (a git worktree), made once and reused."""
    tree = BUILD / "baseline" / rev
    if not (tree / "labs_utils").is_dir():
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        proc = subprocess.run(["git", "worktree", "add", "--force", "--detach", str(tree), rev],
                              cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"cannot check out the baseline {rev!r}: {proc.stderr.strip()}")
    return tree


def _baseline_env(tree):
    """The environment for the old commit: its own labs_utils first, and none of this process's defaults."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    for name, value in _DEFAULTS_SET_HERE.items():
        if env.get(name) == value:
            del env[name]
    return env


def write_comparison(pairs, out_dir, rev):
    """Before/after wall times per notebook, appended to report.md."""
    lines = ["", f"## Side by side with {rev}", "",
             "Each notebook ran at the baseline commit (a git worktree) and at this one on this machine, "
             f"within {BASELINE_REUSE_HOURS} hours of each other, in fresh kernels with the same profile and seed.", "",
             "| notebook | before (s) | after (s) | after / before |", "|---|---:|---:|---:|"]
    for old, new in pairs:
        ratio = new["wall_s"] / old["wall_s"] if old["wall_s"] else float("nan")
        flag = "" if not (old["error"] or new["error"]) else " (a run failed)"
        lines.append(f"| {new['notebook']} | {old['wall_s']:.1f} | {new['wall_s']:.1f} | {ratio:.2f}x{flag} |")
    before = sum(old["wall_s"] for old, _ in pairs)
    after = sum(new["wall_s"] for _, new in pairs)
    lines.append(f"| total | {before:.1f} | {after:.1f} | {after / before:.2f}x |" if before else "")
    with open(out_dir / "report.md", "a", encoding="utf-8") as report:
        report.write("\n".join(lines) + "\n")


def _result_path(out_dir, stem, rev=None):
    return out_dir / ".results" / (f"{stem}.{rev}.json" if rev else f"{stem}.json")


def _save_result(out_dir, result, profile, rev=None):
    result = dict(result, profile=profile, seed=base_seed(), measured_at=time.time())
    path = _result_path(out_dir, result["notebook"], rev)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result), encoding="utf-8")
    return result


def _saved_result(out_dir, stem, profile, rev=None, max_age_hours=None, seed=None):
    """The saved result of ``stem`` for this profile and base seed (the run's unless ``seed`` is given)."""
    path = _result_path(out_dir, stem, rev)
    if not path.exists():
        return None
    result = json.loads(path.read_text(encoding="utf-8"))
    if result.get("profile") != profile or result.get("seed") != (base_seed() if seed is None else seed):
        return None
    if max_age_hours is not None and time.time() - result.get("measured_at", 0) > max_age_hours * 3600:
        return None
    return result


def build_solutions(names=None, out_dir=None, profile="full", baseline=None):
    """Execute notebooks; report.md covers every notebook run so far in ``out_dir`` with this profile and
    seed, so re-running one notebook updates its row. With ``baseline``, each notebook also runs at that
    git revision right before it (a timing from the last BASELINE_REUSE_HOURS hours is reused)."""
    out_dir = Path(out_dir or BUILD / "solutions").resolve()   # the kernels run in notebooks/
    out_dir.mkdir(parents=True, exist_ok=True)
    tree = baseline_tree(baseline) if baseline else None
    old_dir = out_dir / "baseline"
    if tree is not None:   # the older revision's executor may not create it before its kernel logs metrics
        old_dir.mkdir(exist_ok=True)
    for src in source_notebooks(names):
        old = None
        if tree is not None and (tree / "notebooks" / src.name).exists():
            old = _saved_result(old_dir, src.stem, profile, baseline, BASELINE_REUSE_HOURS)
            if old is not None:
                print(f"{src.name} at {baseline}: {old['wall_s']:.1f} s, measured "
                      f"{(time.time() - old['measured_at']) / 60:.0f} min ago (reused)", flush=True)
            else:
                print(f"executing {src.name} ({profile}) at {baseline} ...", flush=True)
                old = _run_isolated(tree / "notebooks" / src.name, old_dir, profile, root=tree,
                                    env=_baseline_env(tree))
                old = _save_result(old_dir, old, profile, baseline)
                print(f"  {old['wall_s']:.1f} s" + (f", FAILED: {old['error']}" if old["error"] else ""), flush=True)
        print(f"executing {src.name} ({profile}) ...", flush=True)
        result = _save_result(out_dir, _run_isolated(src, out_dir, profile), profile)
        print(f"  {result['wall_s']:.1f} s, {result['peak_mb']} MB"
              + (f", FAILED: {result['error']}" if result["error"] else "")
              + (f" ({result['wall_s'] / old['wall_s']:.2f}x the baseline)" if old and old["wall_s"] else ""),
              flush=True)
    stems = [src.stem for src in source_notebooks()]
    results = [r for r in (_saved_result(out_dir, stem, profile) for stem in stems) if r]
    ok = write_report(results, out_dir, profile)
    if baseline:
        pairs = [(old, new) for new in results
                 if (old := _saved_result(old_dir, new["notebook"], profile, baseline)) is not None]
        write_comparison(pairs, out_dir, baseline)
    print(f"report: {out_dir / 'report.md'}")
    return ok


def seed_dir(out_dir, seed, first):
    """Where one seed's run goes: ``out_dir`` for the first seed, ``out_dir-seedN`` for the others."""
    out_dir = Path(out_dir or BUILD / "solutions").resolve()
    return out_dir if first else out_dir.with_name(f"{out_dir.name}-seed{seed}")


def combined_verdict(verdicts):
    """One verdict for a finding measured under several base seeds: the same under each, or none."""
    verdicts = [v for v in verdicts if v is not None]
    if not verdicts:
        return "not measured"
    return verdicts[0] if len(set(verdicts)) == 1 else "depends on the seed"


def write_seed_comparison(seeds, dirs, profile):
    """Append every finding's verdict under each base seed, and the combined verdict, to the first report."""
    by_seed = []
    for seed, d in zip(seeds, dirs):
        found = {}
        for stem in (src.stem for src in source_notebooks()):
            r = _saved_result(d, stem, profile, seed=seed)
            for m in (r or {}).get("metrics", []):
                if m.get("kind") == "finding":
                    found[(stem, m["name"])] = m
                    for pair in m.get("pairs", []):   # a ranking: each claimed pair can flip on its own
                        found[(stem, pair["name"])] = pair
        by_seed.append(found)
    keys = list(dict.fromkeys(k for found in by_seed for k in found))
    lines = ["", f"## Findings under {len(seeds)} base seeds ({', '.join(map(str, seeds))})", "",
             "Each seed's run is in its own folder (" + ", ".join(f"`{d.name}`" for d in dirs) + "). Each cell is "
             "that run's result (effect, 95% interval, seeds, verdict); a verdict that differs between base seeds "
             "is marked.", "",
             "| notebook | finding | claim | " + " | ".join(f"seed {s}" for s in seeds) + " | verdict |",
             "|---|---|---|" + "---|" * (len(seeds) + 1)]
    for stem, name in keys:
        ms = [found.get((stem, name)) for found in by_seed]
        claim = next(m["claim"] for m in ms if m)
        verdicts = [m["verdict"] if m else None for m in ms]
        lines.append(f"| {stem} | {name} | {claim} | " + " | ".join(m.get("summary", m["verdict"]) if m else "–"
                                                                     for m in ms)
                     + f" | **{combined_verdict(verdicts)}** |")
    with open(dirs[0] / "report.md", "a", encoding="utf-8") as report:
        report.write("\n".join(lines) + "\n")


def build_solutions_seeds(seeds, names=None, out_dir=None, profile="full", baseline=None):
    """``build_solutions`` once per base seed (the first into ``out_dir``), then the findings side by side."""
    dirs, ok = [], True
    for i, seed in enumerate(seeds):
        os.environ["LABS_SEED"] = str(seed)
        d = seed_dir(out_dir, seed, first=i == 0)
        print(f"== base seed {seed} -> {d}", flush=True)
        ok = build_solutions(names, out_dir=d, profile=profile, baseline=baseline if i == 0 else None) and ok
        dirs.append(d)
    write_seed_comparison(seeds, dirs, profile)
    print(f"findings across seeds: {dirs[0] / 'report.md'}")
    return ok


def _reference_outputs(cell):
    keep = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            continue  # TensorFlow/absl warnings vary by machine; nbval skips stderr too
        out = dict(out)
        out.pop("execution_count", None)
        out.pop("metadata", None)
        if "data" in out:
            out["data"] = {k: v for k, v in out["data"].items() if not k.startswith("image/")}
        keep.append(out)
    return keep


def check_output_cells(src):
    """Execute ``src`` in the quick profile; the outputs of its nbval-check-output cells by cell id."""
    os.environ["LABS_PROFILE"] = "quick"
    nb = nbformat.read(src, as_version=4)
    ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name=KERNEL).preprocess(
        nb, {"metadata": {"path": str(NOTEBOOKS)}})
    return {c.id: _reference_outputs(c) for c in nb.cells
            if c.cell_type == "code" and CHECK_OUTPUT_TAG in c.metadata.get("tags", [])}


def record_nbval_reference(names=None):
    """Store the outputs of ``nbval-check-output`` cells (quick profile) by cell id."""
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    for src in source_notebooks(names):
        refs = check_output_cells(src)
        path = REFERENCE_DIR / f"{src.stem}.json"
        path.write_text(json.dumps(refs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(refs)} cells")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m labs_utils.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["student", "solutions", "strip", "nbval-reference", "publish",
                                            "_execute"])
    parser.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--profile", choices=["quick", "full"], default="full",
                        help="profile for `solutions` (default: full)")
    parser.add_argument("--out", metavar="DIR", help="`solutions`: write here instead of build/solutions")
    parser.add_argument("--baseline", metavar="REV",
                        help="`solutions`: also run each notebook at git revision REV, side by side, and "
                             "compare wall times in report.md")
    parser.add_argument("--seeds", metavar="N", type=int, nargs="+",
                        help="`solutions`: run once per base seed (LABS_SEED) and compare the findings")
    args = parser.parse_args(argv)
    if args.command == "_execute":
        src, out_dir, profile = args.notebooks
        print(json.dumps(_execute_one(Path(src), Path(out_dir), profile)))
        return 0
    if args.command in ("student", "solutions"):
        warn_if_placeholder()
    if args.command == "publish":
        print(publish())
        return 0
    if args.command == "student":
        for path in build_student(args.notebooks):
            print(path.relative_to(ROOT))
        return 0
    if args.command == "strip":
        for path in strip_sources(args.notebooks):
            print(f"cleaned {path.relative_to(ROOT)}")
        return 0
    if args.command == "nbval-reference":
        record_nbval_reference(args.notebooks)
        return 0
    if args.seeds:
        return 0 if build_solutions_seeds(args.seeds, args.notebooks, out_dir=args.out, profile=args.profile,
                                          baseline=args.baseline) else 1
    return 0 if build_solutions(args.notebooks, out_dir=args.out, profile=args.profile,
                                   baseline=args.baseline) else 1


if __name__ == "__main__":
    sys.exit(main())
