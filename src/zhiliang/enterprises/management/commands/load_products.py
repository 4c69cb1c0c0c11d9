from zhiliang.core.management.catalogue_command import CatalogueLoadCommand
from zhiliang.enterprises.catalogue import PRODUCTS_YAML, products_load
from zhiliang.enterprises.models import Product


class Command(CatalogueLoadCommand):
    help = (
        "Load the key-product catalogue (categories and products with their CCC, production "
        "licence and food flags) from enterprises/data/products.yaml or a file of the same "
        "form. New entries are added, changed ones corrected; running it twice changes nothing."
    )
    default_path = PRODUCTS_YAML
    model = Product
    what = "a product catalogue"
    label = "products"

    def load(self, file):
        return products_load(Product, file)
