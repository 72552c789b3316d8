"""Charts drawn as SVG on the server (no script, nothing from a CDN): they scale to the phone's
width through the viewBox. Labels are escaped; numbers arrive already formatted."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1b6e4a", "#c8102e", "#2b5fa8", "#e0a100", "#7a4fa0", "#5b6b73")


def _num(value) -> float:
    return float(value or 0)  # drawing only: amounts themselves stay Decimal


def bars(items: Sequence[tuple[str, Decimal, str]], *, title: str, width: int = 640) -> SafeString:
    """Horizontal bars: (label, value, value as text)."""
    row = 26
    height = 30 + row * max(len(items), 1)
    top = max((_num(v) for _, v, _ in items), default=0) or 1
    label_w, bar_w = 190, width - 190 - 110
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="t">{escape(title)}</text>',
    ]
    for i, (label, value, text) in enumerate(items):
        y = 28 + i * row
        w = max(bar_w * _num(value) / top, 0)
        parts.append(f'<text x="0" y="{y + 15}" class="l">{escape(label)[:32]}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" class="v">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def paired_columns(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Columns side by side per label (this year against last), with a legend."""
    top = max((_num(v) for _, values in series for v in values), default=0) or 1
    plot_h, base = height - 70, height - 30
    slot = (width - 20) / max(len(labels), 1)
    col = slot * 0.8 / max(len(series), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="t">{escape(title)}</text>',
    ]
    for s, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{10 + s * 150}" y="24" width="12" height="12" fill="{PALETTE[s]}"/>'
            f'<text x="{26 + s * 150}" y="34" class="l">{escape(name)}</text>'
        )
    for i, label in enumerate(labels):
        x0 = 10 + i * slot + slot * 0.1
        for s, (_, values) in enumerate(series):
            h = plot_h * _num(values[i]) / top
            parts.append(
                f'<rect x="{x0 + s * col:.1f}" y="{base - h:.1f}" width="{col:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s]}"/>'
            )
        parts.append(
            f'<text x="{x0 + slot * 0.4:.1f}" y="{base + 16}" class="x" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/></svg>')
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def stacked(
    items: Sequence[tuple[str, Decimal, str]], *, title: str, width: int = 640
) -> SafeString:
    """One bar split into shares (channel mix, arrears by age), with a legend of values."""
    total = sum(_num(v) for _, v, _ in items) or 1
    height = 60 + 20 * len(items)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="t">{escape(title)}</text>',
    ]
    x = 0.0
    for i, (_, value, _) in enumerate(items):
        w = width * _num(value) / total
        parts.append(
            f'<rect x="{x:.1f}" y="24" width="{w:.1f}" height="22" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        x += w
    for i, (label, _, text) in enumerate(items):
        y = 64 + 20 * i
        parts.append(
            f'<rect x="0" y="{y - 11}" width="12" height="12" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="18" y="{y}" class="l">{escape(label)}: {escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped
