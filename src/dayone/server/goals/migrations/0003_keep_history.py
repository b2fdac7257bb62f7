from django.db import migrations

from dayone.server.core.history import keep_rows


class Migration(migrations.Migration):
    dependencies = [("goals", "0002_goal_judged_by")]

    operations = [
        keep_rows(("goals_goalreview", ["author_id"])),
    ]
