import argparse
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.models import Region
from zhiliang.core.regions import regions_load
from zhiliang.demo.accounts import credentials_path, credentials_table, demo_users_ensure
from zhiliang.demo.generate import generate
from zhiliang.demo.management.commands.generate import generation_summary
from zhiliang.demo.processes import die_with_parent
from zhiliang.demo.steps import DEMO_LOADERS
from zhiliang.demo.synthetic import SCALES, scope_code

WORKER_STOP_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Set up a demonstration site and serve it: migrate, load regions, generate data, "
        "create one account per role in 常州市, 武进区 and 新北区, then run the web server "
        "and the background worker. Running it again reuses the database and passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="district")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-serve", action="store_true", help="set up, then exit")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args, scale, seed, no_serve, host, port, limit, **options):
        verbosity = options["verbosity"]
        if not no_serve and not _port_free(host, port):
            # Before any set-up and before a worker starts: nothing to undo, nothing left behind.
            raise CommandError(
                _(
                    "Port %(port)s on %(host)s is already in use: is the demo already running? "
                    "Open http://%(host)s:%(port)s/ or choose another port: make demo PORT=8001 "
                    "(zhiliang demo --port 8001)."
                )
                % {"host": host, "port": port}
            )
        # Printed in the site's language (LANGUAGE_CODE), the steps' lines as well.
        self._say(_("1/5 database: migrate"))
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        if Region.objects.filter(code=scope_code(scale)).exists():
            self._say(_("2/5 regions: already loaded"))
        else:
            result = regions_load()
            self._say(_("2/5 regions: %(n)s loaded") % {"n": f"{result['created']:,}"})
        self._say(
            _("3/5 data: %(scale)s scale, seed %(seed)s")
            % {"scale": scale_label(scale), "seed": seed}
        )
        result = generate(scale=scale, seed=seed, limit=limit, progress=verbosity > 0)
        self.stdout.write(generation_summary(result))
        for path in DEMO_LOADERS:
            self._say(f"4/5 {import_string(path)(seed=seed)}")
        entries = demo_users_ensure()
        self._say(
            _("5/5 accounts: %(n)s (saved in %(path)s)")
            % {"n": len(entries), "path": credentials_path()}
        )
        self.stdout.write(credentials_table(entries))
        if not no_serve:
            self._serve(host, port)

    def _say(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(text))

    def _serve(self, host: str, port: int) -> None:
        if host not in settings.ALLOWED_HOSTS:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(host)s is not in ZHILIANG_ALLOWED_HOSTS; requests by that name get "
                        "400. Set ZHILIANG_ALLOWED_HOSTS to the name browsers will use."
                    )
                    % {"host": host}
                )
            )
        # Whitenoise warns on every start when the collected-static folder is missing;
        # the demo serves from the apps' folders, so an empty one is all it needs.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        # Quiet (its errors still show) so the demo's lines stay in one language; it dies
        # with the demo even when the demo is killed outright.
        worker = subprocess.Popen(
            [sys.executable, "-m", "zhiliang", "db_worker", "--no-reload", "--verbosity", "0"],
            preexec_fn=die_with_parent,  # noqa: PLW1509 — no threads are running yet
        )
        self.stdout.write(_("background worker started (pid %(pid)s)") % {"pid": worker.pid})
        self.stdout.write(
            self.style.SUCCESS(
                _("open http://%(host)s:%(port)s/ — Ctrl-C stops") % {"host": host, "port": port}
            )
        )

        def stop(signum, frame):
            raise KeyboardInterrupt  # runserver treats it as Ctrl-C and exits

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            # Its banner is English and repeats the line above; its errors go to stderr.
            with open(os.devnull, "w") as quiet:
                call_command("runserver", f"{host}:{port}", use_reloader=False, stdout=quiet)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise CommandError(
                    _("the web server stopped with status %(code)s") % {"code": exc.code}
                ) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(worker)
            self.stdout.write(_("background worker stopped"))


def scale_label(scale: str) -> str:
    return {
        "district": pgettext("demo scale", "district"),
        "city": pgettext("demo scale", "city"),
        "province": pgettext("demo scale", "province"),
    }[scale]


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
