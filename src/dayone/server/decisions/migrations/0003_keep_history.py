from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_escalation_ruling")]

    operations = [
        keep_rows(("decisions_stance", []), ("decisions_event", ["actor_id"]), ("decisions_review", [])),
    ]
