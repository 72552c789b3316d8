"""Helpers for the clerk-panel tests: a pourashava with two wards and their councillors, its
certificate officer (signing with a tiny Pillow-made PNG), and applications in chosen states
with chosen clocks."""

import base64
import io
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.base import ContentFile
from PIL import Image

from backend.identity.models import Role, User
from backend.municipality.models import Pourashava, Ward
from backend.workflow.models import Application
from services.certificates.models import CertificateApplication, CertificateType, Signatory
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member
from tests.services.certificates.helpers import make_application, make_certificate_type


def png_bytes(size: tuple[int, int] = (24, 8), fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 30, 120)).save(buffer, format=fmt)
    return buffer.getvalue()


def use_fresh_signing_key(settings) -> None:
    """Sign with a key made for this test, not one from var/."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    settings.DOCUMENT_SIGNING_KEYS = f"clerk1:{base64.b64encode(raw).decode()}"
    settings.DOCUMENT_VERIFY_KEYS = ""


def make_signatory(user: User, pourashava: Pourashava) -> Signatory:
    signatory = Signatory(
        pourashava=pourashava,
        user=user,
        name_en="Nasrin Sultana",
        name_bn="নাসরিন সুলতানা",
        designation_en="Certificate officer",
        designation_bn="সনদ কর্মকর্তা",
    )
    signatory.signature.save("signature.png", ContentFile(png_bytes()), save=False)
    signatory.save()
    return signatory


@dataclass
class Town:
    pourashava: Pourashava
    ward1: Ward
    ward2: Ward
    councillor1: User
    councillor2: User
    officer: User
    certificate_type: CertificateType


def make_town(code: str) -> Town:
    pourashava = PourashavaFactory(code=code)
    ward1 = WardFactory(pourashava=pourashava, number=1)
    ward2 = WardFactory(pourashava=pourashava, number=2)
    councillor1 = staff_member(Role.WARD_COUNCILLOR, pourashava, ward=ward1)
    councillor2 = staff_member(Role.WARD_COUNCILLOR, pourashava, ward=ward2)
    for user, name in ((councillor1, "Jahangir Alam"), (councillor2, "Rokeya Khatun")):
        user.full_name = f"{name} {code}"
        user.save(update_fields=["full_name"])
    officer = staff_member(Role.CERTIFICATE_OFFICER, pourashava)
    return Town(
        pourashava=pourashava,
        ward1=ward1,
        ward2=ward2,
        councillor1=councillor1,
        councillor2=councillor2,
        officer=officer,
        certificate_type=make_certificate_type(pourashava),
    )


def application_in(
    town: Town,
    ward: Ward,
    state: str,
    *,
    nid: str = "",
    name_en: str | None = None,
    heirs=None,
    due_at: datetime | None = None,
    due_by: datetime | None = None,
) -> CertificateApplication:
    """An application by a new citizen of `ward`, put in `state`, with the given clocks."""
    citizen = CitizenFactory(nid=nid or None, name_en=name_en or "Rahim Uddin")
    extra = {"heirs": heirs} if heirs is not None else {}
    detail = make_application(
        applicant=citizen,
        ward=ward,
        certificate_type=town.certificate_type,
        state=state,
        **extra,
    )
    if due_at is not None:
        Application.objects.filter(pk=detail.application_id).update(due_at=due_at)
        detail.application.refresh_from_db()
    if due_by is not None:
        detail.due_by = due_by
        detail.save(update_fields=["due_by"])
    return detail


def state_of(detail: CertificateApplication) -> str:
    return Application.objects.get(pk=detail.application_id).state
