"""Test data for the server: people with each role, and a metric catalogue."""

from __future__ import annotations

import factory

from dayone.server.core.enums import Role
from dayone.server.core.models import User
from dayone.server.wbr.enums import Aggregation, MetricRole, SourceKind
from dayone.server.wbr.models import DataSource, Metric


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.MEMBER
    password = factory.django.Password("correct horse battery")


def metric_catalogue(owner: User | None = None) -> DataSource:
    """Riverbend Books' metric catalogue, every metric read from a ``daily_business`` table: what
    teams, goals and Weblab name. Returns the data source (its table may or may not exist)."""
    from dayone.server.wbr.demo import DEMO_METRICS

    owner = owner or UserFactory(username="metric.owner", role=Role.MEMBER)
    source = DataSource.objects.create(
        name="Daily business", slug="daily_business", kind=SourceKind.CSV
    )
    created = {
        info.key: Metric(
            key=info.key,
            name=info.name,
            definition=info.description,
            unit=info.unit,
            owner=owner,
            role=MetricRole.INPUT if info.is_input else MetricRole.OUTPUT,
            controllable=info.controllable,
            source=source,
            column=info.key,
            aggregation=info.aggregation,
        )
        for info in DEMO_METRICS.values()
        if info.aggregation != Aggregation.RATIO
    }
    Metric.objects.bulk_create(created.values())
    ratios = [
        Metric(
            key=info.key,
            name=info.name,
            definition=info.description,
            unit=info.unit,
            owner=owner,
            role=MetricRole.INPUT if info.is_input else MetricRole.OUTPUT,
            controllable=info.controllable,
            aggregation=Aggregation.RATIO,
            numerator=created[info.numerator],
            denominator=created[info.denominator],
        )
        for info in DEMO_METRICS.values()
        if info.aggregation == Aggregation.RATIO
    ]
    Metric.objects.bulk_create(ratios)
    return source
