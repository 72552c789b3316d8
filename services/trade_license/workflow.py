"""The trade-licence workflow, one kind for every application (new, renewal, renewal with change,
transfer, cancellation, duplicate copy):

    submitted --route_*--> with_inspector --inspect--> with_officer --approve--> payment_due
                           awaiting_consent --consent--> with_officer
    payment_due --paid--> issued
    submitted --route_payment--> payment_due    (renewal without change, duplicate copy)
    with_officer --close--> closed              (a cancellation asked for by the holder)

`submitted` is only ever seen inside the applying transaction: the service routes the new
application at once by its kind and category. Transition hooks (services/issuing.py) refuse
`paid` before the demand is paid and `consent` before the new owner's code was checked, so the
generic actions endpoint cannot skip either.
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

KIND = "trade_licence"
SERIES = "TA"  # application numbers: NAT-TA-2026-27-000001
LICENCE_SERIES = "TL"  # licence numbers: NAT-TL-2026-27-000001 (never change)

SUBMITTED = "submitted"
WITH_INSPECTOR = "with_inspector"
WITH_OFFICER = "with_officer"
AWAITING_CONSENT = "awaiting_consent"
PAYMENT_DUE = "payment_due"
RETURNED = "returned"
ISSUED = "issued"
CLOSED = "closed"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
TERMINAL = frozenset({ISSUED, CLOSED, REJECTED, WITHDRAWN})

ROUTE_INSPECTION = "route_inspection"
ROUTE_APPROVAL = "route_approval"
ROUTE_CONSENT = "route_consent"
ROUTE_PAYMENT = "route_payment"
INSPECT = "inspect"
SEND_TO_INSPECTION = "send_to_inspection"
CONSENT = "consent"
APPROVE = "approve"
PAID = "paid"
CLOSE = "close"
WITHDRAW = "withdraw"

INSPECTOR = frozenset({Role.LICENCE_INSPECTOR})
OFFICER = frozenset({Role.LICENCE_OFFICER})
_APPLICANT = frozenset({APPLICANT})
_SUBMITTED = frozenset({SUBMITTED})


def _route(action: str, target: str, en: str, bn: str) -> Transition:
    return Transition(action, _SUBMITTED, target, _APPLICANT, Text(en=en, bn=bn))


DEFINITION = WorkflowDefinition(
    kind=KIND,
    title=Text(en="Trade licence", bn="ট্রেড লাইসেন্স"),
    initial=SUBMITTED,
    returned_state=RETURNED,
    rejected_state=REJECTED,
    states=(
        State(SUBMITTED, Text(en="Submitted", bn="জমা হয়েছে"), _APPLICANT),
        State(
            WITH_INSPECTOR,
            Text(en="With the licence inspector", bn="লাইসেন্স পরিদর্শকের কাছে"),
            INSPECTOR,
            3,
        ),
        State(
            WITH_OFFICER,
            Text(en="With the licence officer", bn="লাইসেন্স কর্মকর্তার কাছে"),
            OFFICER,
            2,
        ),
        State(
            AWAITING_CONSENT,
            Text(en="Waiting for the new owner's consent", bn="নতুন মালিকের সম্মতির অপেক্ষায়"),
            _APPLICANT,
            7,
        ),
        State(PAYMENT_DUE, Text(en="Fee to pay", bn="ফি পরিশোধ বাকি"), _APPLICANT),
        State(RETURNED, Text(en="Returned for correction", bn="সংশোধনের জন্য ফেরত"), _APPLICANT),
        State(ISSUED, Text(en="Licence issued", bn="লাইসেন্স ইস্যু হয়েছে"), terminal=True),
        State(CLOSED, Text(en="Done", bn="সম্পন্ন"), terminal=True),
        State(REJECTED, Text(en="Rejected", bn="নামঞ্জুর"), terminal=True),
        State(WITHDRAWN, Text(en="Withdrawn", bn="প্রত্যাহার করা হয়েছে"), terminal=True),
    ),
    transitions=(
        _route(ROUTE_INSPECTION, WITH_INSPECTOR, "Send for inspection", "পরিদর্শনে পাঠান"),
        _route(ROUTE_APPROVAL, WITH_OFFICER, "Send for approval", "অনুমোদনে পাঠান"),
        _route(ROUTE_CONSENT, AWAITING_CONSENT, "Ask the new owner", "নতুন মালিকের সম্মতি চান"),
        _route(ROUTE_PAYMENT, PAYMENT_DUE, "Ask for payment", "পরিশোধ চান"),
        Transition(
            INSPECT,
            frozenset({WITH_INSPECTOR}),
            WITH_OFFICER,
            INSPECTOR,
            Text(en="Record the inspection", bn="পরিদর্শন লিপিবদ্ধ করুন"),
        ),
        Transition(
            SEND_TO_INSPECTION,
            frozenset({WITH_OFFICER}),
            WITH_INSPECTOR,
            OFFICER,
            Text(en="Send for inspection", bn="পরিদর্শনে পাঠান"),
        ),
        # Taken by the consent endpoint once the new owner's code checks out.
        Transition(
            CONSENT,
            frozenset({AWAITING_CONSENT}),
            WITH_OFFICER,
            _APPLICANT,
            Text(en="New owner consented", bn="নতুন মালিক সম্মতি দিয়েছেন"),
        ),
        Transition(
            APPROVE,
            frozenset({WITH_OFFICER}),
            PAYMENT_DUE,
            OFFICER,
            Text(en="Approve", bn="অনুমোদন করুন"),
        ),
        Transition(
            CLOSE,
            frozenset({WITH_OFFICER}),
            CLOSED,
            OFFICER,
            Text(en="Cancel the licence as asked", bn="আবেদন অনুযায়ী লাইসেন্স বাতিল করুন"),
        ),
        # Taken by the payment layer's settlement hook on the applicant's behalf.
        Transition(
            PAID,
            frozenset({PAYMENT_DUE}),
            ISSUED,
            _APPLICANT,
            Text(en="Paid: issue the licence", bn="পরিশোধিত: লাইসেন্স ইস্যু"),
        ),
        Transition(
            WITHDRAW,
            frozenset({PAYMENT_DUE, RETURNED, AWAITING_CONSENT}),
            WITHDRAWN,
            _APPLICANT,
            Text(en="Withdraw the application", bn="আবেদন প্রত্যাহার করুন"),
        ),
        # A corrected application goes back to the licence officer.
        Transition(
            RESUBMIT,
            frozenset({RETURNED}),
            WITH_OFFICER,
            _APPLICANT,
            Text(en="Resubmit", bn="পুনরায় জমা দিন"),
        ),
    ),
)


def register() -> None:
    register_workflow(DEFINITION)
