from django.db import migrations


def keep_review_decisions(apps, schema_editor):
    """Decisions that record a review's outcome are kept by the review from now on."""
    Review = apps.get_model("documents", "Review")
    Decision = apps.get_model("decisions", "Decision")
    ids = Review.objects.filter(decision__isnull=False).values_list("decision_id", flat=True)
    Decision.objects.filter(pk__in=list(ids)).update(kept_by_source=True)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_keep_history"),
        ("decisions", "0005_decision_kept_by_source"),
    ]

    operations = [migrations.RunPython(keep_review_decisions, migrations.RunPython.noop)]
