"""What a citizen reads in a Bangla answer: every string in the JSON that is for people, with the
values that are for programs left out by an explicit allow-list. A Latin letter in what is left is
English (or an internal code) shown to a Bangla reader.

For programs, not people:
- identifiers and codes: receipt, bill, application and holding numbers (`NAT-RC-2025-26-000001`,
  `NAT-2-3/A`), `code` fields, enum keys (`status`, `state`, `kind`...), URLs, ISO dates, mobile
  numbers, file names and content types of uploads;
- a raw value that has its display form beside it (`status` with `status_label`, `mahalla` with
  `mahalla_name`, `service_code` with `service_name`, `period` with `period_display`);
- the English form of a bilingual value (`name_en`, `head_en`, `address_en`).
"""

import re
from collections.abc import Iterator

LATIN = re.compile(r"[A-Za-z]")

# Keys whose values are codes, identifiers or machine values wherever they appear.
PROGRAM_KEYS = frozenset(
    {
        "access",
        "refresh",
        "code",
        "reference",
        "number",
        "receipt_number",
        "payment_reference",
        "url",
        "redirect_url",
        "download_url",
        "verify_url",
        "pdf",
        "mobile",
        "nid",
        "upload",
        "upload_purpose",
        "content_type",
        "language",
        "kind",
        "relation",
        "type",
        "basis",
        "object_type",
        "object_id",
        "object_label",  # beside object_display
        "demand_label",  # beside demand_display
        "holding",
        "head",
        "channel",
        "currency",
        "state",
        "status",
        "action",
        "from_state",
        "to_state",
        "waits_on",
        "document_code",
        "demand_status",
        "fiscal_year",
        "from_fiscal_year",
        "purpose",
        "method",
        "token_type",
        "nid_verification_source",
    }
)
# Containers whose keys are codes (amounts by revenue head) or bodies for programs.
PROGRAM_CONTAINERS = frozenset({"heads", "annual_tax", "quarters", "answers", "pay", "body"})
# Inside an upload: the file's own name, as the citizen's phone gave it.
UPLOAD_CONTAINERS = frozenset({"attachments"})

IDENTIFIER = re.compile(r"^[A-Z]{2,5}(-[A-Za-z0-9/]+)+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+([+-]\d{2}:\d{2}|Z)?)?$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DISPLAY_SUFFIXES = ("_display", "_label", "_labels", "_name")


def _has_display_form(key: str, siblings: dict) -> bool:
    stems = {key, key.removesuffix("_code"), key.removesuffix("_id")}
    return any(stem + suffix in siblings for stem in stems for suffix in DISPLAY_SUFFIXES)


def for_people(value: object, path: str = "$") -> Iterator[tuple[str, str]]:
    """(path, text) for every string in `value` a citizen reads."""
    if isinstance(value, dict):
        is_file = "content_type" in value  # an upload: its `name` is the file's own name
        for key, item in value.items():
            if (
                (is_file and key == "name")
                or key in PROGRAM_KEYS
                or key in PROGRAM_CONTAINERS
                or key in UPLOAD_CONTAINERS
                or key.endswith("_en")
                or _has_display_form(key, value)
            ):
                continue
            yield from for_people(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from for_people(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if IDENTIFIER.match(value) or ISO_DATE.match(value) or UUID.match(value):
            return
        yield path, value


def latin_in(answers: list[tuple[str, object]]) -> list[str]:
    """`where path: text` for each citizen-facing string with a Latin letter (an identifier
    inside a Bangla sentence, like a holding or receipt number, is allowed)."""
    found = []
    for where, body in answers:
        for path, text in for_people(body):
            words = [w for w in re.split(r"[\s,()।:;]+", text) if LATIN.search(w)]
            leftover = [w for w in words if not IDENTIFIER.match(w.strip(".'\""))]
            if leftover:
                found.append(f"{where} {path}: {text!r}")
    return found
