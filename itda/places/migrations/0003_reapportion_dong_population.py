"""Re-share each district's population among its dongs so the dong figures add up exactly.

0002 rounded every dong's share on its own, which left some districts a person or two off;
databases created before the fix get the corrected figures here (the loader is idempotent).
"""

from django.db import migrations


def reload_geography(apps, schema_editor):
    from itda.places.reference import load_geography

    load_geography(apps.get_model("places", "District"), apps.get_model("places", "Dong"))


class Migration(migrations.Migration):
    dependencies = [("places", "0002_load_reference_data")]
    operations = [migrations.RunPython(reload_geography, migrations.RunPython.noop)]
