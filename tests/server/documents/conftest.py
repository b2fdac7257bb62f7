from __future__ import annotations

import pytest

from dayone.server.documents import services
from dayone.server.documents.enums import DocumentKind
from dayone.server.documents.structure import QA, PrFaq

NARRATIVE = """# Opening a fourth warehouse

Riverbend Books ships 41,000 orders a week from three warehouses. Orders to the South East take
3.4 days on average, against 1.9 days elsewhere.

## Proposal

We lease a 60,000 square foot site in Atlanta by 1 March 2027.
"""


def prfaq_parts(**press: str) -> PrFaq:
    base = {
        "heading": "Riverbend Books launches Series Shelf",
        "subheading": "Readers of series get the next book the day it comes out.",
        "summary": "COLUMBUS, Ohio, 1 March 2027. Riverbend Books today launched Series Shelf.",
        "problem": "Readers who follow a series miss 1 in 4 new releases.",
        "solution": "Series Shelf tracks the series you read and reserves the next book.",
    }
    base.update(press)
    return PrFaq(
        questions={
            "customer": "Readers who buy three or more books of one series a year: 38,000 people.",
            "problem": "They miss 1 in 4 new releases in their series.",
        },
        press=base,
        external=(QA("How much does it cost?", "Nothing: it comes with a free account."),),
        internal={"economics": (QA("What does it cost us?", "$40,000 to build."),)},
    )


@pytest.fixture
def narrative(member):
    return services.document_create(
        actor=member, kind=DocumentKind.NARRATIVE, title="A fourth warehouse", body=NARRATIVE
    )


@pytest.fixture
def prfaq(member):
    return services.document_create(
        actor=member, kind=DocumentKind.PRFAQ, title="Series Shelf", parts=prfaq_parts()
    )
