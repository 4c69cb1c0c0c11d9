import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from zhiliang.core.models import RoleGrant, User


def _zhiliang(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "zhiliang", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        "ZHILIANG_HOME": str(tmp_path),
        "ZHILIANG_ENV": "production",
        "ZHILIANG_SECRET_KEY": "k" * 20 + "Zq8-vR2_mP5xL9wT3yB7nC1dF6gH0jK4sA",
        "ZHILIANG_FIELD_KEYS": "f" * 20 + "Hq2-xR8_vP1mL4wT7yB0nC3dF5gK9jZ6sE",
        "ZHILIANG_ALLOWED_HOSTS": "zhiliang.example.org",
        "DJANGO_SETTINGS_MODULE": "zhiliang.settings",
    }
    result = _zhiliang("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        "ZHILIANG_HOME": str(tmp_path),
        "ZHILIANG_ENV": "production",
        "ZHILIANG_SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "zhiliang.settings",
    }
    result = _zhiliang("check", env=env)
    assert result.returncode != 0 and "ZHILIANG_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_field_keys(tmp_path):
    env = {
        "ZHILIANG_HOME": str(tmp_path),
        "ZHILIANG_ENV": "production",
        "ZHILIANG_SECRET_KEY": "k" * 20 + "Zq8-vR2_mP5xL9wT3yB7nC1dF6gH0jK4sA",
        "ZHILIANG_FIELD_KEYS": "",
        "ZHILIANG_FIELD_KEY": "",
        "DJANGO_SETTINGS_MODULE": "zhiliang.settings",
    }
    result = _zhiliang("check", env=env)
    assert result.returncode != 0 and "ZHILIANG_FIELD_KEYS must be set" in result.stderr


def test_local_secret_key_is_generated_once_under_home(tmp_path):
    from zhiliang.paths import local_secret_key

    os.environ["ZHILIANG_HOME"], old = str(tmp_path), os.environ["ZHILIANG_HOME"]
    try:
        assert local_secret_key() == local_secret_key() == (tmp_path / "secret_key").read_text()
    finally:
        os.environ["ZHILIANG_HOME"] = old


def test_create_admins_makes_three_separate_accounts(regions, capsys):
    call_command("create_admins", region="3204", organisation="常州市市场监督管理局")
    out = capsys.readouterr().out
    assert {g.role for g in RoleGrant.objects.all()} == {
        "system_admin",
        "security_admin",
        "audit_admin",
    }
    for username in ("sysadmin", "secadmin", "auditadmin"):
        user = User.objects.get(username=username)
        password = next(line.split()[1] for line in out.splitlines() if line.startswith(username))
        assert user.check_password(password) and not user.is_superuser and user.is_staff
        assert user.must_change_password  # the one who ran the command knows all three
        assert len(user.role_codes) == 1
    with pytest.raises(CommandError):
        call_command("create_admins", region="3204", organisation="常州市市场监督管理局")


def test_create_admins_needs_a_known_region(db):
    # The suite loads 江苏 for every test (conftest): 北京 is not loaded.
    with pytest.raises(CommandError, match="load-regions"):
        call_command("create_admins", region="1101", organisation="x")
