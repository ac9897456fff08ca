"""Key metrics a notebook reports, collected by the solution build into its report."""
import json
import math
import os
import platform
from pathlib import Path

from .profiles import current_profile

METRICS_FILE_ENV = "LABS_METRICS_FILE"


def _cpuinfo():
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:  # not Linux
        return ""


def instruction_set():
    """The widest x86 vector extension this CPU has ('AVX-512', 'AVX2', ...), or the architecture."""
    flags = next((line.split(":", 1)[1].split() for line in _cpuinfo().splitlines()
                  if line.startswith("flags")), [])
    for flag, name in (("avx512f", "AVX-512"), ("avx2", "AVX2"), ("avx", "AVX"), ("sse4_2", "SSE4.2")):
        if flag in flags:
            return name
    return platform.machine() or "unknown"


def onednn_enabled():
    """Whether TensorFlow's oneDNN kernels are on in this process (None before TensorFlow is imported)."""
    import sys

    if "tensorflow" not in sys.modules:
        return None
    try:
        from tensorflow.python.util import _pywrap_util_port
        return bool(_pywrap_util_port.IsMklEnabled())
    except ImportError:
        return None


def machine_description():
    """One line for reports: cores, CPU model (where Linux tells it), instruction set, system, Python."""
    cpu = platform.processor() or platform.machine()
    names = [line.split(":", 1)[1].strip() for line in _cpuinfo().splitlines() if line.startswith("model name")]
    cpu = names[0] if names else cpu
    cap = os.environ.get("ONEDNN_MAX_CPU_ISA")
    isa = instruction_set() + (f", oneDNN limited to {cap}" if cap else "")
    return f"{os.cpu_count()} CPU cores ({cpu}, {isa}), {platform.system()}, Python {platform.python_version()}"


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
    log_result({"name": name, "value": value, "floor": floor, "profile": profile})
    return None


def log_result(entry):
    """Append one metric or finding to the solution build's log (a no-op outside `make solutions`)."""
    path = os.environ.get(METRICS_FILE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
