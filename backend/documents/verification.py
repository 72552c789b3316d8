"""Is a scanned token a genuine document, and is that document still in force? (reads only)"""

import threading
from dataclasses import dataclass
from datetime import date

from django.db import connections, router
from django.db.models.query import get_related_populators
from django.utils import timezone

from backend.documents.kinds import find_document_kind
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.signing import (
    ShortClaims,
    TokenClaims,
    check_token,
    fields_digest,
    short_digest,
)

EXPIRED = "expired"


@dataclass(frozen=True)
class Verification:
    genuine: bool
    # genuine | unknown_key | bad_signature | unknown_document | data_mismatch
    code: str
    claims: TokenClaims | ShortClaims
    document: IssuedDocument | None = None
    status: str | None = None  # valid | expired | revoked | superseded, for genuine documents

    @property
    def public_fields(self) -> dict:
        if self.document is None:
            return {}
        kind = find_document_kind(self.document.kind)
        fields = self.document.fields or {}
        if kind is None:  # a kind this process does not know: show nothing rather than all
            return {}
        if kind.public_fields is None:
            return dict(fields)
        return {name: fields[name] for name in kind.public_fields if name in fields}


def document_status(document: IssuedDocument, today: date | None = None) -> str:
    if document.status != DocumentStatus.VALID:
        return document.status
    today = today or timezone.localdate()
    if document.valid_until is not None and document.valid_until < today:
        return EXPIRED
    return DocumentStatus.VALID


def verify_token(token: str) -> Verification:
    """Raises MalformedToken when the text is not a token at all.

    Genuine means: the signature is good under a key we know, AND the register holds a document
    with the token's pourashava, kind and number whose stored fields still hash to the signed
    digest and whose issue date is the signed one. A valid signature alone is not enough: a token
    copied onto another document's data, or a register row edited afterwards, both fail here.
    """
    check = check_token(token)
    claims = check.claims
    if check.outcome != "ok":
        return Verification(genuine=False, code=check.outcome, claims=claims)
    if isinstance(claims, ShortClaims):
        return _verify_short(claims)
    # One indexed lookup by the register's unique key; holder and successor load only if shown.
    try:
        document = IssuedDocument.objects.select_related("pourashava").get(
            pourashava__code=claims.pourashava_code, kind=claims.kind, number=claims.number
        )
    except IssuedDocument.DoesNotExist:
        return Verification(genuine=False, code="unknown_document", claims=claims)
    matches = (
        document.digest == claims.digest.hex()
        and fields_digest(document.fields) == claims.digest
        and timezone.localdate(document.issued_at) == claims.issued_on
    )
    if not matches:
        return Verification(genuine=False, code="data_mismatch", claims=claims)
    return Verification(
        genuine=True,
        code="genuine",
        claims=claims,
        document=document,
        status=document_status(document),
    )


def _verify_short(claims: ShortClaims) -> Verification:
    """A format-2 token names the register row; the row's fields must still hash to the signed
    digest and the row must have been signed with the key that verified the token."""
    document = _document_by_id(claims.document_id)
    if document is None:
        return Verification(genuine=False, code="unknown_document", claims=claims)
    matches = (
        document.digest[: 2 * len(claims.digest)] == claims.digest.hex()
        and short_digest(document.fields) == claims.digest
        and document.kid == claims.kid
    )
    if not matches:
        return Verification(genuine=False, code="data_mismatch", claims=claims)
    return Verification(
        genuine=True,
        code="genuine",
        claims=claims,
        document=document,
        status=document_status(document),
    )


class _PreparedLookup(threading.local):
    """The register row by id, with its pourashava, as the ORM would load it with
    select_related: but the SELECT is compiled once per thread and database, not per scan
    (compiling it was a large part of a verification's own time)."""

    def __init__(self) -> None:
        self.by_alias: dict[str, tuple] = {}

    def prepare(self, alias: str) -> tuple:
        queryset = IssuedDocument.objects.using(alias).select_related("pourashava").filter(pk=1)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
        if list(params) != [1]:
            raise RuntimeError(f"unexpected parameters for the prepared lookup: {params}")
        select, klass_info = compiler.select, compiler.klass_info
        columns = klass_info["select_fields"]
        start, end = columns[0], columns[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, alias)
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        pk = IssuedDocument._meta.pk
        largest = connections[alias].ops.integer_field_range(pk.get_internal_type())[1]
        prepared = (compiler, sql, start, end, init_list, populators, converters, largest)
        self.by_alias[alias] = prepared
        return prepared


_prepared = _PreparedLookup()


def _document_by_id(document_id: int) -> IssuedDocument | None:
    alias = router.db_for_read(IssuedDocument) or "default"
    prepared = _prepared.by_alias.get(alias) or _prepared.prepare(alias)
    compiler, sql, start, end, init_list, populators, converters, largest = prepared
    if not 0 < document_id <= largest:  # as the ORM: an id out of the column's range is no row
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [document_id])
        row = cursor.fetchone()
    if row is None:
        return None
    if converters:
        row = next(compiler.apply_converters([row], converters))
    document = IssuedDocument.from_db(alias, init_list, row[start:end])
    for populator in populators:
        populator.populate(row, document)
    return document
