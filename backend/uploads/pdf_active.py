"""Does a PDF carry active content: something a reader runs or opens by itself (JavaScript,
an action run on opening or on an event, a launch of another program, an embedded file)?

Two looks, either is enough to refuse:
- the raw bytes outside stream data, and inside Flate-compressed object streams (where a file
  can keep its dictionaries), names unescaped (`/J#53` is `/JS`);
- every object pypdf can reach (cross-reference table and compressed object streams, every
  filter decoded), its dictionary keys and /S action types. A file pypdf cannot parse (a
  scanner's odd trailer) is judged by the first look alone."""

import io
import logging
import re
import zlib

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

log = logging.getLogger(__name__)

# Keys and action types that make a PDF run or open something without the reader's click
# on a plain link (ISO 32000-1 12.6 actions, 12.6.3 trigger events, 7.11.4 embedded files).
ACTIVE_NAMES = frozenset(
    {
        "JS",  # a JavaScript action's script
        "JavaScript",  # the action type, and the document-level /Names /JavaScript tree
        "AA",  # additional actions: run on open, close, page view, field events
        "Launch",  # starts another application or opens a file
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",  # Flash/video annotations with their own scripts
        "XFA",  # XML forms, which carry their own scripts
        "ImportData",
        "SubmitForm",
    }
)
_RAW_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_OBJECTS = 200_000


# A stream's data, from its keyword to `endstream`; the dictionary before it, back to `obj`.
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_DICT_BEFORE = 4096
_MAX_INFLATED = 50 * 1024 * 1024  # object streams together, decompressed: a bomb stops here


def active_content(data: bytes) -> str | None:
    """The first active name found ("JS", "Launch"...), or None for a passive PDF."""
    return _raw_names(data) or _parsed_names(data)


def _raw_names(data: bytes) -> str | None:
    """Names outside stream data (binary image or font data would match by chance), then names
    inside compressed object streams, where a file can keep its dictionaries."""
    if found := _names_in(_STREAM.sub(b"stream\nendstream", data)):
        return found
    budget = _MAX_INFLATED
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - _DICT_BEFORE) : match.start()]
        head = head[head.rfind(b"obj") :]
        if "ObjStm" not in _names(head):
            continue
        try:
            inflated = zlib.decompressobj().decompress(match.group(1), budget)
        except zlib.error:
            continue  # another filter: pypdf's look decodes it
        budget -= len(inflated)
        if found := _names_in(inflated):
            return found
        if budget <= 0:
            break
    return None


def _names(data: bytes) -> set[str]:
    return {
        _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)).decode("latin-1")
        for match in _RAW_NAME.finditer(data)
    }


def _names_in(data: bytes) -> str | None:
    found = _names(data) & ACTIVE_NAMES
    return min(found) if found else None


def _parsed_names(data: bytes) -> str | None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        objects = _all_objects(reader)
    except Exception:  # pypdf raises many types on files it cannot parse
        log.info("pdf not parsed by pypdf; judged on its raw bytes and streams")
        return None
    for obj in objects:
        found = _active_in(obj)
        if found:
            return found
    return None


def _all_objects(reader: PdfReader) -> list:
    """Every indirect object of the file, whether listed in the cross-reference table or kept
    in a compressed object stream, plus the trailer."""
    found = [reader.trailer]
    ids = set()
    for generation, numbers in reader.xref.items():
        ids.update((number, generation) for number in numbers)
    ids.update((number, 0) for number in reader.xref_objStm)
    for number, generation in sorted(ids)[:_MAX_OBJECTS]:
        try:
            found.append(reader.get_object(IndirectObject(number, generation, reader)))
        except Exception:  # one unreadable object: the raw look still covered its bytes
            log.info("pdf object %s %s unreadable", number, generation)
    return found


def _active_in(obj, depth: int = 0) -> str | None:
    """Active keys or action types in a direct object (indirect ones are visited on their own)."""
    if depth > 50 or isinstance(obj, IndirectObject):
        return None
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            name = str(key).removeprefix("/")
            if name in ACTIVE_NAMES:
                return name
            if key == "/S" and isinstance(value, NameObject):
                action = str(value).removeprefix("/")
                if action in ACTIVE_NAMES:
                    return action
            found = _active_in(value, depth + 1)
            if found:
                return found
    elif isinstance(obj, ArrayObject):
        for item in obj:
            found = _active_in(item, depth + 1)
            if found:
                return found
    return None
