"""The local server's port: a stable one per project folder, else any free one."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    """Whether the server could listen on 127.0.0.1:``port``, tried as the postmaster
    binds (with SO_REUSEADDR on POSIX): a port held only by connections in TIME_WAIT,
    as a stopped server's port is for a minute, is free for it, so a stop and a start
    keep the project's port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name == "posix":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


#: stable default ports, one per project folder, clear of the Supabase CLI's 54321-54329
PORT_RANGE = (54330, 54929)


def project_port(project: Path) -> int:
    """The project's stable default port: the same folder always gets the same one."""
    import zlib

    low, high = PORT_RANGE
    return low + zlib.crc32(str(project.resolve()).encode("utf-8")) % (high - low + 1)
