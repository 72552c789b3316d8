"""HTML templates to PDF through WeasyPrint, drawn only with the fonts shipped in the repository.

WeasyPrint is slow to set up: loading fonts (FontConfiguration plus the @font-face files) and
parsing the shared stylesheet cost more than laying out a one-page certificate. Both are built
once per thread and reused for every document (WeasyPrint objects are not shared across threads).
"""

import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import translation

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

    def prepare(self) -> tuple[FontConfiguration, list[CSS], LocalOnlyFetcher]:
        if self.font_config is None or self.stylesheets is None or self.fetcher is None:
            font_config = FontConfiguration()
            fetcher = LocalOnlyFetcher()
            css = font_face_css() + "\n" + (STATIC_DIR / "document.css").read_text("utf-8")
            self.stylesheets = [CSS(string=css, font_config=font_config, url_fetcher=fetcher)]
            self.font_config, self.fetcher = font_config, fetcher
        return self.font_config, self.stylesheets, self.fetcher


_renderer = _Renderer()


def render_html(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template_name, {**context, "language": language})


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render a Django HTML template to PDF bytes in `language` ("bn" or "en")."""
    if language not in ("bn", "en"):
        raise ValueError("documents are rendered in bn or en")
    html = render_html(template_name, context, language=language)
    font_config, stylesheets, fetcher = _renderer.prepare()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
