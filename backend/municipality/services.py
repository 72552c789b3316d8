"""Writes to the tenancy tables: adding and renaming wards and mahallas. Each use-case is one
transaction, checks the actor's scope itself (the API and the admin both call these) and writes
an audit entry in the same transaction."""

from django.db import IntegrityError, transaction

from backend.common.digits import to_bangla_digits
from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.text import Text
from backend.identity.audit import record_audit, snapshot
from backend.identity.models import User
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.municipality.roles import TENANCY_CHANGE_ROLES
from backend.municipality.scoping import scope_of

NOT_ALLOWED = Text(
    en="You may not change the wards or mahallas of this pourashava.",
    bn="আপনি এই পৌরসভার ওয়ার্ড বা মহল্লা পরিবর্তন করতে পারবেন না।",
)
WARD_NUMBER_INVALID = Text(
    en="A ward number is a whole number from 1 to 99.",
    bn="ওয়ার্ড নম্বর ১ থেকে ৯৯ এর মধ্যে একটি পূর্ণসংখ্যা হতে হবে।",
)
WARD_NUMBER_TAKEN = Text(
    en="This pourashava already has a ward {number}.",
    bn="এই পৌরসভায় {number} নম্বর ওয়ার্ড আগে থেকেই আছে।",
)
MAHALLA_NAME_REQUIRED = Text(
    en="A mahalla needs its name in both Bangla and English.",
    bn="মহল্লার নাম বাংলা ও ইংরেজি দুই ভাষাতেই দিতে হবে।",
)
MAHALLA_NAME_TAKEN = Text(
    en="This ward already has a mahalla named {name}.",
    bn="এই ওয়ার্ডে {name} নামে একটি মহল্লা আগে থেকেই আছে।",
)

MAX_WARD_NUMBER = 99


def _ensure_may_change(actor: User, pourashava_id: int, ward_id: int | None = None) -> None:
    if not scope_of(actor, TENANCY_CHANGE_ROLES).covers(pourashava_id, ward_id):
        raise Forbidden("tenancy_change_not_allowed", NOT_ALLOWED)


def _clean(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def create_ward(
    *,
    actor: User,
    pourashava: Pourashava,
    number: int,
    name_en: str = "",
    name_bn: str = "",
    request=None,
) -> Ward:
    _ensure_may_change(actor, pourashava.pk)
    if not 1 <= number <= MAX_WARD_NUMBER:
        raise AppError("ward_number_invalid", WARD_NUMBER_INVALID, fields={"number": ["invalid"]})
    ward = Ward(
        pourashava=pourashava,
        number=number,
        name_en=_clean(name_en) or f"Ward {number}",
        name_bn=_clean(name_bn) or f"ওয়ার্ড {to_bangla_digits(number)}",
    )
    try:
        with transaction.atomic():
            ward.save()
    except IntegrityError:
        raise Conflict("ward_number_taken", WARD_NUMBER_TAKEN, params={"number": number}) from None
    record_audit(actor=actor, action="ward.create", obj=ward, after=snapshot(ward), request=request)
    return ward


@transaction.atomic
def rename_ward(
    *,
    actor: User,
    ward: Ward,
    name_en: str | None = None,
    name_bn: str | None = None,
    request=None,
) -> Ward:
    """Change a ward's names. Its number is fixed once made: holdings and certificates cite it."""
    ward = Ward.objects.select_for_update().get(pk=ward.pk)
    _ensure_may_change(actor, ward.pourashava_id, ward.pk)
    before = snapshot(ward)
    if name_en is not None and _clean(name_en):
        ward.name_en = _clean(name_en)
    if name_bn is not None and _clean(name_bn):
        ward.name_bn = _clean(name_bn)
    after = snapshot(ward)
    if after != before:
        ward.save(update_fields=["name_en", "name_bn"])
        record_audit(
            actor=actor, action="ward.rename", obj=ward, before=before, after=after, request=request
        )
    return ward


@transaction.atomic
def create_mahalla(*, actor: User, ward: Ward, name_en: str, name_bn: str, request=None) -> Mahalla:
    _ensure_may_change(actor, ward.pourashava_id, ward.pk)
    name_en, name_bn = _clean(name_en), _clean(name_bn)
    if not name_en or not name_bn:
        raise AppError("mahalla_name_required", MAHALLA_NAME_REQUIRED)
    mahalla = Mahalla(ward=ward, pourashava_id=ward.pourashava_id, name_en=name_en, name_bn=name_bn)
    try:
        with transaction.atomic():
            mahalla.save()
    except IntegrityError:
        raise Conflict("mahalla_name_taken", MAHALLA_NAME_TAKEN, params={"name": name_en}) from None
    record_audit(
        actor=actor, action="mahalla.create", obj=mahalla, after=snapshot(mahalla), request=request
    )
    return mahalla


@transaction.atomic
def rename_mahalla(
    *,
    actor: User,
    mahalla: Mahalla,
    name_en: str | None = None,
    name_bn: str | None = None,
    request=None,
) -> Mahalla:
    mahalla = Mahalla.objects.select_for_update().select_related("ward").get(pk=mahalla.pk)
    _ensure_may_change(actor, mahalla.pourashava_id, mahalla.ward_id)
    before = snapshot(mahalla)
    if name_en is not None and _clean(name_en):
        mahalla.name_en = _clean(name_en)
    if name_bn is not None and _clean(name_bn):
        mahalla.name_bn = _clean(name_bn)
    after = snapshot(mahalla)
    if after != before:
        try:
            with transaction.atomic():
                mahalla.save(update_fields=["name_en", "name_bn"])
        except IntegrityError:
            raise Conflict(
                "mahalla_name_taken", MAHALLA_NAME_TAKEN, params={"name": mahalla.name_en}
            ) from None
        record_audit(
            actor=actor,
            action="mahalla.rename",
            obj=mahalla,
            before=before,
            after=after,
            request=request,
        )
    return mahalla
