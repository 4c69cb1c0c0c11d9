from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhiliang.assessments import services
from zhiliang.core.models import Region


class Command(BaseCommand):
    help = (
        "Assessment schemes. `assessments load --region 3204 [FILE]` loads a scheme from YAML "
        "(default: the shipped default scheme) for a region, replacing the one with its code."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a scheme from YAML")
        load.add_argument("file", nargs="?", default=str(services.DEFAULT_SCHEME))
        load.add_argument("--region", required=True, help="code of the assessing office's region")

    def handle(self, *args, action, file, region, **options):
        place = Region.objects.filter(code=region).first()
        if place is None:
            raise CommandError(f"there is no region with code {region}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            scheme = services.scheme_load_file(path=path, region=place)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{scheme.name} ({scheme.period}) for {place.name}: {scheme.items.count()} items"
        )
