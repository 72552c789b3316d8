"""The five-yearly general reassessment of one ward or the whole pourashava, as a bulk job.

First a dry run lists what would change (holding, old and new annual value, the difference, and
the holdings that cannot be valued), writing nothing. Then the job assesses every active holding
afresh from the fiscal year (a general assessment each, through assess_holding, so each has its
working and audit entry), in batches that commit with the job's progress: resumable from the last
holding done, one job per pourashava, year and ward. When it is done the committee publishes the
assessment list for objections (reviews.publish_list), which opens the review cases.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from services.holding_tax.models import Assessment, AssessmentKind, Reassessment, RunStatus
from services.holding_tax.rules import rules_for
from services.holding_tax.services import jobs
from services.holding_tax.services.assessment import assess_holding, valuation_for
from services.property.models import Holding, HoldingStatus

logger = logging.getLogger(__name__)

BATCH = 200  # holdings per transaction
MAX_PROBLEMS = 500  # holdings that could not be valued, kept on the job for the clerk to see

OVERLAPS = Text(
    en="A general reassessment from {year} already covers these holdings ({other}).",
    bn="{year} থেকে সাধারণ পুনর্মূল্যায়ন ইতিমধ্যে এই হোল্ডিংগুলো অন্তর্ভুক্ত করেছে ({other})।",
)
WARD_ELSEWHERE = Text(en="The ward is not in this pourashava.", bn="ওয়ার্ডটি এই পৌরসভার নয়।")


@dataclass(frozen=True)
class Change:
    holding_id: int
    reference: str
    ward_number: int
    old_value: Decimal | None  # None: never assessed
    new_value: Decimal | None  # None: cannot be valued (see problem)
    problem: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.new_value is None:
            return None
        return self.new_value - (self.old_value or Decimal("0.00"))


@dataclass
class Preview:
    holdings: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    problems: list[Change] = field(default_factory=list)
    old_total: Decimal = Decimal("0.00")
    new_total: Decimal = Decimal("0.00")


def holdings_for(
    pourashava: Pourashava, ward_id: int | None = None, after_holding_id: int = 0
) -> QuerySet[Holding]:
    """The active holdings a reassessment covers, in id order from `after_holding_id`."""
    holdings = Holding.objects.filter(
        pourashava=pourashava, status=HoldingStatus.ACTIVE, pk__gt=after_holding_id
    )
    if ward_id is not None:
        holdings = holdings.filter(ward_id=ward_id)
    return holdings.select_related("pourashava", "ward").order_by("pk")


def preview(
    *,
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    ward: Ward | None = None,
    language: str | None = None,
) -> Preview:
    """The dry run: what the reassessment would change. Writes nothing."""
    result = Preview()
    rules = rules_for(pourashava, fiscal_year)  # once, not once a holding
    after = 0
    while batch := list(holdings_for(pourashava, ward and ward.pk, after)[:BATCH]):
        after = batch[-1].pk
        current = dict(
            Assessment.objects.filter(
                holding_id__in=[h.pk for h in batch], superseded=False
            ).values_list("holding_id", "annual_value")
        )
        for holding in batch:
            result.holdings += 1
            old = current.get(holding.pk)
            try:
                valuation, _tax = valuation_for(holding, fiscal_year, rules=rules)
            except AppError as error:
                result.problems.append(
                    Change(
                        holding.pk,
                        holding.reference,
                        holding.ward.number,
                        old,
                        None,
                        error.render_message(language),
                    )
                )
                continue
            new = valuation.annual_value
            result.old_total += old or Decimal("0.00")
            result.new_total += new
            if old == new:
                result.unchanged += 1
            else:
                result.changes.append(
                    Change(holding.pk, holding.reference, holding.ward.number, old, new)
                )
    return result


def start_reassessment(
    *,
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    ward: Ward | None,
    actor: User,
    request=None,
) -> tuple[Reassessment, bool]:
    """The job for this pourashava, year and ward, and whether a task was sent to work it (yes
    for a new job or one that stopped; no for one done or being worked)."""
    if ward is not None and ward.pourashava_id != pourashava.pk:
        raise AppError("ward_not_in_pourashava", WARD_ELSEWHERE)
    with transaction.atomic():
        same_year = Reassessment.objects.filter(
            pourashava=pourashava, fiscal_year=fiscal_year.label
        )
        overlapping = (
            same_year.filter(ward__isnull=True)
            if ward is not None
            else same_year.filter(ward__isnull=False)
        ).first()
        if overlapping is not None:
            raise Conflict(
                "reassessment_overlaps",
                OVERLAPS,
                params={"year": fiscal_year.label, "other": str(overlapping)},
            )
        job, created = Reassessment.objects.get_or_create(
            pourashava=pourashava,
            fiscal_year=fiscal_year.label,
            ward=ward,
            defaults={
                "started_by": actor,
                "holdings_total": holdings_for(pourashava, ward and ward.pk).count(),
            },
        )
        if not created and not jobs.is_stopped(job):
            return job, False
        if not created:
            jobs.requeue(job)
        record_audit(
            actor=actor,
            action="holding_tax.reassessment_started"
            if created
            else "holding_tax.reassessment_resumed",
            obj=job,
            pourashava=pourashava,
            after={
                "from": fiscal_year.label,
                "ward": ward.number if ward else None,
                "holdings_total": job.holdings_total,
                "holdings_done": job.holdings_done,
            },
            request=request,
        )
        job_id = job.pk

        def dispatch() -> None:
            from services.holding_tax.tasks import work_reassessment as task

            task.delay(job_id)

        transaction.on_commit(dispatch, robust=True)
    return job, True


def resume_reassessment(*, job: Reassessment, actor: User, request=None) -> bool:
    """Send a stopped job back to a worker; False when it is done or being worked."""
    _job, dispatched = start_reassessment(
        pourashava=job.pourashava,
        fiscal_year=FiscalYear.parse(job.fiscal_year),
        ward=job.ward,
        actor=actor,
        request=request,
    )
    return dispatched


def work_reassessment(*, job_id: int, stop_after: int | None = None) -> Reassessment | None:
    """Assess the job's holdings from where it stopped (or `stop_after` batches of them); None
    when another worker has it or it is done."""
    job = jobs.claim(Reassessment, job_id)
    if job is None:
        return None
    try:
        _work(job, stop_after)
    except Exception as error:
        logger.exception("reassessment %s failed", job_id)
        jobs.fail(job, error)
    finally:
        jobs.release(job)
    return job


def _work(job: Reassessment, stop_after: int | None) -> None:
    fiscal_year = FiscalYear.parse(job.fiscal_year)
    batches = 0
    while batch := list(holdings_for(job.pourashava, job.ward_id, job.last_holding_id)[:BATCH]):
        with transaction.atomic():
            for holding in batch:
                try:
                    assess_holding(
                        holding=holding,
                        fiscal_year=fiscal_year,
                        kind=AssessmentKind.GENERAL,
                        actor=job.started_by,
                    )
                    job.reassessed += 1
                except AppError as error:  # this holding only; its savepoint is rolled back
                    job.skipped += 1
                    if len(job.problems) < MAX_PROBLEMS:
                        job.problems.append(
                            {
                                "holding": holding.reference,
                                "code": error.code,
                                "en": error.render_message("en"),
                                "bn": error.render_message("bn"),
                            }
                        )
            job.holdings_done += len(batch)
            job.last_holding_id = batch[-1].pk
            job.worker_seen_at = timezone.now()
            job.save(
                update_fields=[
                    "holdings_done",
                    "reassessed",
                    "skipped",
                    "problems",
                    "last_holding_id",
                    "worker_seen_at",
                ]
            )
        batches += 1
        if stop_after is not None and batches >= stop_after:
            return
    job.status = RunStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    record_audit(
        actor=job.started_by,
        action="holding_tax.reassessment_done",
        obj=job,
        pourashava=job.pourashava_id,
        after={
            "from": job.fiscal_year,
            "reassessed": job.reassessed,
            "could_not_be_valued": job.skipped,
        },
    )
