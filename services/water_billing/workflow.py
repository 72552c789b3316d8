"""The water connection workflows (backend/workflow):

New connection ("water_connection"):
    submitted --verify--> inspection --inspect--> approval --approve--> fee_due
      --paid (settlement hook)--> to_connect --connect--> connected
Change of name, diameter or category ("water_change"):
    submitted --approve--> fee_due --paid--> to_apply --apply--> applied

Documents are checked and the field inspection done by the water superintendent; the secretary
or the water superintendent approves. Send back and reject come from the engine."""

from backend.common.text import Text
from backend.identity.models import Role
from backend.workflow.definitions import (
    APPLICANT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)

NEW_KIND = "water_connection"
CHANGE_KIND = "water_change"
SERIES = "WA"  # application numbers: NAT-WA-2026-27-000001

SUBMITTED = "submitted"
INSPECTION = "inspection"
APPROVAL = "approval"
FEE_DUE = "fee_due"
TO_CONNECT = "to_connect"
CONNECTED = "connected"
TO_APPLY = "to_apply"
APPLIED = "applied"
RETURNED = "returned"
REJECTED = "rejected"

VERIFY, INSPECT, APPROVE, PAID, CONNECT, APPLY = (
    "verify",
    "inspect",
    "approve",
    "paid",
    "connect",
    "apply",
)

SUPERINTENDENT = frozenset({Role.WATER_SUPERINTENDENT})
APPROVERS = frozenset({Role.WATER_SUPERINTENDENT, Role.SECRETARY})
_APPLICANT = frozenset({APPLICANT})

_RETURNED = State(RETURNED, Text(en="Returned for correction", bn="সংশোধনের জন্য ফেরত"), _APPLICANT)
_REJECTED = State(REJECTED, Text(en="Rejected", bn="নামঞ্জুর"), terminal=True)
_FEE_DUE = State(FEE_DUE, Text(en="Fee to pay", bn="ফি পরিশোধ বাকি"), _APPLICANT)
_PAID = Text(en="Fee paid", bn="ফি পরিশোধিত")

NEW = WorkflowDefinition(
    kind=NEW_KIND,
    title=Text(en="Water connection", bn="পানির সংযোগ"),
    initial=SUBMITTED,
    returned_state=RETURNED,
    rejected_state=REJECTED,
    states=(
        State(SUBMITTED, Text(en="Documents to check", bn="কাগজপত্র যাচাই বাকি"), SUPERINTENDENT, 2),
        State(INSPECTION, Text(en="Field inspection", bn="সরেজমিন পরিদর্শন"), SUPERINTENDENT, 3),
        State(APPROVAL, Text(en="For approval", bn="অনুমোদনের অপেক্ষায়"), APPROVERS, 1),
        _FEE_DUE,
        State(TO_CONNECT, Text(en="To connect", bn="সংযোগ দেওয়া বাকি"), SUPERINTENDENT, 2),
        State(CONNECTED, Text(en="Connected", bn="সংযোগ দেওয়া হয়েছে"), terminal=True),
        _RETURNED,
        _REJECTED,
    ),
    transitions=(
        Transition(
            VERIFY,
            frozenset({SUBMITTED}),
            INSPECTION,
            SUPERINTENDENT,
            Text(en="Documents verified", bn="কাগজপত্র যাচাই হয়েছে"),
        ),
        Transition(
            INSPECT,
            frozenset({INSPECTION}),
            APPROVAL,
            SUPERINTENDENT,
            Text(en="Inspected", bn="পরিদর্শন হয়েছে"),
        ),
        Transition(
            APPROVE, frozenset({APPROVAL}), FEE_DUE, APPROVERS, Text(en="Approve", bn="অনুমোদন করুন")
        ),
        Transition(PAID, frozenset({FEE_DUE}), TO_CONNECT, _APPLICANT, _PAID),
        Transition(
            CONNECT,
            frozenset({TO_CONNECT}),
            CONNECTED,
            SUPERINTENDENT,
            Text(en="Connected", bn="সংযোগ দেওয়া হয়েছে"),
        ),
    ),
)

CHANGE = WorkflowDefinition(
    kind=CHANGE_KIND,
    title=Text(en="Water connection change", bn="পানির সংযোগ পরিবর্তন"),
    initial=SUBMITTED,
    returned_state=RETURNED,
    rejected_state=REJECTED,
    states=(
        State(SUBMITTED, Text(en="For approval", bn="অনুমোদনের অপেক্ষায়"), APPROVERS, 3),
        _FEE_DUE,
        State(TO_APPLY, Text(en="To carry out", bn="কার্যকর করা বাকি"), SUPERINTENDENT, 2),
        State(APPLIED, Text(en="Carried out", bn="কার্যকর হয়েছে"), terminal=True),
        _RETURNED,
        _REJECTED,
    ),
    transitions=(
        Transition(
            APPROVE, frozenset({SUBMITTED}), FEE_DUE, APPROVERS, Text(en="Approve", bn="অনুমোদন করুন")
        ),
        Transition(PAID, frozenset({FEE_DUE}), TO_APPLY, _APPLICANT, _PAID),
        Transition(
            APPLY,
            frozenset({TO_APPLY}),
            APPLIED,
            SUPERINTENDENT,
            Text(en="Carry out", bn="কার্যকর করুন"),
        ),
    ),
)


def register() -> None:
    register_workflow(NEW)
    register_workflow(CHANGE)
