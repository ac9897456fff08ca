"""The exercise checks of each lab, out of the lesson's flow: a notebook's check cell is one call.

A lab imports its module as ``check`` (``from labs_utils.lab_checks import lab_00 as check``) and a check
cell reads ``check.to_model_input(to_model_input, x_test)``: it names the answer and the data it is tried
on. The references and the hints live here, so a hint appears with a failure, not before the attempt.
Grading compiles a fresh copy of these modules before each check, as it does for ``labs_utils.checks``.
Hidden checks stay in the instructor's notebook (tag ``hidden-check``).
"""
