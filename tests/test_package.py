"""The course as an installed package, outside any checkout, and the setup cell's hosted-notebook path.

A wheel is built from a copy of the package files, then used in a fresh virtual environment in a
temporary folder that has no `labs_utils` and no checkout: a notebook's setup cell installs it (as on
Colab, with the install command pointed at the wheel), and a second notebook runs with it installed.
The pinned dependencies (TensorFlow, Keras, ...) come from the course's own venv through a path file,
without `labs_utils`, so the test needs no network (`PIP_NO_INDEX=1` proves it).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from labs_utils import build
from labs_utils.data import FASHION_MNIST_FILES

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebooks
MARKER = "COURSE-PACKAGE"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("labs_utils", "data"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
                           str(src)], capture_output=True, text=True, cwd=src)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (path,) = dist.glob("labs_utils-*.whl")
    return path


def test_the_wheel_carries_the_package_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("__init__", "data", "checks", "environment", "tfds_data", "progress", "findings", "training",
                   *(f"lab_checks/lab_{k:02d}" for k in range(9))):
        assert f"labs_utils/{module}.py" in names
    for name in FASHION_MNIST_FILES:
        assert f"labs_utils/datasets/fashion-mnist/{name}" in names
        assert f"labs_utils/datasets/mnist/{name}" in names
    assert "labs_utils/datasets/README.md" in names   # the licence travels with the data
    assert not any(n.startswith(("tests/", "notebooks/", "data/")) for n in names)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    """A venv with pip and every course dependency but without labs_utils."""
    root = tmp_path_factory.mktemp("hosted")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    deps = root / "deps"
    deps.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    own = ("labs_utils", "__editable__", "pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-")
    for entry in ours.iterdir():
        if not entry.name.startswith(own) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "course_deps.pth").write_text(str(deps) + "\n")
    missing = subprocess.run([str(python), "-c", "import labs_utils"], capture_output=True, text=True, cwd=root)
    assert "No module named 'labs_utils'" in missing.stderr
    return python, root


def _notebook(stem, spec, work):
    """Lab ``stem`` as `make solutions` runs it, installing ``spec`` if labs_utils is missing, plus a last
    cell that says where labs_utils and its data were found."""
    src = ROOT / "notebooks" / f"{stem}.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb.cells = [c for c in nb.cells if "stub" not in c.metadata.get("tags", [])]
    nb = build.with_hosting(nb, "solutions", src.name)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert build.install_spec() in setup.source
    setup.source = setup.source.replace(build.install_spec(), spec)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import labs_utils, labs_utils.data\n"
        f"print('{MARKER}', labs_utils.__file__, labs_utils.data.data_dir())"))
    path = work / src.name
    nbformat.write(nb, path)
    return path


def _execute(python, path, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABS_", "PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(LABS_PROFILE="quick", PIP_NO_INDEX="1", HOME=str(home), KERAS_HOME=str(home / "keras"),
               TFDS_DATA_DIR=str(home / "tfds"), PATH=f"{python.parent}:{env.get('PATH', '')}")
    proc = subprocess.run([str(python), "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                           "--ExecutePreprocessor.timeout=600", str(path)],
                          cwd=path.parent, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = lambda cell: "".join(o.get("text", "") for o in cell.get("outputs", []))
    setup = next(c for c in nb.cells if c.cell_type == "code")
    return text(setup), text(nb.cells[-1])


def test_a_hosted_notebook_installs_the_course_then_runs_alone(wheel, fresh_venv):
    python, root = fresh_venv
    work = root / "work"   # one notebook, alone: no checkout, no data folder, no labs_utils
    work.mkdir()
    home = root / "home"
    home.mkdir()
    first = _notebook("00_setup", f"labs_utils @ {wheel.as_uri()}", work)
    setup_out, where = _execute(python, first, home)
    assert "you may need to restart the kernel" in setup_out   # %pip ran: labs_utils was missing
    assert "TensorFlow " in setup_out and "profile: quick" in setup_out
    installed = Path(where.split()[1]).resolve()
    assert installed.is_relative_to(python.parent.parent.resolve())   # the venv's copy, not the checkout
    assert where.split()[2].endswith(os.path.join("labs_utils", "datasets"))   # the wheel's own data

    # Installed now: the next notebook's setup cell does nothing extra.
    second = _notebook("01_autodiff", "labs_utils @ file:///nowhere.whl", work)
    setup_out, where = _execute(python, second, home)
    assert "restart the kernel" not in setup_out and "TensorFlow " in setup_out
    assert Path(where.split()[1]).resolve() == installed
    assert not (work / "data").exists()
