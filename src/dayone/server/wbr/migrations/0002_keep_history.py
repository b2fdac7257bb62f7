from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [
        keep_rows(("metrics_metricversion", ["changed_by_id"])),
    ]
