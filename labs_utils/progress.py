"""Progress for long cells: a line at least every ~10 s, with an estimate of the time left.

One object follows a whole cell, whether it trains one model or many::

    progress = Progress("dropout vs none", runs=6)
    for rate in (0.0, 0.5):
        for seed in seeds:
            model.fit(train_ds, epochs=30, verbose=0, callbacks=[progress])
            progress.run_done(f"dropout {rate}, seed {seed}: test accuracy {acc:.4f}")
    progress.finish()

After the second epoch (the first includes tracing) it prints what the whole cell will cost, measured on
this machine, so it holds on a laptop, a GPU or Colab alike; after that, a line whenever ``every``
seconds have passed, and one per finished run.
"""
import time

import keras


def _duration(seconds):
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


class Progress(keras.callbacks.Callback):
    """A Keras callback (pass it to every ``fit`` of the cell) that reports progress and time left."""

    def __init__(self, label, runs=1, every=10.0, clock=time.perf_counter, out=print):
        super().__init__()
        self.label, self.runs, self.every = label, runs, every
        self.clock, self.out = clock, out
        self.run = 0                      # finished runs
        self.start = self.last = None
        self._created = clock()
        self.epochs = self.epoch = 0      # of the current run
        self.epoch_seconds = []           # every finished epoch, all runs

    # Keras calls these.
    def on_train_begin(self, logs=None):
        now = self.clock()
        if self.start is None:
            self.start = self.last = now
        self.epochs = (self.params or {}).get("epochs") or 1
        self.epoch = 0
        self._epoch_start = now

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = self.clock()

    def on_epoch_end(self, epoch, logs=None):
        now = self.clock()
        self.epoch = epoch + 1
        self.epoch_seconds.append(now - self._epoch_start)
        # The estimate waits for the second epoch: the first includes tracing the training step.
        first = len(self.epoch_seconds) == min(2, self.epochs * self.runs)
        if first or now - self.last >= self.every or (self.epoch == self.epochs and self.runs == 1):
            self.last = now
            self.out(self._line(now, logs, first))

    # The cell calls these.
    def run_done(self, summary=""):
        """Mark one run (one model trained) as finished; ``summary`` is printed with it."""
        now = self.clock()
        if self.start is None:           # no fit reported to this object: time runs from its creation
            self.start = self._created
        self.run += 1
        self.last = now
        elapsed = now - self.start
        note = ""
        if self.runs > 1:
            note = f" ({_duration(elapsed)} so far"
            if self.run < self.runs:
                note += f", about {_duration(elapsed / self.run * (self.runs - self.run))} left"
            note += ")"
        self.out(f"  [{self.run}/{self.runs}] {summary}{note}")

    def finish(self):
        total = self.clock() - (self.start or self.clock())
        self.out(f"{self.label}: done in {_duration(total)}")

    def remaining(self, now=None):
        """Seconds left, estimated from the epochs after the first (which includes tracing); None until
        one of them is measured, unless nothing is left."""
        runs_left = max(self.runs - self.run - 1, 0)               # after the current one
        epochs_left = max((self.epochs - self.epoch) + runs_left * self.epochs, 0)
        steady = self.epoch_seconds[1:]
        if not steady:
            return 0.0 if self.epoch_seconds and not epochs_left else None
        per_epoch = sorted(steady)[len(steady) // 2]
        tracing = max(self.epoch_seconds[0] - per_epoch, 0)        # a new model traces again (at most)
        return epochs_left * per_epoch + runs_left * tracing

    def _line(self, now, logs, first):
        where = f"epoch {self.epoch}/{self.epochs}"
        if self.runs > 1:
            where = f"run {self.run + 1}/{self.runs}, " + where
        metrics = ", ".join(f"{k} {v:.4f}" for k, v in (logs or {}).items()
                            if k in ("loss", "accuracy", "val_loss", "val_accuracy"))
        left = self.remaining(now)
        if first:
            total = (now - self.start) + (left or 0)
            return (f"{self.label}: {where} after {_duration(now - self.start)}; "
                    f"the whole cell will take about {_duration(total)} on this machine")
        return f"  {where}" + (f": {metrics}" if metrics else "") + (
            f" — about {_duration(left)} left" if left else "")
