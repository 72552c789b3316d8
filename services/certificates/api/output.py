"""What the certificate application API returns: a certificate type with its form, and an
application with its state, fee (and how to pay it), people, documents and certificate, in the
request's language. Staff get the same application with staff links to its documents."""

import re

from django.utils import timezone, translation

from backend.common import display
from backend.common.text import Text
from backend.identity.models import Role
from backend.payments.api.labels import demand_status
from backend.workflow.definitions import APPLICANT, action_label, state_label, workflow_for
from backend.workflow.selectors import history_of
from backend.workflow.services import available_actions
from services.certificates.links import certificate_pdf_url, own_upload_url, staff_attachment_url
from services.certificates.models import CertificateApplication
from services.certificates.printing import AGE_YEARS, RELATION_TEXT
from services.certificates.uploads import DOCUMENT_PURPOSE
from services.certificates.wording import in_language


def _money(value) -> str:
    return f"{value:.2f}"


def _relation(code: str, language: str) -> str:
    return RELATION_TEXT.get(code, RELATION_TEXT["other"]).render(language)


def role_label(code: str, language: str) -> str:
    """Who an application waits on, in words: a role's name, or `Applicant`."""
    if code == APPLICANT:
        return APPLICANT_TEXT.render(language)
    try:
        with translation.override(language):
            return str(Role(code).label)
    except ValueError:
        return code


APPLICANT_TEXT = Text(en="You (the applicant)", bn="আপনি (আবেদনকারী)")
SUBMITTED = Text(en="Submitted", bn="জমা দেওয়া হয়েছে")

# Comments the platform itself writes into the log (in English, once); shown in the request's
# language. A person's own comment is shown as they wrote it.
SYSTEM_COMMENTS: list[tuple[re.Pattern[str], Text]] = [
    (
        re.compile(r"^Fee paid, receipt (?P<receipt>\S+)\.$"),
        Text(en="Fee paid, receipt {receipt}.", bn="ফি পরিশোধিত, রসিদ {receipt}।"),
    ),
    (re.compile(r"^Fee paid\.$"), Text(en="Fee paid.", bn="ফি পরিশোধিত।")),
    (
        re.compile(r"^No fee for this certificate\.$"),
        Text(en="No fee for this certificate.", bn="এই সনদের কোনো ফি নেই।"),
    ),
]


def comment_display(comment: str) -> str:
    for pattern, text in SYSTEM_COMMENTS:
        match = pattern.match(comment or "")
        if match:
            return text.render(**match.groupdict())
    return comment


def type_out(certificate_type, language: str) -> dict:
    """A certificate type as a citizen's app shows it: form, documents, fees and SLA."""
    return {
        "code": certificate_type.code,
        "name": in_language(certificate_type.name_en, certificate_type.name_bn, language),
        "name_en": certificate_type.name_en,
        "name_bn": certificate_type.name_bn,
        "fee_bn": _money(certificate_type.fee_bn),
        "fee_bn_display": display.amount(certificate_type.fee_bn, language),
        "fee_en": _money(certificate_type.fee_en),
        "fee_en_display": display.amount(certificate_type.fee_en, language),
        "sla_days": certificate_type.sla_days,
        "sla_days_display": _days(certificate_type.sla_days, language),
        "validity_days": certificate_type.validity_days,
        "validity_days_display": _days(certificate_type.validity_days, language),
        "lists_heirs": certificate_type.lists_heirs,
        "form_fields": [
            {
                "code": f["code"],
                "label": in_language(f.get("label_en", ""), f.get("label_bn", ""), language),
                "type": f.get("type", "text"),
                "required": bool(f.get("required")),
                "choices": f.get("choices", []),
            }
            for f in certificate_type.form_fields
        ],
        "required_documents": [
            {
                "code": d["code"],
                "label": in_language(d.get("label_en", ""), d.get("label_bn", ""), language),
                "required": bool(d.get("required")),
            }
            for d in certificate_type.required_documents
        ],
        "upload_purpose": DOCUMENT_PURPOSE,
    }


DAYS = Text(en="{days} days", bn="{days} দিন")


def _days(days: int | None, language: str) -> str | None:
    return None if days is None else DAYS.render(language, days=days)


def _person(obj, *, with_parents: bool = True, language: str = "bn") -> dict:
    out = {
        "name_en": obj.name_en,
        "name_bn": obj.name_bn,
        "name": in_language(obj.name_en, obj.name_bn, language),
        "nid": obj.nid,
        "birth_registration_number": obj.birth_registration_number,
    }
    if with_parents:
        for key in ("father_name", "mother_name", "spouse_name"):
            out[f"{key}_en"] = getattr(obj, f"{key}_en")
            out[f"{key}_bn"] = getattr(obj, f"{key}_bn")
    return out


def _fee_out(detail: CertificateApplication, language: str) -> dict:
    demand = detail.fee_demand
    out = {
        "amount": _money(detail.fee),
        "amount_display": display.amount(detail.fee, language),
        "paid_at": detail.paid_at,
        "paid_at_display": display.moment(detail.paid_at, language),
        "demand_id": demand.pk if demand else None,
        "demand_status": demand.status if demand else None,
        "demand_status_label": demand_status(demand.status) if demand else None,
        "due_date": demand.due_date if demand else None,
        "due_date_display": display.day(demand.due_date, language) if demand else None,
    }
    if demand is not None and detail.paid_at is None:
        # How to pay: make a bill of this demand, then pay the bill online.
        out["pay"] = {
            "bill": {
                "method": "POST",
                "url": "/api/v1/bills/",
                "body": {"demand_ids": [demand.pk]},
            },
            "payment": {"method": "POST", "url": "/api/v1/payments/", "body": ["bill", "gateway"]},
        }
    return out


def _certificate_out(detail: CertificateApplication, language: str) -> dict | None:
    document = detail.certificate
    if document is None:
        return None
    return {
        "number": document.number,
        "language": document.language,
        "issued_at": document.issued_at,
        "issued_at_display": display.moment(document.issued_at, language),
        "status": document.status,
        "status_label": document.get_status_display(),
        "download_url": certificate_pdf_url(document.number),
    }


def application_out(detail: CertificateApplication, language: str, *, staff: bool = False) -> dict:
    """An application in `language`; `staff` links its documents through the staff view."""
    application = detail.application
    definition = workflow_for(application.kind)
    state = definition.state(application.state)
    now = timezone.now()
    deceased = getattr(detail, "deceased", None)
    return {
        "number": application.number,
        "pourashava": {
            "code": detail.pourashava.code,
            "name": in_language(detail.pourashava.name_en, detail.pourashava.name_bn, language),
        },
        "ward": detail.ward.number,
        "mahalla": detail.mahalla_id,
        "type": {
            "code": detail.certificate_type.code,
            "name": in_language(
                detail.certificate_type.name_en, detail.certificate_type.name_bn, language
            ),
        },
        "language": detail.language,
        "relation": detail.relation,
        "state": application.state,
        "state_label": state.label.render(language),
        "waits_on": sorted(state.waits_on),
        "waits_on_labels": [role_label(code, language) for code in sorted(state.waits_on)],
        "submitted_at": application.submitted_at,
        "submitted_at_display": display.moment(application.submitted_at, language),
        "state_due_at": application.due_at,
        "state_due_at_display": display.moment(application.due_at, language),
        "due_by": detail.due_by,
        "due_by_display": display.moment(detail.due_by, language),
        "late": bool(
            not state.terminal
            and (
                (application.due_at and application.due_at < now)
                or (detail.due_by and detail.due_by < now)
            )
        ),
        "closed_at": application.closed_at,
        "closed_at_display": display.moment(application.closed_at, language),
        "subject": {
            **_person(detail, language=language),
            "date_of_birth": detail.date_of_birth,
            "date_of_birth_display": display.day(detail.date_of_birth, language),
            "address_en": detail.address_en,
            "address_bn": detail.address_bn,
        },
        "answers": detail.answers,
        "fee": _fee_out(detail, language),
        "deceased": None
        if deceased is None
        else {
            **_person(deceased, with_parents=False, language=language),
            "father_or_husband_name_en": deceased.father_or_husband_name_en,
            "father_or_husband_name_bn": deceased.father_or_husband_name_bn,
            "date_of_death": deceased.date_of_death,
            "date_of_death_display": display.day(deceased.date_of_death, language),
            "death_registration_number": deceased.death_registration_number,
        },
        "heirs": [
            {
                "position": heir.position,
                **_person(heir, with_parents=False, language=language),
                "relation": heir.relation,
                "relation_label": _relation(heir.relation, language),
                "date_of_birth": heir.date_of_birth,
                "date_of_birth_display": display.day(heir.date_of_birth, language),
                "age_years": heir.age_years,
                "age_display": None
                if heir.age_years is None
                else AGE_YEARS.render(language, age=heir.age_years),
            }
            for heir in detail.heirs.all()
        ],
        "attachments": [
            {
                "document_code": a.document_code,
                "upload": str(a.upload.public_id),
                "name": a.upload.original_name,
                "content_type": a.upload.content_type,
                "size": a.upload.size,
                "url": staff_attachment_url(application.number, a.upload.public_id)
                if staff
                else own_upload_url(a.upload.public_id),
            }
            for a in detail.attachments.all()
        ],
        "certificate": _certificate_out(detail, language),
    }


def history_out(application, *, with_actor: bool) -> list[dict]:
    """The application's log; who acted is shown to staff only (`with_actor`)."""
    rows = []
    for log in history_of(application):
        kind = application.kind
        row = {
            "action": log.action,
            "action_label": SUBMITTED.render()
            if log.action == "submit"
            else action_label(kind, log.action),
            "from_state": log.from_state,
            "from_state_label": state_label(kind, log.from_state) if log.from_state else "",
            "to_state": log.to_state,
            "to_state_label": state_label(kind, log.to_state),
            "comment": log.comment,
            "comment_display": comment_display(log.comment),
            "at": log.at,
            "at_display": display.moment(log.at),
        }
        if with_actor:
            row.update(actor=log.actor.full_name or log.actor.username, actor_role=log.actor_role)
        rows.append(row)
    return rows


def actions_out(request, application) -> list[dict]:
    """What the caller may do to the application now (the workflow engine decides)."""
    return [
        {"action": t.action, "label": t.label.render(), "needs_comment": t.needs_comment}
        for t in available_actions(application=application, actor=request.user, request=request)
    ]
