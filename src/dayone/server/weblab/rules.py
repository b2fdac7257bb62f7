"""Weblab's policy on concluding: what stands in the way of shipping, and the messages.

Shipping is refused while the results cannot be trusted (a sample-ratio mismatch) or while the
variant harms a guardrail (its whole interval lies beyond the tolerated harm), unless the
person concluding writes why they ship anyway; that reason is kept with the learning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.server.weblab.analysis import ExperimentAnalysis

SHIP_SRM = (
    "The experiment has a sample-ratio mismatch (p = {p:.2g}): the units per variant are not "
    "the planned split, so its results cannot be trusted."
)
SHIP_BREACH = "{variant} harms the guardrail '{metric}' beyond the tolerated harm."
SHIP_REFUSED = (
    "{blockers} Shipping is refused unless you write why you ship anyway, in 'Why ship anyway'."
)
OVERRIDE_WHAT = "reason to ship anyway"


def ship_blockers(analysis: ExperimentAnalysis) -> list[str]:
    """Why shipping this experiment needs a written reason: a sample-ratio mismatch and each
    breached guardrail, in words; empty when nothing stands in the way."""
    if not analysis.ok:
        return []
    blockers = []
    if analysis.srm_mismatch:
        blockers.append(SHIP_SRM.format(p=analysis.srm_p_value))
    blockers += [SHIP_BREACH.format(variant=v, metric=m) for m, v in analysis.breaches]
    return blockers
