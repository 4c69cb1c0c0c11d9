"""`zhiliang demo --no-serve`: accounts per role and level, the credentials file, reruns."""

import io
import json
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import translation

from zhiliang.core.models import User
from zhiliang.core.roles import Role
from zhiliang.demo.accounts import CREDENTIALS_FILE, new_password
from zhiliang.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db
LEVELS = {"changzhou": "3204", "wujin": "320412", "xinbei": "320411", "jiangsu": "32"}


@pytest.fixture
def home(settings, tmp_path):
    settings.HOME = tmp_path
    # Hashing 21 passwords with the production hasher would dominate the test time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def _demo():
    call_command("demo", "--no-serve", "--limit", "120", verbosity=0)


def test_demo_sets_up_accounts_and_credentials(regions, home):
    _demo()
    entries = json.loads((home / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    # Every role at three levels, plus the 江苏省 office account of the province plan.
    assert len(entries) == 3 * len(Role) + 1 == 22
    assert entries[-1]["username"] == "jiangsu.office" and entries[-1]["region_code"] == "32"
    assert all(
        set(e) == {"username", "password", "role", "organisation", "region_code"} for e in entries
    )
    assert (home / CREDENTIALS_FILE).stat().st_mode & 0o077 == 0

    for e in entries:
        user = User.objects.get(username=e["username"])
        assert user.check_password(e["password"])
        assert user.role_codes == {e["role"]}
        place = e["username"].split(".")[0]
        assert user.jurisdiction.code == LEVELS[place] == e["region_code"]
        assert user.organization.name == e["organisation"]
    roles_by_level = {
        place: {e["role"] for e in entries if e["username"].startswith(place + ".")}
        for place in LEVELS
    }
    assert roles_by_level.pop("jiangsu") == {"office_staff"}
    assert all(roles == set(Role.values) for roles in roles_by_level.values())
    office = User.objects.get(username="changzhou.office")
    assert office.organization.kind == "office"
    reporter = User.objects.get(username="wujin.reporter")
    assert reporter.organization.name == "常州市武进区市场监督管理局"
    _assert_the_readme_names_every_account(entries)


def _assert_the_readme_names_every_account(entries):
    from pathlib import Path

    readme = (Path(__file__).parents[4] / "README.md").read_text(encoding="utf-8")
    for entry in entries:
        place, role = entry["username"].split(".")
        assert entry["username"] in readme or (f"`{place}.*`" in readme and f"`{role}`" in readme)
    assert f"{len(entries)} accounts" in readme


def test_second_run_reuses_everything_and_a_lost_credentials_file_resets_passwords(regions, home):
    # One demo for both (a demo costs a minute on PostgreSQL here).
    _demo()
    text = (home / CREDENTIALS_FILE).read_text(encoding="utf-8")
    counts = (User.objects.count(), Enterprise.objects.count())
    out = io.StringIO()
    with translation.override(settings.LANGUAGE_CODE):  # as `zhiliang demo` runs
        call_command("demo", "--no-serve", "--limit", "120", verbosity=0, stdout=out)
    assert (home / CREDENTIALS_FILE).read_text(encoding="utf-8") == text
    assert (User.objects.count(), Enterprise.objects.count()) == counts
    # Every line of the set-up in the site's language (简体中文), none in English.
    lines = out.getvalue().splitlines()
    for start in ("1/5 数据库", "2/5 行政区划", "3/5 数据", "4/5 实施方案", "4/5 特种设备",
                  "4/5 监督抽查", "5/5 账号", "用户名"):  # fmt: skip
        assert any(line.startswith(start) for line in lines), (start, lines)
    english = ("database", "regions", "plans:", "sampling:", "special equipment",
               "licensing:", "indicators:", "assessment:", "organisations", "username",
               "office_staff", "district")  # fmt: skip
    assert not [line for line in lines if any(word in line for word in english)]

    (home / CREDENTIALS_FILE).unlink()
    _demo()
    entries = json.loads((home / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    assert len(entries) == 22
    assert all(
        User.objects.get(username=e["username"]).check_password(e["password"]) for e in entries
    )
    assert {e["password"] for e in entries}.isdisjoint(e["password"] for e in json.loads(text))


def test_passwords_pass_the_validators():
    for _ in range(50):
        password = new_password()
        assert len(password) >= 12
        validate_password(password)


def test_a_taken_port_is_refused_before_any_set_up(home, monkeypatch):
    """A second `make demo` while the first still serves: no set-up, no orphan worker."""
    import socket

    from django.core.management.base import CommandError

    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was started")

    monkeypatch.setattr("subprocess.Popen", no_worker)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match="already in use"):
            call_command("demo", "--port", str(port), verbosity=0)
    assert not (home / CREDENTIALS_FILE).exists()
    assert not User.objects.exists()


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit may wait for its new parent to reap it)."""
    from pathlib import Path

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_worker_ends_with_the_demo_however_it_ends(tmp_path):
    """Killed outright (no Ctrl-C, no clean-up), the demo takes its worker with it."""
    import os
    import subprocess
    import time

    pid_file = tmp_path / "worker.pid"
    # A stand-in for `zhiliang demo`: starts its worker as the demo does, then waits.
    script = (
        "import subprocess, sys, time\n"
        "from zhiliang.demo.processes import die_with_parent\n"
        "w = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],"
        " preexec_fn=die_with_parent)\n"
        f"open({str(pid_file)!r}, 'w').write(str(w.pid))\n"
        "time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    demo = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        while not (pid_file.exists() and pid_file.read_text()):
            assert demo.poll() is None, "the stand-in demo failed"
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        assert _running(worker)
        demo.kill()
        demo.wait()
        for _ in range(300):  # the kernel sends it SIGTERM at once; give it time to exit
            if not _running(worker):
                break
            time.sleep(0.1)
        assert not _running(worker)
    finally:
        demo.kill()
