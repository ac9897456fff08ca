"""Shared helpers for the TensorFlow Labs notebooks.

Importing the package is cheap: TensorFlow is imported only by the helpers that need it.
"""
import os

# Must be set before TensorFlow is first imported: its C++ log lines (level 3 hides even
# "errors" such as NodeDef attribute notices, which are noise; real failures still raise).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .environment import device_batch_size, on_gpu, setup  # noqa: E402
from .profiles import choose, current_profile, is_quick  # noqa: E402
from .report import record_metric  # noqa: E402

__all__ = ["setup", "choose", "current_profile", "is_quick", "record_metric", "device_batch_size", "on_gpu"]
