from django.db import migrations


def load(apps, schema_editor):
    from zhiliang.enterprises.catalogue import products_load

    products_load(apps.get_model("enterprises", "Product"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0007_products_risk_class")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
