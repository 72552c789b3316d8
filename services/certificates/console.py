"""Certificates in the operator's console (backend/operator_console/registry.py): applying for
any of the pourashava's certificate types for the citizen in the session, scanned documents
included, through the same checks and services as the citizen's own application (uploads go
through the platform's upload checks; the fee demand is offered for cash at once)."""

from django import forms
from django.utils.functional import lazy

from backend.common.text import Text, in_language
from backend.documents.models import DocumentLanguage
from backend.municipality.models import Ward
from backend.operator_console.registry import (
    ConsoleAction,
    ConsoleContext,
    ConsoleResult,
    register_action_label,
    register_console_action,
)
from backend.uploads.services import store_upload
from services.certificates.models import CertificateType, Relation
from services.certificates.services import applications
from services.certificates.uploads import DOCUMENT_PURPOSE

HEIR_ROWS = 6
APPLIED = Text(
    en="Application {number} is made: {state}.",
    bn="আবেদন {number} করা হয়েছে: {state}।",
)


def _label(en: str, bn: str):
    """A form label in the page's language (the console follows the operator's choice)."""
    return lazy(Text(en=en, bn=bn).render, str)()


LABELS = {
    "type": _label("Certificate", "সনদ"),
    "language": _label("Language of the copy", "সনদের ভাষা"),
    "relation": _label("About whom (relation to the citizen)", "কার সনদ (নাগরিকের সঙ্গে সম্পর্ক)"),
    "ward": _label("Ward", "ওয়ার্ড"),
    "address_bn": _label("Address (Bangla)", "ঠিকানা (বাংলা)"),
    "address_en": _label("Address (English)", "ঠিকানা (ইংরেজি)"),
    "name_bn": _label("Name (Bangla), if not the citizen", "নাম (বাংলা), নাগরিক নিজে না হলে"),
    "name_en": _label("Name (English), if not the citizen", "নাম (ইংরেজি), নাগরিক নিজে না হলে"),
    "nid": _label("NID number", "জাতীয় পরিচয়পত্র নম্বর"),
    "birth_registration_number": _label("Birth registration number", "জন্ম নিবন্ধন নম্বর"),
    "date_of_birth": _label("Date of birth", "জন্মতারিখ"),
    "deceased_name_bn": _label("Deceased: name (Bangla)", "মৃত ব্যক্তির নাম (বাংলা)"),
    "deceased_name_en": _label("Deceased: name (English)", "মৃত ব্যক্তির নাম (ইংরেজি)"),
    "deceased_nid": _label("Deceased: NID number", "মৃত ব্যক্তির জাতীয় পরিচয়পত্র নম্বর"),
    "deceased_date_of_death": _label("Date of death", "মৃত্যুর তারিখ"),
    "deceased_death_registration_number": _label("Death registration number", "মৃত্যু নিবন্ধন নম্বর"),
    "heir_name_bn": _label("Heir {n}: name (Bangla)", "উত্তরাধিকারী {n}: নাম (বাংলা)"),
    "heir_name_en": _label("Heir {n}: name (English)", "উত্তরাধিকারী {n}: নাম (ইংরেজি)"),
    "heir_relation": _label("Heir {n}: relation to the deceased", "উত্তরাধিকারী {n}: মৃতের সঙ্গে সম্পর্ক"),
    "heir_nid": _label("Heir {n}: NID number", "উত্তরাধিকারী {n}: জাতীয় পরিচয়পত্র নম্বর"),
    "heir_brn": _label("Heir {n}: birth registration number", "উত্তরাধিকারী {n}: জন্ম নিবন্ধন নম্বর"),
    "heir_age": _label("Heir {n}: age (years)", "উত্তরাধিকারী {n}: বয়স (বছর)"),
}
HEIR_FIELDS = ("name_bn", "name_en", "relation", "nid", "brn", "age")
DATE = forms.DateInput(attrs={"type": "date"})


def _heir_label(key: str, n: int):
    template = LABELS[f"heir_{key}"]
    return lazy(lambda: str(template).replace("{n}", str(n)), str)()


def _types(context: ConsoleContext):
    return CertificateType.objects.filter(pourashava=context.pourashava, is_active=True).order_by(
        "name_en"
    )


class ApplyForm(forms.Form):
    """Built for one certificate type (the `type` chosen; the page reloads when it changes):
    its form fields, its documents and, for an heir certificate, the deceased and heirs."""

    def __init__(self, data=None, files=None, *, context: ConsoleContext, **kwargs) -> None:
        super().__init__(data, files, **kwargs)
        types = list(_types(context))
        wanted = (data or {}).get("type") or context.request.GET.get("type") or ""
        chosen = next((t for t in types if t.code == wanted), None)
        if chosen is None:
            chosen = next((t for t in types if t.lists_heirs), types[0] if types else None)
        self.certificate_type = chosen
        self.fields["type"] = forms.ChoiceField(
            label=LABELS["type"],
            choices=[(t.code, in_language(t.name_en, t.name_bn)) for t in types],
            initial=chosen.code if chosen else None,
            widget=forms.Select(attrs={"data-reload": "type"}),
        )
        self.fields["language"] = forms.ChoiceField(
            label=LABELS["language"], choices=DocumentLanguage.choices, initial="bn"
        )
        self.fields["relation"] = forms.ChoiceField(
            label=LABELS["relation"], choices=Relation.choices, initial=Relation.SELF
        )
        wards = Ward.objects.filter(pourashava=context.pourashava).order_by("number")
        self.fields["ward"] = forms.TypedChoiceField(
            label=LABELS["ward"], coerce=int, choices=[(w.number, str(w.number)) for w in wards]
        )
        self.fields["address_bn"] = forms.CharField(label=LABELS["address_bn"], max_length=300)
        self.fields["address_en"] = forms.CharField(
            label=LABELS["address_en"], max_length=300, required=False
        )
        for key in ("name_bn", "name_en", "nid", "birth_registration_number"):
            self.fields[key] = forms.CharField(label=LABELS[key], max_length=150, required=False)
        self.fields["date_of_birth"] = forms.DateField(
            label=LABELS["date_of_birth"], required=False, widget=DATE
        )
        if chosen is None:
            return
        for spec in chosen.form_fields or []:
            self.fields[f"answer_{spec['code']}"] = _answer_field(spec)
        if chosen.lists_heirs:
            for key in ("deceased_name_bn", "deceased_name_en", "deceased_nid"):
                self.fields[key] = forms.CharField(
                    label=LABELS[key], max_length=150, required=key == "deceased_name_bn"
                )
            self.fields["deceased_date_of_death"] = forms.DateField(
                label=LABELS["deceased_date_of_death"], widget=DATE
            )
            self.fields["deceased_death_registration_number"] = forms.CharField(
                label=LABELS["deceased_death_registration_number"], max_length=30, required=False
            )
            heir_relations = [(v, name) for v, name in Relation.choices if v != Relation.SELF]
            for n in range(1, HEIR_ROWS + 1):
                for key in HEIR_FIELDS:
                    name = f"heir{n}_{key}"
                    if key == "relation":
                        self.fields[name] = forms.ChoiceField(
                            label=_heir_label(key, n),
                            choices=[("", "—"), *heir_relations],
                            required=False,
                        )
                    elif key == "age":
                        self.fields[name] = forms.IntegerField(
                            label=_heir_label(key, n), min_value=0, max_value=130, required=False
                        )
                    else:
                        self.fields[name] = forms.CharField(
                            label=_heir_label(key, n), max_length=150, required=False
                        )
        for doc in chosen.required_documents or []:
            self.fields[f"doc_{doc['code']}"] = forms.FileField(
                label=in_language(doc.get("label_en", doc["code"]), doc.get("label_bn", "")),
                required=bool(doc.get("required", True)),
                widget=forms.ClearableFileInput(
                    attrs={
                        "accept": "application/pdf,image/jpeg,image/png",
                        "capture": "environment",
                    }
                ),
            )


def _answer_field(spec: dict) -> forms.Field:
    label = in_language(spec.get("label_en", spec["code"]), spec.get("label_bn", ""))
    required = bool(spec.get("required"))
    kind = spec.get("type", "text")
    if kind == "date":
        return forms.DateField(label=label, required=required, widget=DATE)
    if kind == "number":
        return forms.DecimalField(label=label, required=required)
    if kind == "choice":
        choices = [(c, c) for c in spec.get("choices", [])]
        return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *choices])
    return forms.CharField(label=label, required=required, max_length=500)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _input(context: ConsoleContext, data: dict, uploads: list[tuple[str, str]]) -> dict:
    body: dict = {
        "pourashava": context.pourashava.code,
        "type": data["type"],
        "language": data["language"],
        "relation": data["relation"],
        "ward": data["ward"],
        "address_bn": _text(data.get("address_bn")),
        "address_en": _text(data.get("address_en")),
        "documents": [{"code": code, "upload": upload} for code, upload in uploads],
    }
    for key in ("name_bn", "name_en", "nid", "birth_registration_number"):
        if _text(data.get(key)):
            body[key] = _text(data[key])
    if data.get("date_of_birth"):
        body["date_of_birth"] = data["date_of_birth"].isoformat()
    answers = {}
    for key, value in data.items():
        if key.startswith("answer_") and value not in (None, ""):
            answers[key.removeprefix("answer_")] = (
                value.isoformat() if hasattr(value, "isoformat") else str(value)
            )
    if answers:
        body["answers"] = answers
    if "deceased_name_bn" in data:
        deceased = {
            "name_bn": _text(data.get("deceased_name_bn")),
            "name_en": _text(data.get("deceased_name_en")),
            "death_registration_number": _text(data.get("deceased_death_registration_number")),
        }
        if _text(data.get("deceased_nid")):
            deceased["nid"] = _text(data["deceased_nid"])
        if data.get("deceased_date_of_death"):
            deceased["date_of_death"] = data["deceased_date_of_death"].isoformat()
        body["deceased"] = deceased
        heirs = []
        for n in range(1, HEIR_ROWS + 1):
            row = {key: data.get(f"heir{n}_{key}") for key in HEIR_FIELDS}
            if not any(v not in (None, "") for v in row.values()):
                continue
            heir = {"name_bn": _text(row["name_bn"]), "name_en": _text(row["name_en"])}
            heir["relation"] = row["relation"] or ""
            if _text(row["nid"]):
                heir["nid"] = _text(row["nid"])
            if _text(row["brn"]):
                heir["birth_registration_number"] = _text(row["brn"])
            if row["age"] is not None:
                heir["age_years"] = row["age"]
            heirs.append(heir)
        body["heirs"] = heirs
    return body


def apply_for_certificate(context: ConsoleContext, data: dict) -> ConsoleResult:
    """Store the scans (upload checks, owned by the citizen, recorded for them), then apply."""
    request = context.request
    uploads = []
    for key, file in data.items():
        if key.startswith("doc_") and file:
            upload = store_upload(
                file=file,
                uploaded_by=request.user,
                owner=context.citizen,
                purpose=DOCUMENT_PURPOSE,
                request=request,
            )
            uploads.append((key.removeprefix("doc_"), str(upload.public_id)))
    detail = applications.apply(
        citizen=context.citizen,
        actor=request.user,
        data=_input(context, data, uploads),
        request=request,
    )
    from backend.workflow.definitions import state_label

    application = detail.application
    params = {"number": application.number}
    pending = detail.fee_demand_id if detail.fee_demand_id and detail.fee else None
    return ConsoleResult(
        message_en=APPLIED.render(
            "en", state=state_label(application.kind, application.state, "en"), **params
        ),
        message_bn=APPLIED.render(
            "bn", state=state_label(application.kind, application.state, "bn"), **params
        ),
        demand_ids=(pending,) if pending else (),
    )


def register() -> None:
    register_console_action(
        ConsoleAction(
            code="certificates.apply",
            title_en="Apply for a certificate",
            title_bn="সনদের আবেদন",
            form_class=ApplyForm,
            perform=apply_for_certificate,
            available=lambda context: _types(context).exists(),
            order=20,
        )
    )
    register_action_label(
        "certificates.apply", en="applied for a certificate", bn="সনদের আবেদন করেছেন"
    )
    register_action_label(
        "certificates.resubmit",
        en="resubmitted a certificate application",
        bn="সনদের আবেদন পুনরায় জমা দিয়েছেন",
    )
