"""Load the Gwangju geography (5 districts, 96 dongs) and the 1365 service fields."""

from django.db import migrations


def load(apps, schema_editor):
    from itda.places.reference import load_geography, load_service_fields

    load_service_fields(apps.get_model("places", "ServiceField"))
    load_geography(apps.get_model("places", "District"), apps.get_model("places", "Dong"))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
