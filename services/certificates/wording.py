"""A certificate's wording: a type's body_en / body_bn with {placeholders} filled from the
application, in the language of the copy.

The body is text a pourashava's admin typed, so it is never treated as a format string:
placeholders are found by a regular expression over `{name}` tokens and each known name is
replaced by a plain value. A token that is not a known name (a typo, or an attempt such as
`{name.__class__}`) is left visibly as written, and `check_body` lists such tokens so the admin
sees them when saving the type.

Names: see PLACEHOLDERS, plus `{answers.<field code>}` for the type's own form fields. Bangla
copies print Bangla names, Bangla digits and Bangla month names.
"""

import re
from collections.abc import Iterable
from datetime import date

from backend.common.digits import to_bangla_digits
from backend.documents.bangla import format_gregorian

TOKEN = re.compile(r"\{([^{}\s]{1,80})\}")
ANSWER_PREFIX = "answers."

PLACEHOLDERS = (
    "name",
    "father_name",
    "mother_name",
    "spouse_name",
    "nid",
    "brn",
    "date_of_birth",
    "address",
    "ward",
    "pourashava",
    "deceased_name",
    "date_of_death",
)


def _field_codes(form_fields: Iterable[dict] | None) -> set[str] | None:
    if form_fields is None:
        return None
    return {str(field.get("code")) for field in form_fields if field.get("code")}


def is_known(token: str, field_codes: set[str] | None = None) -> bool:
    """A placeholder name we fill. `answers.<code>` is known when its code is one of the type's
    form fields (any well-formed code, when the fields are not given)."""
    if token in PLACEHOLDERS:
        return True
    if token.startswith(ANSWER_PREFIX):
        code = token.removeprefix(ANSWER_PREFIX)
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,59}", code):
            return False
        return field_codes is None or code in field_codes
    return False


def check_body(text: str, form_fields: Iterable[dict] | None = None) -> list[str]:
    """The placeholders in `text` that will not be filled, each once, in order of appearance.
    Pass the type's form_fields to check `{answers.<code>}` against them too."""
    codes = _field_codes(form_fields)
    unknown: list[str] = []
    for token in TOKEN.findall(text or ""):
        if not is_known(token, codes) and token not in unknown:
            unknown.append(token)
    return unknown


def render_body(text: str, values: dict[str, str]) -> str:
    """Replace each `{name}` whose name is in `values`; leave every other token as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return values[name] if name in values else match.group(0)

    return TOKEN.sub(replace, text or "")


# Formatting of single values, shared with the certificate's other parts --------------------


def in_language(en: str, bn: str, language: str) -> str:
    """The value in `language`, falling back to the other when that one is blank."""
    first, second = (bn, en) if language == "bn" else (en, bn)
    return (first or second or "").strip()


def digits(value: object, language: str) -> str:
    text = "" if value is None else str(value)
    return to_bangla_digits(text) if language == "bn" else text


def a_date(value: date | str | None, language: str) -> str:
    """'14 March 2025' or '১৪ মার্চ ২০২৫ খ্রিস্টাব্দ'; blank for none, the text itself if it is
    not a date."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return digits(value, language)
    return format_gregorian(value, language)


def _answer(value: object, field: dict | None, language: str) -> str:
    if value is None or value == "":
        return ""
    kind = (field or {}).get("type")
    if kind == "date":
        return a_date(str(value), language)
    if kind == "choice":
        for choice in (field or {}).get("choices") or []:
            if isinstance(choice, dict) and str(choice.get("code")) == str(value):
                return in_language(
                    str(choice.get("label_en", "")), str(choice.get("label_bn", "")), language
                ) or digits(value, language)
    if isinstance(value, list):
        return ", ".join(digits(item, language) for item in value)
    return digits(value, language)


def placeholder_values(detail, language: str) -> dict[str, str]:
    """Every placeholder's value for a CertificateApplication, in `language`."""
    deceased = getattr(detail, "deceased", None) if detail.certificate_type.lists_heirs else None
    ward = detail.ward
    pourashava = detail.pourashava

    def name(prefix: str) -> str:
        return in_language(
            getattr(detail, f"{prefix}_en"), getattr(detail, f"{prefix}_bn"), language
        )

    values: dict[str, str] = {
        "name": name("name"),
        "father_name": name("father_name"),
        "mother_name": name("mother_name"),
        "spouse_name": name("spouse_name"),
        "nid": digits(detail.nid, language),
        "brn": digits(detail.birth_registration_number, language),
        "date_of_birth": a_date(detail.date_of_birth, language),
        "address": name("address"),
        "ward": digits(ward.number, language),
        "pourashava": in_language(pourashava.name_en, pourashava.name_bn, language),
        "deceased_name": in_language(deceased.name_en, deceased.name_bn, language)
        if deceased
        else "",
        "date_of_death": a_date(deceased.date_of_death, language) if deceased else "",
    }
    fields = {
        str(field.get("code")): field
        for field in detail.certificate_type.form_fields or []
        if isinstance(field, dict)
    }
    for code, value in (detail.answers or {}).items():
        values[ANSWER_PREFIX + str(code)] = _answer(value, fields.get(str(code)), language)
    for code in fields:  # a form field left unanswered prints blank, not its token
        values.setdefault(ANSWER_PREFIX + code, "")
    return values


def fill_body(detail, language: str) -> str:
    """The type's body in `language`, filled from the application."""
    certificate_type = detail.certificate_type
    text = certificate_type.body_bn if language == "bn" else certificate_type.body_en
    return render_body(text, placeholder_values(detail, language))
