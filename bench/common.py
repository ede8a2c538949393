"""Shared helpers of the bench: where things go, medians, timing a child process.

>>> median([3.0, 1.0, 2.0]), median([1.0, 2.0, 3.0, 10.0])
(2.0, 2.5)
>>> wall, peak_mb = run_measured([sys.executable, "-c", "x = bytearray(50_000_000)"])
>>> 0 < wall < 10 and peak_mb > 50
True
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["BENCH", "ROOT", "CACHE", "RESULTS", "PYTHON", "median", "run_measured", "child_env", "run_phase",
           "peak_mb", "BenchError"]

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / "cache"
RESULTS = BENCH / "results"
PYTHON = sys.executable


class BenchError(RuntimeError):
    """A bench step could not run (a child failed, a download was refused, …)."""


def median(values) -> float:
    return float(statistics.median(values))


def child_env() -> dict[str, str]:
    """The environment for timed children: as a user has it (byte-code caching on, no warnings)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run ``cmd`` to completion; (wall seconds, peak resident memory in MB) of that process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def run_phase(script: str, *args: str) -> dict:
    """Run ``bench/<script> args`` in a fresh process; its JSON (last stdout line) plus its peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen([PYTHON, str(BENCH / script), *args], cwd=ROOT, env=child_env(),
                            stdout=subprocess.PIPE, stderr=None)
    out = proc.stdout.read().decode()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"bench/{script} {' '.join(args)} failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["phase_s"] = round(time.perf_counter() - start, 2)
    return result


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
