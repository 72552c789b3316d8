"""Is the file complete? Pillow alone cannot say: WeasyPrint (which this project imports) sets
PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole process, so a photo cut off halfway
decodes "successfully" with a grey bottom. These walks of each format's own structure find a
cut-off or spliced file without touching that global."""

import zlib

from backend.uploads.kinds import FileKind

# Readers look for the end-of-file marker in the last 1024 bytes (PDF 1.7, Annex H note 3.4.4).
PDF_TAIL = 1024


def is_complete(kind: FileKind, data: bytes) -> bool:
    check = {"pdf": _pdf, "jpeg": _jpeg, "png": _png, "webp": _webp}[kind.code]
    return check(data)


def _pdf(data: bytes) -> bool:
    return b"%%EOF" in data[-PDF_TAIL:]


def _png(data: bytes) -> bool:
    """Every chunk whole with a correct CRC, up to IEND."""
    position = 8  # after the signature
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        end = position + 12 + length
        if end > len(data):
            return False
        typed = data[position + 4 : position + 8 + length]
        if zlib.crc32(typed) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if typed[:4] == b"IEND":
            return True
        position = end
    return False


def _jpeg(data: bytes) -> bool:
    """Markers and segments from SOI, through every scan, to EOI (bytes after EOI are allowed:
    some phones append their own data there)."""
    size = len(data)
    position = 2  # after SOI
    while position < size:
        if data[position] != 0xFF:
            return False
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            return False
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return True
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length
            continue
        if position + 2 > size:
            return False
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2:
            return False
        position += length
        if marker == 0xDA:  # SOS: entropy-coded data runs to the next real marker
            position = _end_of_scan(data, position)
            if position < 0:
                return False
    return False


def _end_of_scan(data: bytes, position: int) -> int:
    """Where the marker after a scan's data starts, or -1 if the data runs off the end."""
    while True:
        found = data.find(b"\xff", position)
        if found < 0 or found + 1 >= len(data):
            return -1
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart marker
            position = found + 2
        elif following == 0xFF:  # a fill byte before a marker
            position = found + 1
        else:
            return found


def _webp(data: bytes) -> bool:
    """The RIFF header's length must be all there."""
    declared = int.from_bytes(data[4:8], "little") + 8
    return len(data) >= declared >= 20
