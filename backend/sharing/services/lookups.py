"""Answering an agency's call: check scope, purpose and limits, look each subject up through the
dataset the owning service registered, keep personal fields to consented subjects, and log every
subject in the same transaction as the answer."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.sharing import ratelimit
from backend.sharing.errors import (
    BATCH_TOO_LARGE,
    CONSENT_REQUIRED,
    INVALID_IDENTIFIER,
    OUT_OF_SCOPE,
    PERSONAL_OUT_OF_SCOPE,
    PURPOSE_NOT_ALLOWED,
    PURPOSE_REQUIRED,
    UNKNOWN_DATASET,
    forbidden,
    not_found,
)
from backend.sharing.models import (
    ConsentGrant,
    Disclosure,
    DisclosureResult,
    LegalBasis,
)
from backend.sharing.profiles import AgencyProfile, Purpose
from backend.sharing.registry import SharedDataset, SharedRecord, shared_dataset
from backend.sharing.scopes import personal_scope
from backend.sharing.selectors import live_consents
from backend.sharing.services.disclosures import write_disclosures

MAX_BATCH = 500
MAX_IDENTIFIER = 100
WILDCARDS = frozenset("*%?")


@dataclass(frozen=True)
class Caller:
    agency: AgencyProfile
    client_id: str
    token_scopes: frozenset[str]


@dataclass
class Answer:
    subject: str
    found: bool
    fields: dict[str, Any] = field(default_factory=dict)
    personal_withheld: bool = False


@dataclass
class Outcome:
    request_id: uuid.UUID
    as_of: datetime
    dataset: SharedDataset
    purpose: Purpose
    answers: list[Answer]
    refusal: AppError | None = None  # raised by the view after the log has committed


def allowed_scopes(caller: Caller) -> set[str]:
    """The token's scopes still granted to the agency now (a scope removed in the panel stops
    working before the token expires)."""
    return set(caller.token_scopes) & caller.agency.scopes


def _purpose(caller: Caller, code: str | None) -> Purpose:
    if not code:
        raise AppError("purpose_required", PURPOSE_REQUIRED, fields={"purpose": ["required"]})
    for purpose in caller.agency.purposes:
        if purpose.code == code:
            return purpose
    raise forbidden("purpose_not_allowed", PURPOSE_NOT_ALLOWED, purpose=code[:40])


def _dataset(caller: Caller, code: str, personal: bool) -> SharedDataset:
    dataset = shared_dataset(code)
    if dataset is None:
        raise not_found("unknown_dataset", UNKNOWN_DATASET)
    scopes = allowed_scopes(caller)
    if dataset.scope not in scopes:
        raise forbidden("out_of_scope", OUT_OF_SCOPE, dataset=dataset.code)
    if personal and personal_scope(dataset.scope) not in scopes:
        raise forbidden("personal_out_of_scope", PERSONAL_OUT_OF_SCOPE, dataset=dataset.code)
    return dataset


def clean_identifier(raw: object) -> str:
    """One exact identifier: Bangla digits read as ASCII; no wildcard, no empty, no essay."""
    value = to_ascii_digits(str(raw if raw is not None else "")).strip()
    if not value or len(value) > MAX_IDENTIFIER or WILDCARDS & set(value):
        raise AppError("invalid_identifier", INVALID_IDENTIFIER, fields={"subject": ["invalid"]})
    return value


def _denied_rows(caller: Caller, dataset_code: str, purpose: str, subjects, code: str):
    request_id = uuid.uuid4()
    return [
        Disclosure(
            request_id=request_id,
            agency_id=caller.agency.pk,
            client_id=caller.client_id,
            dataset=dataset_code[:60],
            purpose=(purpose or "")[:40],
            subject=str(subject or "")[:MAX_IDENTIFIER],
            fields=[],
            result=DisclosureResult.DENIED,
            refusal=code,
        )
        for subject in subjects
    ]


def lookup(
    caller: Caller,
    *,
    dataset_code: str,
    purpose_code: str | None,
    subjects: list[object],
    personal: bool = False,
    batch: bool = False,
) -> Outcome:
    """Answer one call. Scope and purpose refusals are logged (result "denied") and raised;
    a single lookup asking for personal fields without the citizen's consent is refused after
    its refusal is logged (Outcome.refusal); in a batch such fields are withheld per subject."""
    if batch and len(subjects) > MAX_BATCH:
        raise AppError(
            "batch_too_large",
            BATCH_TOO_LARGE,
            params={"limit": MAX_BATCH},
            fields={"subjects": ["max_length"]},
        )
    try:
        dataset = _dataset(caller, dataset_code, personal)
        purpose = _purpose(caller, purpose_code)
    except AppError as refusal:
        # A refused call is logged too: who asked about whom, and why it was refused.
        with transaction.atomic():
            write_disclosures(
                _denied_rows(caller, dataset_code, purpose_code, subjects[:MAX_BATCH], refusal.code)
            )
        raise
    identifiers = [clean_identifier(s) for s in subjects]
    ratelimit.spend(caller.agency.pk, caller.agency.rate_limit_per_minute, len(identifiers))

    with transaction.atomic():
        records = [dataset.lookup(i, include_personal=personal) for i in identifiers]
        consents = (
            live_consents(
                caller.agency.pk,
                dataset.scope,
                {r.citizen_id for r in records if r is not None and r.citizen_id},
            )
            if personal
            else {}
        )
        outcome = Outcome(uuid.uuid4(), timezone.now(), dataset, purpose, [])
        rows = []
        for identifier, record in zip(identifiers, records, strict=True):
            consent = consents.get(record.citizen_id) if personal and record else None
            refuse = personal and not batch and record is not None and consent is None
            answer = _answer(identifier, record, dataset, personal, consent, refuse)
            outcome.answers.append(answer)
            rows.append(_row(caller, outcome, answer, record, consent, refuse))
            if refuse:
                outcome.refusal = forbidden("consent_required", CONSENT_REQUIRED)
        write_disclosures(rows)
    ratelimit.charge_not_found(caller.agency.pk, sum(1 for a in outcome.answers if not a.found))
    return outcome


def _answer(
    identifier: str,
    record: SharedRecord | None,
    dataset: SharedDataset,
    personal: bool,
    consent: ConsentGrant | None,
    refuse: bool,
) -> Answer:
    if record is None:
        return Answer(identifier, False)
    if refuse:
        return Answer(identifier, True)
    # Only the fields the dataset declares, and personal ones only under a live consent.
    allowed = set(dataset.fields) | (set(dataset.personal_fields) if consent else set())
    fields = {k: v for k, v in record.fields.items() if k in allowed}
    return Answer(identifier, True, fields, personal_withheld=personal and consent is None)


def _row(caller, outcome, answer, record, consent, refuse) -> Disclosure:
    purpose = outcome.purpose
    result = (
        DisclosureResult.DENIED
        if refuse
        else DisclosureResult.FOUND
        if answer.found
        else DisclosureResult.NOT_FOUND
    )
    return Disclosure(
        at=outcome.as_of,
        request_id=outcome.request_id,
        agency_id=caller.agency.pk,
        client_id=caller.client_id,
        dataset=outcome.dataset.code,
        purpose=purpose.code,
        purpose_en=purpose.text_en,
        purpose_bn=purpose.text_bn,
        legal_basis=LegalBasis.CONSENT if consent else purpose.legal_basis,
        basis_reference=f"consent #{consent.pk}" if consent else purpose.basis_reference,
        consent=consent,
        subject=answer.subject,
        citizen_id=record.citizen_id if record else None,
        fields=sorted(answer.fields),
        result=result,
        refusal="consent_required" if refuse else "",
    )
