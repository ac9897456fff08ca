"""Key metrics a notebook reports, collected by the solution build into its report."""
import json
import math
import os
import platform
from pathlib import Path

from .profiles import current_profile

METRICS_FILE_ENV = "LABS_METRICS_FILE"


def machine_description():
    """One line for reports: cores, CPU model (where Linux tells it), system, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:  # not Linux
        pass
    return f"{os.cpu_count()} CPU cores ({cpu}), {platform.system()}, Python {platform.python_version()}"


def record_metric(name, value, *, floor=None):
    """Print a headline metric and, during `make solutions`, log it for the report.

    ``floor`` is the minimum the full profile must reach; it is not enforced in ``quick``.
    """
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"metric {name!r} is NaN: training diverged or nothing was measured")
    profile = current_profile()
    line = f"{name} = {value:.4f}"
    if floor is not None:
        if profile == "full":
            line += f"  (floor {floor}: {'met' if value >= floor else 'NOT met'})"
        else:
            line += f"  (floor {floor} applies to the full profile)"
    print(line)
    path = os.environ.get(METRICS_FILE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"name": name, "value": value, "floor": floor,
                                 "profile": profile}) + "\n")
    return None
