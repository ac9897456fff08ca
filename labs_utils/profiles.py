"""The quick (CI) and full (students, solutions) profiles.

Labs state their own budgets in one call, e.g. ``epochs = choose(quick=1, full=20)``.
"""
import os

PROFILES = ("quick", "full")
DEFAULT_PROFILE = "full"


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
