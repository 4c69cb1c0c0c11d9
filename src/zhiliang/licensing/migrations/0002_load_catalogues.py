from django.db import migrations


def load(apps, schema_editor):
    from zhiliang.licensing.catalogue import certificate_kinds_load, instrument_catalogue_load

    certificate_kinds_load(apps.get_model("licensing", "CertificateKind"))
    instrument_catalogue_load(apps.get_model("licensing", "InstrumentCategory"))


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
