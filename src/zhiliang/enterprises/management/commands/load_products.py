from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhiliang.enterprises.catalogue import PRODUCTS_YAML, products_load
from zhiliang.enterprises.models import Product


class Command(BaseCommand):
    help = (
        "Load the key-product catalogue (categories and products with their CCC, production "
        "licence and food flags) from enterprises/data/products.yaml or a file of the same "
        "form. New entries are added, changed ones corrected; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(PRODUCTS_YAML))

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with transaction.atomic():
                counts = products_load(Product, file)
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"{file} is not a product catalogue: {exc!r}") from None
        self.stdout.write(
            f"products: {counts['created']} added, {counts['updated']} corrected "
            f"({Product.objects.count()} in the catalogue)"
        )
