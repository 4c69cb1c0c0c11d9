"""deploy/zhiliang-supervise, the fallback for hosts without systemd: a child killed with -9
is started again; SIGTERM to the supervisor stops the child and the supervisor."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "deploy" / "zhiliang-supervise"
WAIT = 60  # at most, on a busy machine; never asserted on


def pids(path: Path) -> list[int]:
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def wait_for(condition) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (already exited, not yet reaped) counts as gone.
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_a_killed_child_is_started_again_and_sigterm_stops_both(tmp_path):
    log = tmp_path / "pids"
    child = f"echo $$ >> {log}; exec sleep 300"
    supervisor = subprocess.Popen(
        [str(SCRIPT), "sh", "-c", child],
        env={**os.environ, "ZHILIANG_RESTART_DELAY": "0.2"},
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: len(pids(log)) == 1)
        first = pids(log)[0]
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: len(pids(log)) == 2)
        second = pids(log)[1]
        assert second != first and alive(second)

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=WAIT) == 0
        wait_for(lambda: not alive(second))
        assert len(pids(log)) == 2  # not started a third time
        assert b"starting it again" in supervisor.stderr.read()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
