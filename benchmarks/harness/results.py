"""One measured figure, how to print a table of them, and the JSON file they are kept in."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    """A figure: `value` in `unit` (higher is better for rates like req/s or rows/s).

    `ratio` is value / floor value, with the floor measured in the same run: that, more than the
    absolute value, is what to compare between machines and over time.
    """

    benchmark: str
    name: str
    value: float
    unit: str
    p50_ms: float | None = None
    p99_ms: float | None = None
    count: int = 0
    errors: int = 0
    floor: str | None = None
    ratio: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.count > 0


def _fmt(number: float | None, digits: int = 1) -> str:
    return "-" if number is None else f"{number:,.{digits}f}"


def table(results: list[Result]) -> str:
    header = ["benchmark", "measurement", "value", "unit", "p50 ms", "p99 ms", "n", "errors"]
    header += ["ratio", "to floor"]
    rows = [
        [
            r.benchmark,
            r.name,
            _fmt(r.value),
            r.unit,
            _fmt(r.p50_ms, 2),
            _fmt(r.p99_ms, 2),
            str(r.count),
            str(r.errors),
            _fmt(r.ratio, 3),
            r.floor or "(floor)",
        ]
        for r in results
    ]
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(header)]
    numeric = {2, 4, 5, 6, 7, 8}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    for r in results:
        for note in r.notes:
            out.append(f"  note [{r.benchmark}: {r.name}]: {note}")
    return "\n".join(out)


def write_json(path: Path, results: list[Result], run: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**run, "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
