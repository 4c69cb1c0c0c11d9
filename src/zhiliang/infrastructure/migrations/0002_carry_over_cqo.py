"""The enterprise register's single CQO field becomes a history: each enterprise's officer
becomes an appointment (its date unknown, left empty), and a training date a training
record. Set-based: two INSERT … SELECT statements, whatever the size of the register."""

from django.db import migrations

CARRIED_COURSE = "首席质量官培训（原企业登记信息）"


def carry_over(apps, schema_editor):
    enterprise = apps.get_model("enterprises", "Enterprise")._meta.db_table
    appointment = apps.get_model("infrastructure", "Appointment")._meta.db_table
    training = apps.get_model("infrastructure", "Training")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {appointment} (enterprise_id, region_id, person, position, phone,"
            f" appointed_on, ended_on) SELECT id, region_id, chief_quality_officer, '', '',"
            f" NULL, NULL FROM {enterprise} WHERE chief_quality_officer <> ''"
        )
        cursor.execute(
            f"INSERT INTO {training} (appointment_id, enterprise_id, region_id, course,"
            f" trained_on, hours, certificate_number) SELECT a.id, a.enterprise_id,"
            f" a.region_id, %s, e.cqo_trained_on, NULL, '' FROM {appointment} a JOIN"
            f" {enterprise} e ON e.id = a.enterprise_id WHERE e.cqo_trained_on IS NOT NULL",
            [CARRIED_COURSE],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("infrastructure", "0001_initial"),
        ("enterprises", "0011_credit_report_permission"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
