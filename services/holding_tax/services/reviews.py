"""Publishing the assessment list and review (objection) cases.

A citizen may object to their holding's assessment while the published list's objection window
is open. The assessment committee hears the case; its decision is recorded by the secretary or
mayor: `revise` (a new assessment from the decided annual value) or `dismiss` (with reason).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.money import money
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import Citizen, Role, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.workflow.definitions import (
    APPLICANT,
    State,
    Transition,
    WorkflowDefinition,
    register_workflow,
)
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook, start_application, take_action
from services.holding_tax.calculator import Valuation, WorkingLine, annual_tax
from services.holding_tax.models import (
    Assessment,
    AssessmentKind,
    AssessmentPublication,
    ReviewCase,
)
from services.holding_tax.rules import rules_for
from services.holding_tax.services.assessment import exempt_heads

COMMITTEE = frozenset({Role.SECRETARY, Role.MAYOR})
KIND = "assessment_review"

REVIEW = register_workflow(
    WorkflowDefinition(
        kind=KIND,
        title=Text(en="Assessment review", bn="কর নির্ধারণ পুনর্বিবেচনা"),
        initial="filed",
        returned_state="returned",
        rejected_state="dismissed",
        states=(
            State("filed", Text(en="Filed", bn="দাখিল"), COMMITTEE, 15),
            State("hearing", Text(en="Hearing", bn="শুনানি"), COMMITTEE, 30),
            State(
                "returned",
                Text(en="Returned to applicant", bn="আবেদনকারীর কাছে ফেরত"),
                frozenset({APPLICANT}),
            ),
            State("revised", Text(en="Valuation revised", bn="মূল্যায়ন সংশোধিত"), terminal=True),
            State("dismissed", Text(en="Dismissed", bn="খারিজ"), terminal=True),
        ),
        transitions=(
            Transition(
                "schedule_hearing",
                frozenset({"filed"}),
                "hearing",
                COMMITTEE,
                Text(en="Schedule hearing", bn="শুনানির তারিখ নির্ধারণ"),
            ),
            Transition(
                "revise",
                frozenset({"hearing"}),
                "revised",
                COMMITTEE,
                Text(en="Revise valuation", bn="মূল্যায়ন সংশোধন"),
                needs_comment=True,
            ),
        ),
    )
)

NOT_PUBLISHED = Text(
    en="The assessment list for {year} has not been published; objections open after it is.",
    bn="{year} সালের কর নির্ধারণ তালিকা প্রকাশিত হয়নি; প্রকাশের পর আপত্তি করা যাবে।",
)
WINDOW_CLOSED = Text(
    en="The objection window closed on {date}.", bn="আপত্তির সময়সীমা {date} তারিখে শেষ হয়েছে।"
)
ALREADY_OPEN = Text(
    en="An objection to this assessment is already being heard.",
    bn="এই কর নির্ধারণের বিরুদ্ধে একটি আপত্তি ইতিমধ্যে বিবেচনাধীন।",
)
VALUE_NEEDED = Text(
    en="Record the committee's annual value before revising.",
    bn="সংশোধনের আগে কমিটির নির্ধারিত বার্ষিক মূল্য লিখুন।",
)
DECIDED_BY = Text(
    en="Annual value set by the assessment committee ({number})",
    bn="কর নির্ধারণ কমিটির সিদ্ধান্তে বার্ষিক মূল্য ({number})",
)


@transaction.atomic
def publish_list(
    *, pourashava: Pourashava, fiscal_year: FiscalYear, window_days: int, actor: User
) -> AssessmentPublication:
    publication, _ = AssessmentPublication.objects.get_or_create(
        pourashava=pourashava,
        fiscal_year=fiscal_year.label,
        defaults={
            "published_at": timezone.now(),
            "published_by": actor,
            "objection_deadline": timezone.localdate() + timedelta(days=window_days),
        },
    )
    record_audit(
        actor=actor,
        action="holding_tax.list_published",
        obj=publication,
        pourashava=pourashava,
        after={"deadline": str(publication.objection_deadline)},
    )
    return publication


@transaction.atomic
def file_review(
    *,
    assessment: Assessment,
    citizen: Citizen,
    actor: User,
    grounds: str,
    claimed_value: Decimal | None = None,
    request=None,
) -> ReviewCase:
    publication = AssessmentPublication.objects.filter(
        pourashava_id=assessment.pourashava_id, fiscal_year=assessment.from_fiscal_year
    ).first()
    if publication is None:
        raise AppError(
            "assessment_not_published", NOT_PUBLISHED, params={"year": assessment.from_fiscal_year}
        )
    if timezone.localdate() > publication.objection_deadline:
        raise AppError(
            "objection_window_closed",
            WINDOW_CLOSED,
            params={"date": publication.objection_deadline},
        )
    if ReviewCase.objects.filter(
        assessment=assessment, application__closed_at__isnull=True
    ).exists():
        raise Conflict("review_already_open", ALREADY_OPEN)
    holding = assessment.holding
    application = start_application(
        kind=KIND,
        series="RV",
        pourashava=holding.pourashava,
        ward=holding.ward,
        applicant=citizen,
        actor=actor,
        request=request,
    )
    return ReviewCase.objects.create(
        application=application,
        pourashava_id=assessment.pourashava_id,
        assessment=assessment,
        grounds=grounds,
        claimed_value=claimed_value,
    )


@transaction.atomic
def decide(
    *,
    case: ReviewCase,
    revise: bool,
    reason: str,
    actor: User,
    annual_value: Decimal | None = None,
    request=None,
) -> ReviewCase:
    """Record the committee's decision and close the case through the workflow engine."""
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if revise:
        if annual_value is None:
            raise AppError("decided_value_required", VALUE_NEEDED)
        case.decided_value = money(annual_value)
        case.save(update_fields=["decided_value"])
    take_action(
        application=case.application,
        action="revise" if revise else "reject",
        actor=actor,
        comment=reason,
        request=request,
    )
    case.refresh_from_db()
    return case


def _on_revised(application: Application, transition: Transition, actor: User) -> None:
    if transition.target != "revised":
        return
    case = ReviewCase.objects.select_related("assessment__holding__pourashava").get(
        application=application
    )
    if case.decided_value is None:
        raise AppError("decided_value_required", VALUE_NEEDED)
    old = case.assessment
    fiscal_year = FiscalYear.parse(old.from_fiscal_year)
    line = WorkingLine(DECIDED_BY, case.decided_value, {"number": application.number})
    valuation = Valuation(basis="review", annual_value=case.decided_value, working=(line,))
    tax = annual_tax(
        valuation,
        rules_for(old.holding.pourashava, fiscal_year),
        exempt_heads(old.holding, fiscal_year),
    )
    Assessment.objects.filter(pk=old.pk).update(superseded=True)
    case.result = Assessment.objects.create(
        holding=old.holding,
        pourashava_id=old.pourashava_id,
        from_fiscal_year=old.from_fiscal_year,
        kind=AssessmentKind.REVIEW,
        basis="review",
        annual_value=case.decided_value,
        assessed_by=actor,
        annual_tax={head: str(amount) for head, amount in tax.items()},
        working=[
            *old.working,
            {"en": line.render("en"), "bn": line.render("bn"), "amount": str(case.decided_value)},
        ],
    )
    case.save(update_fields=["result"])
    record_audit(
        actor=actor,
        action="holding_tax.review_revised",
        obj=case.result,
        pourashava=old.pourashava_id,
        before={"annual_value": str(old.annual_value)},
        after={"annual_value": str(case.decided_value), "case": application.number},
    )


register_transition_hook(KIND, _on_revised)
