"""What the deploy files promise the operator (docs/deploy.md)."""

import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[4] / "deploy"


def _lines(name: str) -> list[str]:
    text = (DEPLOY / name).read_text()
    return [line.strip() for line in text.splitlines() if not line.strip().startswith("#")]


def test_nginx_passes_the_port_and_hides_its_version():
    lines = _lines("nginx.conf")
    assert "proxy_set_header Host $http_host;" in lines  # $host drops a non-443 port
    assert "server_tokens off;" in lines


def test_env_example_starts_hsts_at_an_hour_and_names_the_field_keys():
    env = dict(line.split("=", 1) for line in _lines("env.example") if "=" in line)
    assert env["ZHILIANG_HSTS_SECONDS"] == "3600"
    assert env["ZHILIANG_FIELD_KEYS"] and env["ZHILIANG_FIELD_KEYS"] != env["ZHILIANG_SECRET_KEY"]


def test_the_backup_never_puts_the_password_on_a_command_line():
    script = "\n".join(_lines("zhiliang-backup"))
    assert "PGPASSFILE" in script
    assert not re.search(r"pg_dump[^\n]*DATABASE_URL", script)


def test_gunicorn_listens_only_on_the_socket_nginx_proxies_to():
    socket = dict(line.split("=", 1) for line in _lines("zhiliang-web.socket") if "=" in line)
    upstream = next(line for line in _lines("nginx.conf") if line.startswith("server unix:"))
    assert upstream == f"server unix:{socket['ListenStream']};"
    assert (socket["SocketGroup"], socket["SocketMode"]) == ("www-data", "0660")
    web = "\n".join(_lines("zhiliang-web.service"))
    assert "Requires=zhiliang-web.socket" in web and " -b " not in web
    env = dict(line.split("=", 1) for line in _lines("env.example") if "=" in line)
    assert env["ZHILIANG_TRUSTED_PROXIES"] == "unix"  # 127.0.0.1 is open to every local program
