"""Approval of a lease award through the workflow engine:

    awaiting_approval --approve (mayor)--> approved
         | send back / reject (mayor)
         v
      returned --resubmit (estate officer)--> awaiting_approval

The award is made by the tender committee; approving raises the lease money, VAT and income
tax demands in the same transaction (services/awards.py, a transition hook)."""

from backend.common.text import Text
from backend.identity.models import Role
from backend.workflow.definitions import (
    RESUBMIT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)

KIND = "lease_award"
SERIES = "LA"  # approval numbers: NAT-LA-2026-27-000001

AWAITING = "awaiting_approval"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"
APPROVE = "approve"

APPROVERS = frozenset({Role.MAYOR})
OFFICERS = frozenset({Role.ESTATE_OFFICER})

DEFINITION = WorkflowDefinition(
    kind=KIND,
    title=Text(en="Lease award", bn="ইজারা প্রদান"),
    initial=AWAITING,
    returned_state=RETURNED,
    rejected_state=REJECTED,
    states=(
        State(AWAITING, Text(en="Awaiting approval", bn="অনুমোদনের অপেক্ষায়"), APPROVERS, 7),
        State(
            RETURNED,
            Text(en="Returned to the estate officer", bn="এস্টেট কর্মকর্তার কাছে ফেরত"),
            OFFICERS,
        ),
        State(APPROVED, Text(en="Approved", bn="অনুমোদিত"), terminal=True),
        State(REJECTED, Text(en="Rejected", bn="নামঞ্জুর"), terminal=True),
    ),
    transitions=(
        Transition(
            APPROVE,
            frozenset({AWAITING}),
            APPROVED,
            APPROVERS,
            Text(en="Approve the award", bn="ইজারা অনুমোদন করুন"),
        ),
        Transition(
            RESUBMIT,
            frozenset({RETURNED}),
            AWAITING,
            OFFICERS,
            Text(en="Resubmit", bn="পুনরায় জমা দিন"),
        ),
    ),
)


def register() -> None:
    register_workflow(DEFINITION)
