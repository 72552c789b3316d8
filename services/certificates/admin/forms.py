"""The clerk panel's forms: a certificate type (its form fields, documents, fees and wording
checked before saving) and a signatory (a real, small PNG or JPEG signature of someone who may
sign)."""

import re
from pathlib import Path

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from backend.common.text import Text
from backend.identity.roles import has_role
from services.certificates.admin.roles import SIGNING_ROLES
from services.certificates.models import CertificateType, Signatory
from services.certificates.signatures import signature_max_bytes
from services.certificates.wording import check_body

FIELD_TYPES = ("text", "date", "number", "choice")
CODE = re.compile(r"[a-z0-9_]{1,60}")


def _check_entries(value: object, *, what: str, with_type: bool) -> list[str]:
    """Problems with a form_fields / required_documents list, each a readable sentence."""
    if not isinstance(value, list):
        return [gettext("%(what)s must be a JSON list of objects.") % {"what": what}]
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            at = {"what": what, "index": index}
            problems.append(gettext("%(what)s #%(index)s must be an object.") % at)
            continue
        at = {"what": what, "index": index}
        code = str(entry.get("code", ""))
        if not CODE.fullmatch(code):
            problems.append(
                gettext("%(what)s #%(index)s: code must be lower-case letters, digits or _.") % at
            )
        elif code in seen:
            problems.append(
                gettext("%(what)s #%(index)s: code '%(code)s' is used twice.")
                % {**at, "code": code}
            )
        seen.add(code)
        for label in ("label_en", "label_bn"):
            if not str(entry.get(label, "")).strip():
                problems.append(
                    gettext("%(what)s #%(index)s: %(label)s is missing.") % {**at, "label": label}
                )
        if "required" in entry and not isinstance(entry["required"], bool):
            problems.append(gettext("%(what)s #%(index)s: required must be true or false.") % at)
        if with_type:
            kind = entry.get("type", "text")
            if kind not in FIELD_TYPES:
                problems.append(
                    gettext("%(what)s #%(index)s: type must be one of %(types)s.")
                    % {**at, "types": ", ".join(FIELD_TYPES)}
                )
            elif kind == "choice" and not (
                isinstance(entry.get("choices"), list) and entry["choices"]
            ):
                problems.append(
                    gettext("%(what)s #%(index)s: a choice field needs a list of choices.") % at
                )
    return problems


class CertificateTypeForm(forms.ModelForm):
    class Meta:
        model = CertificateType
        fields = [
            "pourashava",
            "code",
            "name_en",
            "name_bn",
            "is_active",
            "fee_bn",
            "fee_en",
            "sla_days",
            "validity_days",
            "source",
            "lists_heirs",
            "form_fields",
            "required_documents",
            "body_en",
            "body_bn",
        ]

    def clean_sla_days(self) -> int:
        days = self.cleaned_data["sla_days"]
        if days < 1:
            raise forms.ValidationError(_("The SLA is at least one day."))
        return days

    def clean(self) -> dict:
        data = super().clean()
        for name, with_type in (("form_fields", True), ("required_documents", False)):
            if name in data:
                label = str(CertificateType._meta.get_field(name).verbose_name).capitalize()
                problems = _check_entries(data[name], what=label, with_type=with_type)
                if problems:
                    self.add_error(name, problems)
        for name in ("fee_bn", "fee_en"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, gettext("A fee cannot be negative."))
        form_fields = data.get("form_fields") if "form_fields" not in self.errors else None
        for name in ("body_en", "body_bn"):
            if data.get(name):
                unknown = check_body(data[name], form_fields)
                if unknown:
                    listed = ", ".join("{" + token + "}" for token in unknown)
                    self.add_error(
                        name, gettext("Unknown placeholders: %(listed)s.") % {"listed": listed}
                    )
        return data


SIGNATURE_MAX_PIXELS = 4000 * 4000
SIGNATURE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

SIGNATURE_TOO_LARGE = Text(
    en="The signature image is larger than {limit} KB.",
    bn="স্বাক্ষরের ছবিটি {limit} কিলোবাইটের বেশি।",
)
SIGNATURE_WRONG_TYPE = Text(
    en="The signature must be a PNG or JPEG image.", bn="স্বাক্ষরটি PNG বা JPEG ছবি হতে হবে।"
)
SIGNATURE_MISMATCH = Text(
    en="The file's content is not what its name says (.png must be PNG, .jpg must be JPEG).",
    bn="ফাইলের ভেতরের ধরন নামের সাথে মেলে না (.png হলে PNG, .jpg হলে JPEG হতে হবে)।",
)
NOT_A_SIGNER = Text(
    en="This person holds no certificate officer or mayor role in this pourashava.",
    bn="এই ব্যক্তি এই পৌরসভায় সনদ কর্মকর্তা বা মেয়র নন।",
)


def check_signature_image(upload) -> None:
    """Refuse anything but a real, reasonably small PNG or JPEG whose name says what it is."""
    limit = signature_max_bytes()
    if upload.size > limit:
        raise forms.ValidationError(SIGNATURE_TOO_LARGE.render(limit=limit // 1024))
    expected = SIGNATURE_FORMATS.get(Path(upload.name).suffix.lower())
    if expected is None:
        raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render())
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found, (width, height) = image.format, image.size
            if width * height > SIGNATURE_MAX_PIXELS:
                raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render())
            image.verify()  # reads the whole file: a truncated or forged body fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(SIGNATURE_WRONG_TYPE.render()) from None
    finally:
        upload.seek(0)
    if found != expected:
        raise forms.ValidationError(SIGNATURE_MISMATCH.render())


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = [
            "pourashava",
            "user",
            "name_en",
            "name_bn",
            "designation_en",
            "designation_bn",
            "signature",
            "is_active",
        ]

    def clean_signature(self):
        upload = self.cleaned_data.get("signature")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload, not the kept one
            check_signature_image(upload)
        return upload

    def clean(self) -> dict:
        data = super().clean()
        user, pourashava = data.get("user"), data.get("pourashava")
        if user and pourashava and not has_role(user, SIGNING_ROLES, pourashava_id=pourashava.pk):
            self.add_error("user", NOT_A_SIGNER.render())
        return data
