from django.core.management.base import BaseCommand

from zhiliang.core.regions import regions_load


class Command(BaseCommand):
    help = "Load every province, prefecture, county and township (idempotent)."

    def handle(self, *args, **options):
        result = regions_load()
        self.stdout.write(
            f"regions: {result['total']} in the data, {result['created']} created, "
            f"{result['updated']} updated"
        )
