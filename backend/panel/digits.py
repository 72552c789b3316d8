"""Bangla digits in the panel's HTML, by construction: Django never changes digit glyphs, so in
Bangla mode every admin page is passed through here once, after it is rendered.

Only text a person reads changes: markup (tags and their attributes: input values, URLs, ids),
<script>, <style> and <textarea> bodies, comments and character references are left alone, and so
is any word holding a Latin letter (identifiers read aloud at counters: NAT-CT-2026-27-000001,
NAT-1-1). Everything else, counts, amounts, dates and times, gets Bangla digits."""

import re

from backend.common.digits import to_bangla_digits

# Markup, and elements whose body is code or an editable value: kept as they are.
_MARKUP = re.compile(
    r"(<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
    r"|<textarea\b.*?</textarea\s*>|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
# A character reference (&#39; &amp;), or a run of anything else up to a space or an ampersand.
_WORD = re.compile(r"&#?[0-9A-Za-z]+;|[^\s&]+|&")
_LATIN = re.compile(r"[A-Za-z]")
_ASCII_DIGIT = re.compile(r"[0-9]")


def _word(match: re.Match) -> str:
    word = match.group(0)
    if word.startswith("&") or _LATIN.search(word) or not _ASCII_DIGIT.search(word):
        return word
    return to_bangla_digits(word)


def bangla_digits_in_html(html: str) -> str:
    """The same page with Bangla digits in its readable text."""
    parts = _MARKUP.split(html)
    # re.split with one group alternates text, markup, text, ...: even indexes are text.
    for index in range(0, len(parts), 2):
        if _ASCII_DIGIT.search(parts[index]):
            parts[index] = _WORD.sub(_word, parts[index])
    return "".join(parts)
