from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [
        keep_rows(("org_principlerevision", ["author_id"])),
    ]
