"""The console's own forms (a service's action brings its own form through the registry)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.operator_console.access import Desk

MOBILE_ATTRS = {"inputmode": "tel", "autocomplete": "off", "placeholder": "01XXXXXXXXX"}


def place_choices(desks: list[Desk]) -> list[tuple[str, str]]:
    """One choice per (centre, pourashava it serves): "centre id:pourashava id"."""
    from backend.common.text import in_language

    choices = []
    for desk in desks:
        centre = in_language(desk.centre.name_en, desk.centre.name_bn)
        for p in desk.pourashavas:
            label = in_language(p.name_en, p.name_bn)
            if len(desks) > 1:
                label = f"{label} — {centre}"
            choices.append((f"{desk.centre.pk}:{p.pk}", label))
    return choices


class StartForm(forms.Form):
    mobile = forms.CharField(label=_("Citizen's mobile number"), max_length=20)
    # Offered as a list; whatever comes back is checked by the session service, which refuses
    # (403) a pourashava the operator's centre does not serve.
    place = forms.RegexField(label=_("Pourashava"), regex=r"^\d+:\d+$", widget=forms.Select)

    def __init__(self, *args, desks: list[Desk], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].widget.attrs.update(MOBILE_ATTRS)
        self.fields["place"].widget.choices = place_choices(desks)

    def place_ids(self) -> tuple[int, int]:
        centre, pourashava = self.cleaned_data["place"].split(":")
        return int(centre), int(pourashava)


class RegisterForm(StartForm):
    name_bn = forms.CharField(label=_("Name (Bangla)"), max_length=150)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)


class ConsentForm(forms.Form):
    code = forms.CharField(
        label=_("Consent code the citizen reads out"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class DayCloseForm(forms.Form):
    pourashava = forms.TypedChoiceField(label=_("Pourashava"), coerce=int)
    declared_cash = forms.DecimalField(
        label=_("Cash deposited (taka)"), min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args, pourashavas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from backend.common.text import in_language

        self.fields["pourashava"].choices = [
            (p.pk, in_language(p.name_en, p.name_bn)) for p in pourashavas
        ]
