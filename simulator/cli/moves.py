"""Moving a folder in one step, and keeping signals from cutting a move in half.

Linux's ``renameat2`` does what ``rename`` cannot: ``NOREPLACE`` moves only onto a free name (an
empty folder counts as taken), ``EXCHANGE`` swaps two names in one step, so that a name never
stands empty. Where the C library or the file system lacks it, :func:`rename2` says so and the
caller falls back to ``rename``.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

__all__ = ["EXCHANGE", "NOREPLACE", "rename2", "renameat2", "signals_held", "signals_raise"]

NOREPLACE = 1
"""``RENAME_NOREPLACE``: fail with EEXIST if the target exists."""
EXCHANGE = 2
"""``RENAME_EXCHANGE``: swap source and target, both of which must exist."""
_AT_FDCWD = -100
_NOT_SUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
_SIGNALS = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s)


def rename2(src: Path, dst: Path, flags: int) -> bool:
    """``renameat2(src, dst, flags)``: True when done; False where the system or the file system
    has no renameat2 or not this flag (the caller then falls back); OSError otherwise."""
    function = renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(dst))


@functools.cache
def renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (Linux, glibc 2.28 or later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise KeyboardInterrupt (as Ctrl-C does), so the
    cleanup runs. A signal someone set to be ignored (``nohup``) or handled stays so; outside the
    main thread nothing changes."""
    previous = {}
    for signum in _SIGNALS:
        if signum == signal.SIGINT or signal.getsignal(signum) is not signal.SIG_DFL:
            continue
        try:
            previous[signum] = signal.signal(signum, _raise_interrupt)
        except ValueError:  # not the main thread
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGINT and SIGHUP until the block is done, so a move is never cut in half."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
