"""A verifier answering from demo records shipped with the code (demo_records.json): the
embedded default, so local runs and tests need no Porichoy subscription. The records are
fictional people, not real NIDs."""

import datetime
import json
from functools import cache
from pathlib import Path

from backend.identity.nid.base import NidResult, NidVerifier, comparable_name

RECORDS_FILE = Path(__file__).with_name("demo_records.json")


@cache
def demo_records() -> dict[str, dict]:
    data = json.loads(RECORDS_FILE.read_text(encoding="utf-8"))
    return {record["nid"]: record for record in data["records"]}


class SandboxNidVerifier(NidVerifier):
    source = "sandbox"

    def verify(self, nid: str, date_of_birth: datetime.date, name_en: str) -> NidResult:
        record = demo_records().get(nid)
        if record is None:
            return NidResult(False, self.source, {"reason": "nid_not_found"})
        mismatched = []
        if record["date_of_birth"] != date_of_birth.isoformat():
            mismatched.append("date_of_birth")
        if comparable_name(record["name_en"]) != comparable_name(name_en):
            mismatched.append("name_en")
        if mismatched:
            return NidResult(False, self.source, {"reason": "mismatch", "fields": mismatched})
        return NidResult(True, self.source, {"name_bn": record.get("name_bn", "")})
