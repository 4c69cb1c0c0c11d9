"""The demo's child processes (no Django imports: it runs in the child before exec)."""

import signal
import sys


def die_with_parent() -> None:
    """In the worker before it starts (Linux): SIGTERM when the demo process ends, however
    it ends, so no worker is left behind. Elsewhere Ctrl-C reaches both anyway."""
    if sys.platform != "linux":
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
