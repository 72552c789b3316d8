"""What the console shows of a citizen from the platform itself (every service's dues, its
applications, documents and receipts), read through the platform's selectors; what a service
adds (holdings, connections, licences) comes from the registry's sections."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from backend.common.text import in_language
from backend.documents.kinds import find_document_kind
from backend.documents.models import IssuedDocument
from backend.identity.models import Citizen, User
from backend.operator_console.registry import ConsoleContext, ConsoleRow, console_sections
from backend.payments.models import Receipt
from backend.payments.selectors import dues_of, receipts_visible_to
from backend.payments.services.receipts import DOCUMENT_KIND as RECEIPT_KIND
from backend.workflow.definitions import state_label, workflow_for
from backend.workflow.selectors import applications_of


@dataclass(frozen=True)
class DueRow:
    demand_id: int
    pourashava_id: int
    pourashava: str
    what: str
    period: str
    due_date: object
    outstanding: Decimal
    payable_here: bool


def dues(citizen: Citizen, session_pourashava_id: int) -> list[DueRow]:
    rows = []
    for group in dues_of(citizen, with_lines=True):
        place = in_language(group["pourashava"]["name_en"], group["pourashava"]["name_bn"])
        for service in group["services"]:
            for demand in service["demands"]:
                heads = ", ".join(
                    in_language(line["head__name_en"], line["head__name_bn"])
                    for line in demand["lines"] or []
                )
                period = demand["fiscal_year"] or ""
                if demand["period_quarter"]:
                    period = f"{period} / {demand['period_quarter']}"
                elif demand["period_month"]:
                    period = f"{period} / {demand['period_month']}"
                rows.append(
                    DueRow(
                        demand_id=demand["id"],
                        pourashava_id=demand["pourashava_id"],
                        pourashava=place,
                        what=f"{heads} — {demand['object_label']}"
                        if demand["object_label"]
                        else heads,
                        period=period,
                        due_date=demand["due_date"],
                        outstanding=demand["outstanding"] or Decimal("0"),
                        payable_here=demand["pourashava_id"] == session_pourashava_id,
                    )
                )
    return rows


def _kind_title(kind: str) -> str:
    try:
        return workflow_for(kind).title.render()
    except LookupError:
        return kind


def applications(citizen: Citizen) -> list[dict]:
    return [
        {
            "number": a.number,
            "kind": _kind_title(a.kind),
            "pourashava": in_language(a.pourashava.name_en, a.pourashava.name_bn),
            "state": state_label(a.kind, a.state),
            "submitted_at": a.submitted_at,
            "due_at": a.due_at,
        }
        for a in applications_of(citizen).order_by("-submitted_at", "-id")[:50]
    ]


def documents_of(citizen: Citizen) -> QuerySet[IssuedDocument]:
    """The citizen's documents other than receipts (certificates, licences, clearances)."""
    return (
        IssuedDocument.objects.filter(holder=citizen)
        .exclude(kind=RECEIPT_KIND)
        .select_related("pourashava")
        .order_by("-issued_at", "-id")
    )


def documents(citizen: Citizen) -> list[dict]:
    rows = []
    for document in documents_of(citizen)[:50]:
        kind = find_document_kind(document.kind)
        rows.append(
            {
                "pk": document.pk,
                "number": document.number,
                "title": kind.title.render() if kind else document.kind,
                "pourashava": in_language(document.pourashava.name_en, document.pourashava.name_bn),
                "issued_at": document.issued_at,
                "status": document.get_status_display(),
            }
        )
    return rows


def receipts(user: User, citizen: Citizen) -> list[Receipt]:
    return list(receipts_visible_to(user, citizen).order_by("-paid_at", "-id")[:50])


@dataclass(frozen=True)
class SectionView:
    code: str
    title: str
    columns: list[str]
    rows: list[ConsoleRow]


def service_sections(context: ConsoleContext) -> list[SectionView]:
    """Every registered section (holdings, connections, licences...), in the active language."""
    return [
        SectionView(
            code=section.code,
            title=in_language(section.title_en, section.title_bn),
            columns=[in_language(en, bn) for en, bn in section.columns],
            rows=section.rows(context),
        )
        for section in console_sections()
    ]
