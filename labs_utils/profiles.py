"""The quick (CI) and full (students, solutions) profiles.

Labs state their own budgets in one call, e.g. ``epochs = choose(quick=1, full=20)``.
"""
import os

PROFILES = ("quick", "full")
DEFAULT_PROFILE = "full"
DEFAULT_SEED = 42


def current_profile():
    """The active profile name, read from ``LABS_PROFILE`` (default ``full``)."""
    name = os.environ.get("LABS_PROFILE", DEFAULT_PROFILE).strip().lower() or DEFAULT_PROFILE
    if name not in PROFILES:
        raise ValueError(
            f"LABS_PROFILE={name!r} is not a profile; use one of {', '.join(PROFILES)} "
            "(e.g. `LABS_PROFILE=quick make lab`)."
        )
    return name


def is_quick():
    return current_profile() == "quick"


def choose(*, quick, full):
    """Return ``quick`` or ``full`` depending on the active profile."""
    return quick if is_quick() else full


def base_seed():
    """The run's base seed: ``LABS_SEED`` if set (e.g. ``LABS_SEED=7 make solutions``), else 42.

    ``setup()`` seeds everything with it, and the data helpers split and shuffle with it, so a second
    seed re-runs every lab with other initial weights, data order and subsets.
    """
    raw = os.environ.get("LABS_SEED", "").strip()
    if not raw:
        return DEFAULT_SEED
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"LABS_SEED={raw!r} is not an integer seed; e.g. `LABS_SEED=7 make solutions`.") from None


def resolve_seed(seed=None):
    """``seed``, or the run's base seed when it is None (the default of every seeded helper)."""
    return base_seed() if seed is None else seed
