"""The local server's helper programs (initdb, pg_ctl) die with supatools.

A ``local reset`` or ``local start`` killed while ``pg_ctl start`` waits would leave
pg_ctl running on its own; on Linux each helper asks the kernel for SIGKILL when
supatools dies (``prctl(PR_SET_PDEATHSIG)``). The server that pg_ctl forks does not
inherit the request (a fork clears it): the server is meant to outlive the command.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get SIGKILL when this process dies (Linux;
    None elsewhere). It runs after the child's user and group are set, which would
    otherwise clear the request."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    # loaded here, not in the child: after it has become the server account, the child
    # may no longer read this Python's files (a root-owned environment)
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request was in place
            os.kill(os.getpid(), signal.SIGKILL)

    return arm
