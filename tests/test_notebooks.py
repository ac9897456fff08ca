"""Hygiene and shape of the committed source notebooks."""
import re

import nbformat
import pytest
from notebook_tools import NOTEBOOKS, read, tags

from labs_utils.build import _BOOTSTRAP, badge_line, install_spec, stripped_text

COURSE = ["00_setup", "01_autodiff", "02_mlp", "03_regularization", "04_initialization_activations",
          "05_batch_normalization", "06_transfer_learning", "07_convolution_pooling", "08_cnn_lenet5"]


def test_notebook_names_are_the_course_names():
    stems = [p.stem for p in NOTEBOOKS]
    assert "00_setup" in stems
    assert set(stems) <= set(COURSE), f"unexpected notebooks: {sorted(set(stems) - set(COURSE))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_clean_with_stable_metadata(path):
    nb = read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} has outputs"
        assert set(cell.metadata) <= {"tags", "points"}, f"cell {cell.id} has volatile metadata {set(cell.metadata)}"
    assert nb.metadata.kernelspec.name == "python3"
    assert set(nb.metadata) == {"kernelspec", "language_info"}
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)), "duplicate cell ids"
    assert stripped_text(path) == path.read_text(encoding="utf-8"), "run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_same_shape_title_setup_exercises_summary(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert re.match(rf"# Lab {path.stem[:2]} — ", first.source), "title: '# Lab NN — ...'"
    assert "**Objectives**" in first.source
    assert first.source.splitlines()[2] == badge_line("notebooks", path.name), "badges under the title"
    setup_cell = next(c for c in nb.cells if c.cell_type == "code")
    bootstrap = _BOOTSTRAP.format(spec=install_spec())
    assert setup_cell.source.startswith(bootstrap), "the setup cell installs the course when it is missing"
    lines = [l for l in setup_cell.source[len(bootstrap):].splitlines() if l.strip()]
    assert lines[-1] == "setup()" and len(lines) <= 2, "one short setup cell first"
    headings = [l for c in nb.cells if c.cell_type == "markdown" for l in c.source.splitlines()
                if l.startswith("## ")]
    # An appendix (reference material, e.g. lab 08's timing measurements) may follow the summary.
    main = [h for h in headings if not h.startswith("## Appendix")]
    assert headings[:len(main)] == main, "appendices come after the summary"
    assert "## Exercises" in main and main[-1] == "## Summary"
    exercise_at = next(i for i, c in enumerate(nb.cells) if "## Exercises" in c.source)
    assert all(i > exercise_at for i, c in enumerate(nb.cells) if "stub" in tags(c)), \
        "exercises belong in the Exercises section"


def test_readme_lab_table_links_every_handout():
    from labs_utils.build import README, hosted_urls, readme_text

    text = README.read_text(encoding="utf-8")
    assert readme_text(text) == text, "run `make strip`: the README's Colab/Kaggle links are generated"
    for path in NOTEBOOKS:
        assert f"[Colab]({hosted_urls('student', path.name)[1]})" in text
