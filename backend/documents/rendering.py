"""HTML templates to PDF through WeasyPrint, drawn only with the fonts shipped in the repository.

WeasyPrint is slow to set up: loading fonts (FontConfiguration plus the @font-face files) and
parsing the shared stylesheet cost more than laying out a one-page certificate. Both are built
once per thread and reused for every document (WeasyPrint objects are not shared across threads),
and so are a template's own stylesheet (a .css file beside it) and decoded images (a signature).
A QR code is not an image: the template reserves its square and it is drawn as vector paths
into the laid-out page (qr.py). Where a document's time goes: benchmarks/README.md, "PDFs".

Receipts and certificates do not come here: their kinds draw their PDFs directly
(backend/documents/drawing), in a fraction of the time, with the same fonts and the same layout.
"""

import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import get_template, render_to_string
from django.utils import translation

from backend.documents.qr import qr_path

# WeasyPrint logs every step at INFO (and fontTools every table it subsets): set before import,
# since importing WeasyPrint already parses its own stylesheets.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

APP_DIR = Path(__file__).resolve().parent
FONT_DIR = APP_DIR / "fonts"
STATIC_DIR = APP_DIR / "static" / "documents"

# Latin first: Noto Sans Bengali has no Latin letters, Noto Sans has no Bangla; each script then
# falls to the face that has it. No generic family at the end, so no machine font sneaks in.
FONT_FACES = (
    ("DocLatin", "NotoSans-Regular.ttf", 400),
    ("DocLatin", "NotoSans-Bold.ttf", 700),
    ("DocBangla", "NotoSansBengali-Regular.ttf", 400),
    ("DocBangla", "NotoSansBengali-Bold.ttf", 700),
)
FONT_STACK = "DocLatin, DocBangla"
IMAGE_CACHE_ENTRIES = 64  # an image takes a few entries (its URL, its data, its stream)


def font_face_css() -> str:
    rules = [
        f"@font-face {{ font-family: {family}; src: url({(FONT_DIR / name).as_uri()}); "
        f"font-weight: {weight}; font-style: normal; }}"
        for family, name, weight in FONT_FACES
    ]
    rules.append(f"html {{ font-family: {FONT_STACK}; }}")
    return "\n".join(rules)


class LocalOnlyFetcher(URLFetcher):
    """Documents load nothing from the network or from outside this app: data: URIs (the QR)
    and files under backend/documents only. A field value can never make the renderer fetch."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(APP_DIR):
                raise ValueError(f"documents may not load {url}")
        return super().fetch(url, headers)


class _Renderer(threading.local):
    font_config: FontConfiguration | None = None
    stylesheets: list[CSS] | None = None
    fetcher: LocalOnlyFetcher | None = None
    own: dict[str, CSS | None] | None = None
    # Decoded images by URL (a signatory's signature is the same image on every certificate
    # they sign), shared between documents as WeasyPrint allows; emptied when it grows.
    images: dict | None = None

    def image_cache(self) -> dict:
        if self.images is None or len(self.images) > IMAGE_CACHE_ENTRIES:
            self.images = {}
        return self.images

    def prepare(self) -> tuple[FontConfiguration, list[CSS], LocalOnlyFetcher]:
        if self.font_config is None or self.stylesheets is None or self.fetcher is None:
            font_config = FontConfiguration()
            fetcher = LocalOnlyFetcher()
            css = font_face_css() + "\n" + (STATIC_DIR / "document.css").read_text("utf-8")
            self.stylesheets = [CSS(string=css, font_config=font_config, url_fetcher=fetcher)]
            self.font_config, self.fetcher = font_config, fetcher
        return self.font_config, self.stylesheets, self.fetcher

    def template_stylesheets(self, template_name: str) -> list[CSS]:
        """The shared stylesheet, then the template's own (a `.css` file beside the template,
        e.g. certificates/certificate.css), each parsed once per thread. A <style> element in
        the template would be parsed again for every document."""
        font_config, stylesheets, fetcher = self.prepare()
        if self.own is None:
            self.own = {}
        if template_name not in self.own:
            path = Path(get_template(template_name).origin.name).with_suffix(".css")
            self.own[template_name] = (
                CSS(string=path.read_text("utf-8"), font_config=font_config, url_fetcher=fetcher)
                if path.is_file()
                else None
            )
        own = self.own[template_name]
        return stylesheets if own is None else [*stylesheets, own]


_renderer = _Renderer()


def render_html(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "language": language})


def _qr_squares(page) -> list[tuple[str, float, float, float]]:
    """(data, x, y, side) of each `<div class="qr" data-qr="...">` laid out on `page`, in CSS
    pixels from the page's top left corner."""
    squares, seen = [], set()
    for box in page._page_box.descendants():
        element = box.element
        if element is None or id(element) in seen or element.get("data-qr") is None:
            continue
        seen.add(id(element))  # its anonymous children share the element: draw it once
        side = min(box.width, box.height)
        squares.append((element.get("data-qr"), box.content_box_x(), box.content_box_y(), side))
    return squares


def _stamp_qr_codes(document) -> None:
    """Draw each page's QR codes as vector paths after the page's own content."""
    for page in document.pages:
        paths = [qr_path(data, x, y, side) for data, x, y, side in _qr_squares(page)]
        if not paths:
            continue

        def paint(stream, scale=1, _paint=page.paint, _paths=paths) -> None:
            _paint(stream, scale)
            with stream.stacked():
                stream.transform(a=scale, d=scale)  # CSS pixels, y down, as the page's own
                stream.stream.extend(_paths)

        page.paint = paint


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render a Django HTML template to PDF bytes in `language` ("bn" or "en")."""
    if language not in ("bn", "en"):
        raise ValueError("documents are rendered in bn or en")
    html = render_html(template_name, context, language=language)
    font_config, _, fetcher = _renderer.prepare()
    stylesheets = _renderer.template_stylesheets(template_name)
    source = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    document = source.render(
        stylesheets=stylesheets, font_config=font_config, cache=_renderer.image_cache()
    )
    _stamp_qr_codes(document)
    return document.write_pdf()
