"""The certificate workflow, one kind for every certificate type:

    payment_due --paid--> with_councillor --recommend--> with_officer --approve--> issued
                              |  send back / refuse          |  send back / reject
                              v                              v
                          returned --resubmit--> with_councillor

    payment_due or returned --withdraw--> withdrawn (by the applicant)

Only the councillor of the application's ward recommends (ward roles are scoped to their ward
by the engine); the certificate officer approves and signs. Issuing happens inside the
approving transaction (a transition hook), so an approved application always has a certificate.
"""

from backend.common.text import Text
from backend.identity.models import Role
from backend.workflow.definitions import (
    APPLICANT,
    RESUBMIT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)

KIND = "certificate"
SERIES = "CA"  # application numbers: NAT-CA-2026-27-000001

PAYMENT_DUE = "payment_due"
WITH_COUNCILLOR = "with_councillor"
WITH_OFFICER = "with_officer"
RETURNED = "returned"
ISSUED = "issued"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

PAID = "paid"
RECOMMEND = "recommend"
APPROVE = "approve"
WITHDRAW = "withdraw"

COUNCILLOR = frozenset({Role.WARD_COUNCILLOR})
OFFICER = frozenset({Role.CERTIFICATE_OFFICER})
_APPLICANT = frozenset({APPLICANT})

DEFINITION = WorkflowDefinition(
    kind=KIND,
    title=Text(en="Certificate", bn="সনদ"),
    initial=PAYMENT_DUE,
    returned_state=RETURNED,
    rejected_state=REFUSED,
    states=(
        State(PAYMENT_DUE, Text(en="Fee to pay", bn="ফি পরিশোধ বাকি"), _APPLICANT),
        State(
            WITH_COUNCILLOR,
            Text(en="With the ward councillor", bn="ওয়ার্ড কাউন্সিলরের কাছে"),
            COUNCILLOR,
            2,
        ),
        State(
            WITH_OFFICER,
            Text(en="With the certificate officer", bn="সনদ কর্মকর্তার কাছে"),
            OFFICER,
            1,
        ),
        State(RETURNED, Text(en="Returned for correction", bn="সংশোধনের জন্য ফেরত"), _APPLICANT),
        State(ISSUED, Text(en="Issued", bn="ইস্যু হয়েছে"), terminal=True),
        State(REFUSED, Text(en="Refused", bn="নামঞ্জুর"), terminal=True),
        State(WITHDRAWN, Text(en="Withdrawn", bn="প্রত্যাহার করা হয়েছে"), terminal=True),
    ),
    transitions=(
        # Taken by the payment layer's settlement hook on the applicant's behalf.
        Transition(
            PAID,
            frozenset({PAYMENT_DUE}),
            WITH_COUNCILLOR,
            _APPLICANT,
            Text(en="Fee paid", bn="ফি পরিশোধিত"),
        ),
        Transition(
            RECOMMEND,
            frozenset({WITH_COUNCILLOR}),
            WITH_OFFICER,
            COUNCILLOR,
            Text(en="Recommend", bn="সুপারিশ করুন"),
        ),
        Transition(
            APPROVE,
            frozenset({WITH_OFFICER}),
            ISSUED,
            OFFICER,
            Text(en="Approve and sign", bn="অনুমোদন ও স্বাক্ষর"),
        ),
        # The applicant may give up before paying, or instead of correcting; an unpaid fee is
        # then cancelled (fees.py), a paid one is not refunded (the service was started).
        Transition(
            WITHDRAW,
            frozenset({PAYMENT_DUE, RETURNED}),
            WITHDRAWN,
            _APPLICANT,
            Text(en="Withdraw the application", bn="আবেদন প্রত্যাহার করুন"),
        ),
        # A corrected application goes back to the councillor, never straight to the officer.
        Transition(
            RESUBMIT,
            frozenset({RETURNED}),
            WITH_COUNCILLOR,
            _APPLICANT,
            Text(en="Resubmit", bn="পুনরায় জমা দিন"),
        ),
    ),
)


def state_label(state: str, language: str | None = None) -> str:
    """A state's label in `language` (default: the request's), for lists and messages."""
    return DEFINITION.state(state).label.render(language)


def register() -> None:
    register_workflow(DEFINITION)
