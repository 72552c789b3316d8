"""Register applications through the workflow engine: new holding number, mutation, correction,
split and merge. Each goes clerk check -> assessor inspection -> secretary/mayor approval; the
change is made to the register inside the approving transaction, effective the day of approval."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import Citizen, Role, User
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.workflow.definitions import (
    APPLICANT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook, start_application
from services.property.models import (
    Holding,
    HoldingStatus,
    PropertyApplication,
    PropertyApplicationKind,
)
from services.property.services.attachments import (
    AttachmentInput,
    attach_to_application,
    link_to_holding,
)
from services.property.services.holdings import (
    OwnerInput,
    change_particulars,
    check_active,
    check_shares,
    end_ownerships,
    register_holding,
    transfer_ownership,
)
from services.property.services.merging import (
    ACROSS_WARDS,
    check_mergeable,
    merge_holdings,
    merged_number,
)

SERIES = "PA"
CLERK, ASSESSOR = frozenset({Role.REVENUE_CLERK}), frozenset({Role.ASSESSOR})
APPROVERS = frozenset({Role.SECRETARY, Role.MAYOR})
NOT_SPLITTABLE = Text(
    en="A holding is split into at least two parts.", bn="হোল্ডিং অন্তত দুই ভাগে ভাগ হয়।"
)


def _definition(kind: str, title: Text) -> WorkflowDefinition:
    return WorkflowDefinition(
        kind=f"property_{kind}",
        title=title,
        initial="submitted",
        returned_state="returned",
        rejected_state="rejected",
        states=(
            State("submitted", Text(en="Submitted", bn="জমা হয়েছে"), CLERK, 3),
            State("inspection", Text(en="Inspection", bn="সরেজমিন পরিদর্শন"), ASSESSOR, 7),
            State("for_approval", Text(en="Awaiting approval", bn="অনুমোদনের অপেক্ষায়"), APPROVERS, 3),
            State(
                "returned",
                Text(en="Returned to applicant", bn="আবেদনকারীর কাছে ফেরত"),
                frozenset({APPLICANT}),
            ),
            State("approved", Text(en="Approved", bn="অনুমোদিত"), terminal=True),
            State("rejected", Text(en="Rejected", bn="নামঞ্জুর"), terminal=True),
        ),
        transitions=(
            Transition(
                "verify",
                frozenset({"submitted"}),
                "inspection",
                CLERK,
                Text(en="Documents checked", bn="কাগজপত্র যাচাই হয়েছে"),
            ),
            Transition(
                "inspect",
                frozenset({"inspection"}),
                "for_approval",
                ASSESSOR,
                Text(en="Inspected", bn="পরিদর্শন সম্পন্ন"),
            ),
            Transition(
                "approve",
                frozenset({"for_approval"}),
                "approved",
                APPROVERS,
                Text(en="Approve", bn="অনুমোদন"),
            ),
        ),
    )


DEFINITIONS = {
    PropertyApplicationKind.NEW_HOLDING: _definition(
        "new_holding", Text(en="New holding number", bn="নতুন হোল্ডিং নম্বর")
    ),
    PropertyApplicationKind.MUTATION: _definition("mutation", Text(en="Mutation", bn="নামজারি")),
    PropertyApplicationKind.CORRECTION: _definition(
        "correction", Text(en="Correction of particulars", bn="তথ্য সংশোধন")
    ),
    PropertyApplicationKind.SPLIT: _definition(
        "split", Text(en="Holding split", bn="হোল্ডিং পৃথকীকরণ")
    ),
    PropertyApplicationKind.MERGE: _definition(
        "merge", Text(en="Holding merge", bn="হোল্ডিং একত্রীকরণ")
    ),
}


def owners_from(payload: list[dict]) -> list[OwnerInput]:
    return [
        OwnerInput(
            name_en=o["name_en"],
            name_bn=o["name_bn"],
            share=Decimal(str(o["share"])),
            nid=o.get("nid", ""),
            mobile=o.get("mobile", ""),
        )
        for o in payload
    ]


@transaction.atomic
def apply(
    *,
    kind: str,
    pourashava: Pourashava,
    applicant: Citizen,
    actor: User,
    payload: dict,
    holding: Holding | None = None,
    ward: Ward | None = None,
    sources: list[Holding] | None = None,
    attachments: list[AttachmentInput] | None = None,
    request=None,
) -> PropertyApplication:
    """Start a register application. A merge names its `sources` (the first lends its ward,
    location and default number); the other kinds name at most one `holding`. `attachments`
    are the applicant's own uploads, handed in with it."""
    if kind == PropertyApplicationKind.SPLIT and len(payload.get("parts", [])) < 2:
        raise AppError("split_needs_parts", NOT_SPLITTABLE)
    if kind != PropertyApplicationKind.NEW_HOLDING:
        owners_from(payload.get("owners", []))  # fail early on malformed owners
    if kind == PropertyApplicationKind.MERGE:
        holding = _check_merge(sources or [], payload, ward)
    elif holding is not None:
        check_active(holding)  # a retired holding can stay in a claimant's list
    application = start_application(
        kind=DEFINITIONS[kind].kind,
        series=SERIES,
        pourashava=pourashava,
        actor=actor,
        applicant=applicant,
        ward=holding.ward if holding else ward,
        request=request,
    )
    detail = PropertyApplication.objects.create(
        application=application,
        pourashava=pourashava,
        kind=kind,
        holding=holding,
        payload=payload,
    )
    if kind == PropertyApplicationKind.MERGE:
        detail.sources.set(sources)
    if attachments:
        attach_to_application(detail=detail, citizen=applicant, actor=actor, items=attachments)
    return detail


def _check_merge(sources: list[Holding], payload: dict, ward: Ward | None) -> Holding | None:
    """Refuse at once what the approver could never approve; returns the first holding."""
    check_mergeable(sources, merged_number(sources[0], payload.get("number")) if sources else "")
    first = sources[0]
    if ward is not None and ward.pk != first.ward_id:
        listed = f"{ward.number}, {first.ward.number}"
        raise AppError("merge_across_wards", ACROSS_WARDS, params={"wards": listed})
    check_shares(owners_from(payload.get("owners", [])))
    payload["holdings"] = [h.pk for h in sources]
    return first


def _approved(application: Application, transition: Transition, actor: User) -> None:
    if transition.target != "approved":
        return
    detail = PropertyApplication.objects.select_related("holding").get(application=application)
    effective = timezone.localdate()
    reason = application.number
    payload = detail.payload
    result = None
    if detail.holding_id is not None and detail.kind != PropertyApplicationKind.MERGE:
        # Split or merged since it was applied for: the approval must not revive it. Locked so
        # a split or merge approved at the same moment waits (merge_holdings locks its own).
        check_active(Holding.objects.select_for_update().get(pk=detail.holding_id))
    if detail.kind == PropertyApplicationKind.MUTATION:
        reason = f"{application.number}: {payload.get('deed', '')}"[:120]
        transfer_ownership(
            holding=detail.holding,
            owners=owners_from(payload["owners"]),
            effective=effective,
            actor=actor,
            reason=reason,
        )
        result = detail.holding
    elif detail.kind == PropertyApplicationKind.CORRECTION:
        change_particulars(
            holding=detail.holding,
            changes=payload["changes"],
            effective=effective,
            actor=actor,
            reason=reason,
        )
        result = detail.holding
    elif detail.kind == PropertyApplicationKind.NEW_HOLDING:
        result = _register_new(detail, payload, effective, actor, reason)
        detail.result_holdings.add(result)
    elif detail.kind == PropertyApplicationKind.SPLIT:
        # Which part a document belongs to is not known: it stays with the application.
        detail.result_holdings.add(*_split(detail.holding, payload, effective, actor, reason))
    elif detail.kind == PropertyApplicationKind.MERGE:
        by_id = {h.pk: h for h in detail.sources.all()}
        result = merge_holdings(
            parents=[by_id[pk] for pk in payload["holdings"]],
            number=payload.get("number"),
            particulars=payload["particulars"],
            owners=owners_from(payload["owners"]),
            effective=effective,
            actor=actor,
            reason=reason,
        )
        detail.result_holdings.add(result)
    if result is not None:
        link_to_holding(detail, result)


def _register_new(detail, payload: dict, effective: date, actor: User, reason: str) -> Holding:
    ward = detail.application.ward
    mahalla = Mahalla.objects.filter(pk=payload.get("mahalla"), ward=ward).first()
    return register_holding(
        pourashava=detail.pourashava,
        ward=ward,
        mahalla=mahalla,
        road=payload.get("road", ""),
        number=payload["number"],
        particulars=payload["particulars"],
        owners=owners_from(payload["owners"]),
        valid_from=effective,
        actor=actor,
        reason=reason,
    )


def _split(parent: Holding, payload: dict, effective: date, actor: User, reason: str):
    """Each part becomes a holding numbered after its parent (12 -> 12/A, 12/B); the parent is
    retired, its history kept."""
    end_ownerships(holding_ids=[parent.pk], effective=effective)
    children = []
    for part in payload["parts"]:
        child = register_holding(
            pourashava=parent.pourashava,
            ward=parent.ward,
            mahalla=parent.mahalla,
            road=parent.road,
            number=f"{parent.number}/{part['suffix']}",
            particulars=part["particulars"],
            owners=owners_from(part["owners"]),
            valid_from=effective,
            actor=actor,
            reason=reason,
        )
        child.parent = parent
        child.save(update_fields=["parent"])
        children.append(child)
    parent.status = HoldingStatus.RETIRED
    parent.save(update_fields=["status"])
    return children


def register() -> None:
    for definition in DEFINITIONS.values():
        register_workflow(definition)
        register_transition_hook(definition.kind, _approved)
