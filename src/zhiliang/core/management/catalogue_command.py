"""The shape of every `load-…` catalogue command: a YAML file (the shipped one by default)
loaded into its table in one transaction; running it twice changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class CatalogueLoadCommand(BaseCommand):
    default_path: Path
    model: type
    what = "a catalogue"  # "… is not <what>"
    label = "catalogue"  # "<label>: n added, m corrected"

    def load(self, file: Path) -> dict:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(self.default_path))

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with transaction.atomic():
                counts = self.load(file)
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"{file} is not {self.what}: {exc!r}") from None
        self.stdout.write(
            f"{self.label}: {counts['created']} added, {counts['updated']} corrected "
            f"({self.model.objects.count()} held)"
        )
