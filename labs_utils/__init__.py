"""Shared helpers for the TensorFlow Labs notebooks.

Importing the package is cheap: TensorFlow is imported only by the helpers that need it.
"""
import os
import platform

# Must be set before TensorFlow is first imported: its C++ log lines (level 3 hides even
# "errors" such as NodeDef attribute notices, which are noise; real failures still raise).
_DEFAULTS = {"TF_CPP_MIN_LOG_LEVEL": "3"}
# On Linux, TensorFlow turns its oneDNN kernels on by default only on CPUs with VNNI or AMX units
# (DefaultOneDnnPolicy in tensorflow/core/util/port.cc); on plain AVX2 CPUs, still most laptops, its
# convolutions then run on generic kernels, measured 1.6-1.9x slower per step on lab 08's networks.
# Windows turns them on anyway; `TF_ENABLE_ONEDNN_OPTS=0` still turns them off.
if platform.machine().lower() in {"x86_64", "amd64"}:
    _DEFAULTS["TF_ENABLE_ONEDNN_OPTS"] = "1"
# What this import added to the environment (a baseline run of an older commit must not inherit it).
ENV_DEFAULTS_SET = {name: value for name, value in _DEFAULTS.items() if name not in os.environ}
os.environ.update(ENV_DEFAULTS_SET)

from .environment import device_batch_size, on_gpu, setup  # noqa: E402
from .profiles import base_seed, choose, current_profile, is_quick  # noqa: E402
from .report import record_metric  # noqa: E402

__all__ = ["setup", "base_seed", "choose", "current_profile", "is_quick", "record_metric", "device_batch_size", "on_gpu"]
