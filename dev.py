#!/usr/bin/env python3
"""The two set-up commands, for a fresh machine with only Python 3.11+ and git.

    python3 dev.py build    # set up .venv if needed, then build the maps (geoarchive build)
    python3 dev.py test     # set up .venv (and Debian's chromium) if needed, then run every test

Extra arguments go to the underlying command (``python3 dev.py test -k resolve``). The virtual
environment is made once in ``.venv/`` and re-installed whenever ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".geoarchive-installed"


def _say(msg: str) -> None:
    print(f"[dev.py] {msg}", file=sys.stderr, flush=True)


def ensure_venv(extras: str = "test") -> Path:
    """Create .venv and install geoarchive (editable) with ``extras``, unless already current."""
    if sys.version_info < (3, 11):
        sys.exit(f"geoarchive needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == want:
        return BIN / "python"
    if not (BIN / "python").exists():
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    _say("installing geoarchive and its dependencies (first run only; takes a minute)")
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    for step in (["--upgrade", "pip"], ["-e", f"{ROOT}[{extras}]"]):
        if subprocess.call(pip + step, cwd=ROOT) != 0:
            sys.exit(f"[dev.py] set-up failed: pip install {' '.join(step)} (see pip's message above)")
    STAMP.write_text(want + "\n")
    return BIN / "python"


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; install it (once) when it is missing."""
    if os.environ.get("GEOARCHIVE_CHROMIUM") or shutil.which("chromium"):
        return
    sudo = [] if hasattr(os, "geteuid") and os.geteuid() == 0 else ["sudo"]
    if not shutil.which("apt-get") or (sudo and not shutil.which("sudo")):
        sys.exit("[dev.py] the browser tests need Chromium: install your system's 'chromium' package "
                 "or set GEOARCHIVE_CHROMIUM to its path")
    _say("installing Debian's chromium for the browser tests (first run only)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.call(sudo + step, env=env) != 0:
            sys.exit(f"[dev.py] set-up failed: {' '.join(step)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"} or argv[0] not in {"build", "test"}:
        print(__doc__)
        return 0 if argv and argv[0] in {"-h", "--help", "help"} else 2
    cmd, rest = argv[0], argv[1:]
    python = ensure_venv("test")
    os.chdir(ROOT)
    if cmd == "build":
        return subprocess.call([str(python), "-m", "geoarchive", "build", *rest])
    ensure_chromium()
    return subprocess.call([str(python), "-m", "pytest", *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
