"""What a clerk reads on a panel page, and the English words and ASCII digits left in it.

Read: text nodes, minus <script>, <style>, <textarea> and <template> bodies and every attribute
(values, URLs, ids). Allowed in Bangla mode: identifiers (a word carrying a digit, `_`, `.`, `@`,
`/` or `:` inside), the data on the page that is English by nature (English names and other
`*_en` values, codes, usernames: `data_words`), and the short list below."""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# The language switch names English in English; file formats, brands and keyboard keys are
# written as they are; x is the multiplication sign in a tax working line.
ALLOWED = {"English", "bKash", "Nagad", "SSLCommerz", "JSON", "CSV", "PNG", "JPEG", "Argon2"}
ALLOWED |= {"Control", "Command", "x"}
ALLOWED |= {"true", "false", "null"}  # literals of a JSON value shown read-only as stored
_SKIPPED = {"script", "style", "textarea", "template"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_ASCII_DIGIT = re.compile(r"[0-9]")
_JSON_KEY = re.compile(r'^[{\[]*"[a-z_]+":$')  # a key of a JSON value shown as it is stored
# Letters beside digits or punctuation (codes, addresses), or a capital inside lower case (a
# random key id such as "devBWecoI-Y", which may happen to hold no digit): not a word.
_IDENTIFIER_MARK = re.compile(r"[A-Za-z].*[0-9_.@/:]|[0-9_.@/:].*[A-Za-z]|[a-z][A-Z]")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def readable_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.chunks)


def data_words() -> set[str]:
    """Words of the English data in the database: *_en values, usernames and full names, and
    the free text staff typed in English (descriptions, sources, reasons...)."""
    free_text = {
        "username",
        "full_name",
        "description",
        "source",
        "reason",
        "note",
        "caption",
        "original_name",
        "object_label",
        "gazette_reference",
        "order_reference",
        "revoked_reason",
        "flag_reason",
        "grounds",
        "comment",
        "road",
        "error",
        "present_address",
        "permanent_address",
        "last_error",
        "body",
        "code",
        "number",
        "licence_no",
        "reference",
        "currency",
    }
    words: set[str] = set()
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and (f.name.endswith("_en") or f.name in free_text)
        ]
        if not names or not model.__module__.startswith(("backend.", "services.")):
            continue
        for row in model._default_manager.values_list(*names):
            for value in row:
                words.update(LATIN_WORD.findall(value or ""))
    for model in apps.get_models():
        documents = [f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if documents and model.__module__.startswith(("backend.", "services.")):
            for row in model._default_manager.values_list(*documents):
                for value in row:
                    _english_in_json(value, words)
    return words


def _english_in_json(value, words: set[str], english: bool = False) -> None:
    """Words of the English entries (keys ending _en, or "en") of a stored JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            _english_in_json(item, words, str(key).endswith("_en") or key == "en")
    elif isinstance(value, list):
        for item in value:
            _english_in_json(item, words, english)
    elif english and isinstance(value, str):
        words.update(LATIN_WORD.findall(value))


def english_left(html: str, allowed: set[str]) -> list[str]:
    """English words and ASCII-digit numbers a clerk would read on the page, each with the
    words around it (to find where it comes from)."""
    found = []
    chunks = readable_text(html).split()
    for index, chunk in enumerate(chunks):
        around = " ".join(chunks[max(0, index - 4) : index + 5])
        if _ASCII_DIGIT.search(chunk) and not re.search(r"[A-Za-z]", chunk):
            found.append(f"{chunk} «{around}»")
            continue
        if _IDENTIFIER_MARK.search(chunk.strip("()[]{},;:.!?“”\"'")) or _JSON_KEY.match(chunk):
            continue
        for word in LATIN_WORD.findall(chunk):
            if word not in ALLOWED and word not in allowed:
                found.append(f"{word} «{around}»")
    return found
