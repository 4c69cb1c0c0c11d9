import secrets
import string

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Organization, Region, RoleGrant
from zhiliang.core.roles import Role
from zhiliang.core.services import user_create

ACCOUNTS = [
    ("sysadmin", Role.SYSTEM_ADMIN),
    ("secadmin", Role.SECURITY_ADMIN),
    ("auditadmin", Role.AUDIT_ADMIN),
]


def _password() -> str:
    alphabet = string.ascii_letters + string.digits + "-_!@#%"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(16))
        classes = [
            any(c.islower() for c in pw),
            any(c.isupper() for c in pw),
            any(c.isdigit() for c in pw),
        ]
        if all(classes):
            return pw


class Command(BaseCommand):
    help = (
        "Create the three administrator accounts (system, security, audit: 三员分立) for a new "
        "installation, in the organisation that runs it. Passwords are printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help="region code of the deployment, e.g. 3204"
        )
        parser.add_argument("--organisation", required=True, help="e.g. 常州市市场监督管理局")
        parser.add_argument(
            "--prefix", default="", help="username prefix, e.g. cz- gives cz-sysadmin"
        )

    def handle(self, *args, region, organisation, prefix, **options):
        place = Region.objects.filter(code=region).first()
        if place is None:
            raise CommandError(
                f"No region {region}: run `zhiliang load-regions` first, and check the code."
            )
        if RoleGrant.objects.filter(role__in=[r for _n, r in ACCOUNTS]).exists():
            raise CommandError(
                "Administrator accounts exist already; manage accounts in the admin site."
            )
        with transaction.atomic():
            org, _created = Organization.objects.get_or_create(
                region=place, name=organisation, defaults={"kind": OrganizationKind.DEPARTMENT}
            )
            rows = []
            for name, role in ACCOUNTS:
                password = _password()
                user_create(
                    actor=None,
                    username=prefix + name,
                    password=password,
                    organization=org,
                    roles=[role],
                    # Whoever ran this saw all three: each holder chooses their own.
                    must_change_password=True,
                )
                rows.append((prefix + name, password, role.label))
        for username, password, label in rows:
            self.stdout.write(f"{username:<20} {password:<18} {label}")
        self.stdout.write(
            "Store these passwords now; they are not shown again. "
            "Each must be changed at its first login."
        )
