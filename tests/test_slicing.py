"""The static analysis that decides which cells grading runs (labs_utils.slicing)."""
from labs_utils.slicing import cell_names, needed_cells


def test_a_function_reads_the_globals_its_body_uses_not_its_parameters_or_locals():
    names = cell_names(
        "def train(model, epochs=EPOCHS):\n"
        "    data = make_dataset(x_train)\n"
        "    history = [model.fit(data) for _ in range(epochs)]\n"
        "    return [h for h in history if h]\n")
    assert names.defines == {"train"}
    assert names.reads == {"EPOCHS", "make_dataset", "x_train"}
    assert names.changes == set()   # model.fit inside a function changes nothing until it is called


def test_top_level_reads_changes_and_bindings():
    names = cell_names(
        "import numpy as np\n"
        "model.fit(x_train, y_train)\n"            # changes model
        "scores = model.evaluate(x_valid)\n"       # read-only
        "total += 1\n"                             # reads and rebinds total
        "weights[0] = np.zeros(3)\n"               # changes weights; np is a module
        "squares = [v * v for v in values]\n")     # v is the comprehension's own
    assert names.defines == {"np", "scores", "total", "squares"}
    assert names.reads == {"model", "x_train", "y_train", "x_valid", "total", "weights", "values"}
    assert names.changes == {"model", "weights"}
    assert names.modules == {"np"}


def test_magics_parse_and_broken_cells_give_none():
    assert cell_names("%matplotlib inline\nx = 1").defines == {"x"}
    assert cell_names("def f(:\n    pass") is None


SOURCES = [
    "from labs_utils import setup\nsetup()",                 # 0: always kept
    "import numpy as np\nx = np.arange(10)",                  # 1
    "model = make()\nslow = train_for_an_hour(x)",            # 2: defines model from x (and slow)
    "plot(slow)",                                             # 3: only reads
    "model.fit(x)",                                           # 4: changes model
    "x = np.ones(3)",                                         # 5: binds x afresh
    "def answer(m):\n    return m.predict(x)",                # 6: the student's answer
    "checks.check(answer(model))",                            # 7: the check
]


def test_a_check_needs_what_defines_and_changes_its_names_and_nothing_else():
    kept = needed_cells(SOURCES, targets=[6, 7], always=[0])
    # 1 for x (through 2), 2 for model, 4 changes model, 5 the x answer() reads; 3 is only a plot
    assert kept == [0, 1, 2, 4, 5, 6, 7]


def test_a_fresh_binding_hides_what_came_before():
    sources = ["x = slow()", "x = 1", "check(x)"]
    assert needed_cells(sources, targets=[2]) == [1, 2]
