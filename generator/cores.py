"""The one rule that decides whether work is handed to forked processes (generate.py, engine/second_core.py)."""

from __future__ import annotations

import multiprocessing
import os
import sys


def may_fork(items: int, least: int, workers: int | None = None) -> bool:
    """Whether `items` pieces of work are worth forked processes: at least `least` of them (below, forking
    and hearing back cost more than they save), two cores (and, with `workers`, two workers allowed), and
    Linux's fork: the child inherits what this process loaded instead of having it pickled, and macOS's
    system libraries are unsafe in a forked child."""
    cores = os.cpu_count() or 1
    return (items >= least and min(cores, workers if workers is not None else cores) >= 2
            and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods())
