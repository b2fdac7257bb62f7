from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        keep_rows(("core_auditentry", ["actor_id"])),
    ]
