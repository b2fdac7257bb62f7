from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_review_waivers")]

    operations = [
        keep_rows(("documents_documentversion", ["author_id"])),
    ]
