"""A generic `sample` kind: exercises the whole pipeline (tests, benchmarks, demos) and shows a
service how to register its own kind."""

from backend.common.text import Text
from backend.documents.kinds import register_document_kind

SAMPLE = register_document_kind(
    "sample",
    title=Text(en="Certificate (sample)", bn="প্রত্যয়নপত্র (নমুনা)"),
    template="documents/sample.html",
    public_fields=("holder_name_bn", "holder_name_en", "purpose_bn", "purpose_en", "amount"),
    field_labels={
        "holder_name_bn": Text(en="Name (Bangla)", bn="নাম (বাংলা)"),
        "holder_name_en": Text(en="Name (English)", bn="নাম (ইংরেজি)"),
        "purpose_bn": Text(en="Purpose (Bangla)", bn="উদ্দেশ্য (বাংলা)"),
        "purpose_en": Text(en="Purpose (English)", bn="উদ্দেশ্য (ইংরেজি)"),
        "amount": Text(en="Amount (Tk)", bn="টাকার পরিমাণ"),
    },
)
