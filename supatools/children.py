"""Child processes (pg_dump, pg_restore) that never outlive supatools.

Each child runs in a process group of its own, so a signal meant for supatools is not
also delivered straight to the child in the middle of a write; while it runs,
SIGINT and SIGTERM sent to supatools are forwarded to the child's group, supatools
waits for it to end, then raises ``KeyboardInterrupt`` so the caller's cleanup runs. On
Linux the child also gets the parent-death signal (``prctl(PR_SET_PDEATHSIG)``): when
supatools is killed outright (SIGKILL, the OOM killer) the kernel kills the child too,
so a "killed" restore cannot commit seconds later.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

_PR_SET_PDEATHSIG = 1
FORWARDED = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def _die_with_parent(parent: int) -> Callable[[], None]:
    """preexec_fn: ask the kernel for SIGKILL when the parent dies (Linux). libc is
    loaded here, before the fork: the child runs no import (another thread may hold the
    import lock at the fork)."""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request was in place
            os.kill(os.getpid(), signal.SIGKILL)

    return arm


def _kill_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    stdin: int | IO[bytes] | None = None,
    stdout: int | IO[bytes] | None = None,
    on_started: Callable[[], None] | None = None,
) -> Finished:
    """Run ``args`` to its end in its own process group, tied to this process's life;
    stderr (and stdout, unless given) captured as text. A SIGINT or SIGTERM meanwhile
    stops the child first, then raises ``KeyboardInterrupt``."""
    preexec = _die_with_parent(os.getpid()) if sys.platform.startswith("linux") else None
    process = subprocess.Popen(
        list(args),
        env=env,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=preexec,  # noqa: PLW1509 - no other thread forks meanwhile
    )
    received: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        received.append(signum)
        _kill_group(process, signal.SIGTERM)

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in FORWARDED:
            previous[sig] = signal.signal(sig, forward)
    try:
        if on_started is not None:
            on_started()
        out, err = process.communicate()
    except BaseException:
        _kill_group(process, signal.SIGKILL)
        process.wait()
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        raise KeyboardInterrupt
    return Finished(process.returncode, _text(out), _text(err))


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", "replace")
