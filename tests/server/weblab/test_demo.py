from __future__ import annotations

import time

import pytest
from django.utils import timezone

from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.decisions import demo as decisions_demo
from dayone.server.decisions.enums import SourceKind
from dayone.server.weblab import selectors
from dayone.server.weblab.analysis import analysis_result
from dayone.server.weblab.demo import load_demo
from dayone.server.weblab.enums import ExperimentStatus
from dayone.server.weblab.models import Experiment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def test_demo_experiments_cover_the_mechanism(warehouse, demo_people):
    people = demo_people
    end = last_week_ending(timezone.localdate())
    ctx = DemoContext(end=end, seed=7, people=people, warehouse=warehouse, note=lambda _m: None)
    decisions_demo.load_demo(ctx)
    began = time.perf_counter()
    summary = load_demo(ctx)
    elapsed = time.perf_counter() - began
    assert summary == "14 experiments (12 concluded, 1 running, 1 draft)"
    assert elapsed < 30  # a few seconds on a quiet machine; generous for a busy one

    experiments = list(Experiment.objects.order_by("started_at"))
    ran = [e for e in experiments if e.started_at is not None]
    assert len(ran) >= 12
    assert (ctx.end - ran[0].started_at.date()).days > 300  # spread over the past year
    running = [e for e in experiments if e.status == ExperimentStatus.RUNNING]
    assert [e.key for e in running] == ["search-typo-tolerance"]
    concluded = [e for e in experiments if e.status == ExperimentStatus.CONCLUDED]
    results = [e.result for e in concluded]
    assert 2 <= results.count("won") < results.count("flat") + results.count("lost")

    srm = []
    for experiment in ran:
        full = selectors.experiment_get_for_user(
            viewer=people["eleanor.voss"], experiment_id=experiment.pk
        )
        analysis = selectors.experiment_results(viewer=people["eleanor.voss"], experiment=full)
        assert analysis.ok, (experiment.key, analysis.message)
        assert 5000 <= analysis.total_units <= 20000
        if analysis.srm_mismatch:
            srm.append(experiment.key)
        if experiment.status == ExperimentStatus.CONCLUDED:
            # what the archive says is what the results page shows
            assert experiment.result == analysis_result(analysis), experiment.key
            assert experiment.decision is not None and experiment.learning
            assert experiment.decision.links.filter(
                kind=SourceKind.EXPERIMENT, ref=experiment.key
            ).exists()
        assert analysis.breakdown, "broken down by platform"
    assert srm == ["paypal-express-button"]
    # the decisions demo already decided two of them: they are linked, not duplicated
    reorder = Experiment.objects.get(key="reorder-series")
    assert reorder.decision.question.startswith("Ship the one-click reorder")
