"""The kinds of file we accept, each known by its extensions and by its first bytes.

A kind is decided twice, from the name's extension and from the content, and the two must agree:
a renamed .exe, an HTML page called photo.jpg or a PNG sent as deed.pdf are all refused."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is what we store under
    pillow_format: str | None  # images are decoded with Pillow to prove they are images

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = FileKind("pdf", "application/pdf", (".pdf",), None)
JPEG = FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg", ".jpe"), "JPEG")
PNG = FileKind("png", "image/png", (".png",), "PNG")
WEBP = FileKind("webp", "image/webp", (".webp",), "WEBP")

KINDS: dict[str, FileKind] = {kind.code: kind for kind in (PDF, JPEG, PNG, WEBP)}

_BY_EXTENSION: dict[str, FileKind] = {
    extension: kind for kind in KINDS.values() for extension in kind.extensions
}

# Bytes needed to recognise any kind above.
HEAD_BYTES = 12


def kind_for_extension(extension: str) -> FileKind | None:
    return _BY_EXTENSION.get(extension.lower())


def kind_of_content(head: bytes) -> FileKind | None:
    """The kind the first bytes announce, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None
