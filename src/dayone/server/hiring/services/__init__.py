"""Every write of hiring: roles and candidates, loops, feedback, the debrief, the programme,
the company's question bank.

Each function checks who may act, validates (the loop rules come from the ``dayone.hiring``
engine), saves with ``update_fields``, adds to the candidate's timeline and records an audit
entry that holds no feedback and no personal data.
"""

from dayone.server.hiring.services._common import hiring_settings
from dayone.server.hiring.services.checkin import checkin_opens, checkin_record
from dayone.server.hiring.services.debrief import debrief_close, loop_ref, veto_escalate
from dayone.server.hiring.services.feedback import RatingInput, feedback_mark_read, feedback_submit
from dayone.server.hiring.services.loops import (
    SeatInput,
    interview_notes_save,
    loop_facts,
    loop_plan,
    loop_problems,
)
from dayone.server.hiring.services.privacy import (
    candidate_erase,
    candidate_legal_hold,
    candidates_erase_expired,
    candidates_past_retention,
)
from dayone.server.hiring.services.programme import (
    bar_raiser_advance,
    bar_raiser_nominate,
    led_loops,
    loop_sign_off,
    shadowed_loops,
)
from dayone.server.hiring.services.questions import (
    question_create,
    question_retire,
    question_update,
)
from dayone.server.hiring.services.reminders import email_enabled, feedback_remind
from dayone.server.hiring.services.resume import candidate_resume_upload
from dayone.server.hiring.services.roles import (
    candidate_create,
    candidate_set_stage,
    role_create,
    role_set_status,
)

__all__ = [
    "RatingInput",
    "SeatInput",
    "bar_raiser_advance",
    "bar_raiser_nominate",
    "candidate_create",
    "candidate_erase",
    "candidate_legal_hold",
    "candidate_resume_upload",
    "candidate_set_stage",
    "candidates_erase_expired",
    "candidates_past_retention",
    "checkin_opens",
    "checkin_record",
    "debrief_close",
    "email_enabled",
    "feedback_mark_read",
    "feedback_remind",
    "feedback_submit",
    "hiring_settings",
    "interview_notes_save",
    "led_loops",
    "loop_facts",
    "loop_plan",
    "loop_problems",
    "loop_ref",
    "loop_sign_off",
    "question_create",
    "question_retire",
    "question_update",
    "role_create",
    "role_set_status",
    "shadowed_loops",
    "veto_escalate",
]
