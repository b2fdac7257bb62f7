"""Every write of decisions: propose, weigh in, escalate, decide, review, supersede, link.

Each function checks who may act, validates, saves with ``update_fields``, appends a line to the
decision's history, records an audit entry, and notifies the people involved after commit. The
door policy they apply is ``decisions.rules``. The modules follow a decision's life:
``propose`` (propose, edit, postpone, supersede), ``weigh`` (stances and escalations),
``decide`` (decide, withdraw, review), ``link`` and ``company`` (settings, notifications).
"""

from dayone.server.decisions.services._common import current_stances, decision_url, door_facts
from dayone.server.decisions.services.company import (
    decision_settings_update,
    notification_mark_read,
)
from dayone.server.decisions.services.decide import (
    decide_blockers,
    decision_decide,
    decision_withdraw,
    review_record,
)
from dayone.server.decisions.services.link import decision_link_source
from dayone.server.decisions.services.propose import (
    OptionInput,
    SourceInput,
    decision_create,
    decision_create_from_source,
    decision_option_add,
    decision_postpone,
    decision_supersede,
    decision_update,
)
from dayone.server.decisions.services.weigh import (
    escalation_raise,
    escalation_resolve,
    stance_record,
)

__all__ = [
    "OptionInput",
    "SourceInput",
    "current_stances",
    "decide_blockers",
    "decision_create",
    "decision_create_from_source",
    "decision_decide",
    "decision_link_source",
    "decision_option_add",
    "decision_postpone",
    "decision_settings_update",
    "decision_supersede",
    "decision_update",
    "decision_url",
    "decision_withdraw",
    "door_facts",
    "escalation_raise",
    "escalation_resolve",
    "notification_mark_read",
    "review_record",
    "stance_record",
]
