"""labs_utils.progress.Progress: an honest estimate up front and no long silences."""
from labs_utils.progress import Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _train(progress, clock, epochs, first, steady):
    progress.params = {"epochs": epochs}
    progress.on_train_begin()
    for epoch in range(epochs):
        progress.on_epoch_begin(epoch)
        clock.now += first if epoch == 0 else steady
        progress.on_epoch_end(epoch, {"loss": 0.5, "accuracy": 0.9})


def test_estimate_waits_for_a_traced_epoch_and_counts_tracing_once_per_run():
    clock, lines = Clock(), []
    progress = Progress("cell", runs=3, every=5, clock=clock, out=lines.append)
    _train(progress, clock, epochs=10, first=3.0, steady=1.0)   # 3 s = 1 s of work + 2 s of tracing
    # After epoch 2 (4 s): 8 epochs of this run + 2 runs x (10 epochs + 2 s tracing) = 32 s left.
    assert lines[0] == "cell: run 1/3, epoch 2/10 after 4 s; the whole cell will take about 36 s on this machine"
    assert lines[1].startswith("  run 1/3, epoch 7/10: loss 0.5000, accuracy 0.9000 — about 27 s left")
    progress.run_done("first")
    assert lines[-1] == "  [1/3] first (12 s so far, about 24 s left)"


def test_a_line_at_least_every_period_and_one_per_run():
    clock, stamps = Clock(), []
    progress = Progress("cell", runs=2, every=10, clock=clock, out=lambda line: stamps.append((clock.now, line)))
    for run in range(2):
        _train(progress, clock, epochs=40, first=1.5, steady=1.0)
        progress.run_done(f"run {run}")
    gaps = [b - a for (a, _), (b, _) in zip(stamps, stamps[1:])]
    assert stamps[0][0] <= 3 and max(gaps) <= 11        # never silent for much longer than `every`
    assert stamps[-1][1].startswith("  [2/2] run 1 (")
    progress.finish()
    assert stamps[-1][1].startswith("cell: done in")


def test_no_estimate_from_the_first_epoch_alone():
    clock, lines = Clock(), []
    progress = Progress("linear model", every=0, clock=clock, out=lines.append)
    _train(progress, clock, epochs=5, first=5.0, steady=1.0)   # the first epoch pays 4 s of tracing
    assert lines[0] == "  epoch 1/5: loss 0.5000, accuracy 0.9000"   # 4 x 5 s = 20 s left would be wrong
    assert lines[1] == "linear model: epoch 2/5 after 6 s; the whole cell will take about 9 s on this machine"
    assert lines[2].endswith("about 2 s left")
