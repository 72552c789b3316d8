"""Signatories: the size limit on signature images, and for the demo and tests an officer with
a drawn signature.

A real pourashava uploads a scan of each signatory's signature (admin); the demo and the tests
need one without a scanner, so `ensure_demo_signatory` draws a plausible hand-written scribble
with Pillow, the same for the same user every time.
"""

import hashlib
import io
import math
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from backend.identity.models import Role, User
from backend.identity.roles import has_role
from backend.municipality.models import Pourashava
from services.certificates.models import Signatory

# Designations by the role that signs, most senior first (a mayor who is also an officer signs
# as mayor).
DESIGNATIONS = (
    (Role.MAYOR, "Mayor", "মেয়র"),
    (Role.SECRETARY, "Secretary", "সচিব"),
    (Role.CERTIFICATE_OFFICER, "Certificate Officer", "সনদ প্রদানকারী কর্মকর্তা"),
)
# Plausible officers' names for demo signatories (not real people).
DEMO_NAMES = (
    ("Md. Abdur Rahman", "মোঃ আব্দুর রহমান"),
    ("Nasrin Sultana", "নাসরিন সুলতানা"),
    ("Md. Shafiqul Islam", "মোঃ শফিকুল ইসলাম"),
    ("Kamrun Nahar", "কামরুন নাহার"),
    ("Dipankar Saha", "দীপংকর সাহা"),
)
WIDTH, HEIGHT = 480, 160


def signature_png(seed: str) -> bytes:
    """A scribble that reads as a signature: a run of loops of varying size along a slanted
    baseline, then a flourish underneath. Transparent background, dark blue ink."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())  # noqa: S311 (a drawing, no secret)
    image = Image.new("RGBA", (WIDTH, HEIGHT), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = (20, 30, 110, 255)
    points: list[tuple[float, float]] = []
    loops = rng.randint(5, 8)
    x, baseline = 30.0, HEIGHT * 0.58
    for loop in range(loops):
        radius_x = rng.uniform(10, 22)
        radius_y = rng.uniform(18, 42) if loop else 50.0  # a tall first letter
        advance = rng.uniform(22, 38)
        for step in range(24):
            t = 2 * math.pi * step / 24
            px = x + radius_x * math.sin(t) + advance * step / 24
            py = baseline - radius_y * (1 - math.cos(t)) / 2 - 0.12 * (px - 30)
            points.append((px, py))
        x += advance
    draw.line(points, fill=ink, width=4, joint="curve")
    flourish = [
        (x - 40 + 0.9 * i * (WIDTH - x + 20) / 20, baseline + 22 - 6 * math.sin(i / 3))
        for i in range(21)
    ]
    draw.line([(26, baseline + 30), *flourish], fill=ink, width=3, joint="curve")
    left, top, right, bottom = image.getbbox() or (0, 0, WIDTH, HEIGHT)
    image = image.crop((max(left - 6, 0), max(top - 6, 0), right + 6, bottom + 6))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def designation_of(user: User, pourashava: Pourashava) -> tuple[str, str]:
    for role, en, bn in DESIGNATIONS:
        if has_role(user, {role}, pourashava_id=pourashava.pk):
            return en, bn
    return DESIGNATIONS[-1][1], DESIGNATIONS[-1][2]


@transaction.atomic
def ensure_demo_signatory(user: User, pourashava: Pourashava, **overrides: str) -> Signatory:
    """The user's signatory in the pourashava, made with a drawn signature if there is none
    (or if its image is missing from storage). Idempotent: an existing one is kept as it is."""
    signatory = Signatory.objects.filter(pourashava=pourashava, user=user).first()
    if signatory is not None and signatory.signature and _stored(signatory):
        return signatory
    if signatory is None:
        pick = int(hashlib.sha256(user.username.encode()).hexdigest(), 16) % len(DEMO_NAMES)
        name_en, name_bn = DEMO_NAMES[pick]
        designation_en, designation_bn = designation_of(user, pourashava)
        signatory = Signatory(
            pourashava=pourashava,
            user=user,
            name_en=overrides.get("name_en", name_en),
            name_bn=overrides.get("name_bn", name_bn),
            designation_en=overrides.get("designation_en", designation_en),
            designation_bn=overrides.get("designation_bn", designation_bn),
        )
    png = signature_png(f"{pourashava.code}:{user.username}")
    signatory.signature.save(f"{user.username}.png", ContentFile(png), save=False)
    signatory.save()
    return signatory


def _stored(signatory: Signatory) -> bool:
    try:
        return signatory.signature.storage.exists(signatory.signature.name)
    except (OSError, ValueError):
        return False


def signature_max_bytes() -> int:
    """The largest signature image accepted and printed (CERTIFICATE_SIGNATURE_MAX_BYTES; a
    scanned signature is a few tens of kilobytes)."""
    return int(settings.CERTIFICATE_SIGNATURE_MAX_BYTES)
