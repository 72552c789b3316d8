"""The receipt PDF drawn directly (backend.documents.drawing), as payments/receipt.html laid it
out: who paid, when and how, the lines by head with the total, and the total in words. (The
operator console's printable receipt is a page of its own, operator_console/receipt.html.)"""

from backend.documents.drawing.flow import MM, Flow, Style
from backend.documents.drawing.frame import draw_document, field_table
from backend.documents.drawing.tables import Cell, Look, fixed_table
from backend.documents.formatting import both_dates, taka
from backend.documents.templatetags.documents_tags import digits

LINES = Look(padding=(0.75, 0.75))  # the user agent's 1px cell padding, no borders
COLUMNS = [0.38, 0.38, 0.24]
BODY = Style()
HEAD = Style(bold=True)


def _when(moment, language: str) -> str:
    return f"{both_dates(moment, language)} {digits(moment.strftime('%H:%M'), language)}"


def _payer(receipt) -> str:
    names = [name for name in (receipt.payer_name_bn, receipt.payer_name_en) if name]
    return " / ".join(names)


def _details(flow: Flow, context: dict, language: str) -> None:
    channel = str(context["channel"])
    if context["gateway_transaction_id"]:
        channel += f" ({context['gateway_transaction_id']})"
    field_table(
        flow,
        [
            ("প্রদানকারী / Payer", _payer(context["receipt"])),
            ("পরিশোধের তারিখ / Paid on", _when(context["paid_at"], language)),
            ("রসিদের তারিখ / Receipt issued", _when(context["issued_at"], language)),
            ("মাধ্যম / Channel", channel),
            ("পেমেন্ট রেফারেন্স / Reference", str(context["payment_reference"])),
        ],
    )


def _lines(flow: Flow, context: dict, language: str) -> None:
    right = BODY.replace(align="right")
    table = [
        [
            Cell("খাত / Head", HEAD),
            Cell("বিবরণ / For", HEAD),
            Cell("টাকা / Taka", HEAD.replace(align="right")),
        ]
    ]
    for line in context["lines"]:
        demand = line.demand
        paid_for = demand.object_label or demand.service_code
        table.append(
            [
                Cell(f"{line.head.name_bn} / {line.head.name_en}", BODY),
                Cell(f"{paid_for} ({digits(demand.period_label, language)})", BODY),
                Cell(taka(line.amount, language), right),
            ]
        )
    flow.margin(4 * MM)
    fixed_table(flow, table, COLUMNS, LINES)
    total = [
        [
            Cell("মোট / Total", HEAD),
            Cell(taka(context["total"], language), HEAD.replace(align="right")),
        ]
    ]
    fixed_table(flow, total, [COLUMNS[0] + COLUMNS[1], COLUMNS[2]], LINES)


def draw_receipt(context: dict, language: str) -> bytes:
    def body(flow: Flow) -> None:
        _details(flow, context, language)
        _lines(flow, context, language)
        words = f"কথায়: {context['total_words_bn']}\nIn words: {context['total_words_en']}"
        flow.text(words, BODY, before=11, after=11)

    return draw_document(context, language, body)
