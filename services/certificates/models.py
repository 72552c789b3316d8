"""Councillor certificates: the kinds a pourashava issues (as data), applications for them, the
people an heir certificate lists, and who signs.

The workflow state lives on backend.workflow's Application (one table for every kind, so queues
and SLA span services); CertificateApplication holds what is particular to a certificate.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.common.text import in_language
from backend.documents.models import DocumentLanguage, IssuedDocument
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.payments.models import Demand
from backend.uploads.models import Upload
from backend.workflow.models import Application


class CertificateType(models.Model):
    """One kind of certificate in one pourashava: its form, documents, fees, SLA and wording.

    `form_fields`: [{"code", "label_en", "label_bn", "type": text|date|number|choice,
    "required": bool, "choices": [...]}], the type-specific answers an application carries.
    `required_documents`: [{"code", "label_en", "label_bn", "required": bool}], uploads asked for.
    `body_en` / `body_bn`: the certificate's wording, with {placeholders} filled from the
    application (see services/certificates/wording.py for the names).
    """

    pourashava = models.ForeignKey(
        Pourashava,
        on_delete=models.PROTECT,
        related_name="certificate_types",
        verbose_name=_("pourashava"),
    )
    code = models.SlugField(max_length=40, verbose_name=_("code"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    form_fields = models.JSONField(default=list, blank=True, verbose_name=_("form fields"))
    required_documents = models.JSONField(
        default=list, blank=True, verbose_name=_("required documents")
    )
    fee_bn = MoneyField(
        help_text=_("Fee for a copy in Bangla (taka)."), verbose_name=_("fee (Bangla copy)")
    )
    fee_en = MoneyField(
        help_text=_("Fee for a copy in English (taka)."), verbose_name=_("fee (English copy)")
    )
    sla_days = models.PositiveSmallIntegerField(
        help_text=_("Days promised from payment to issue."), verbose_name=_("SLA (days)")
    )
    lists_heirs = models.BooleanField(
        default=False,
        help_text=_("Records a deceased person and prints the heirs as a table."),
        verbose_name=_("lists heirs"),
    )
    validity_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Days the certificate stays valid; empty: no expiry."),
        verbose_name=_("valid for (days)"),
    )
    body_en = models.TextField(verbose_name=_("wording (English)"))
    body_bn = models.TextField(verbose_name=_("wording (Bangla)"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    source = models.TextField(
        blank=True,
        help_text=_("Where the fee and SLA come from; defaults are marked as such."),
        verbose_name=_("source"),
    )

    class Meta:
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
        ordering = ["pourashava", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "code"], name="certificate_type_unique"),
        ]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.pourashava.code})"

    def fee_for(self, language: str):
        return self.fee_en if language == DocumentLanguage.EN else self.fee_bn


class Relation(models.TextChoices):
    """Whom a certificate is about, seen from the applicant; also an heir's relation to the
    deceased."""

    SELF = "self", _("Self")
    WIFE = "wife", _("Wife")
    HUSBAND = "husband", _("Husband")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    GRANDSON = "grandson", _("Grandson")
    GRANDDAUGHTER = "granddaughter", _("Granddaughter")
    OTHER = "other", _("Other")


class CertificateApplication(models.Model):
    """What a certificate application says: about whom, which type, in which language, and the
    answers to the type's form. The person it is about may be the applicant or a family member."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("application"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    mahalla = models.ForeignKey(
        Mahalla,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mahalla"),
    )
    certificate_type = models.ForeignKey(
        CertificateType,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("certificate type"),
    )
    language = models.CharField(
        max_length=2, choices=DocumentLanguage.choices, verbose_name=_("language")
    )
    relation = models.CharField(
        max_length=16, choices=Relation.choices, default=Relation.SELF, verbose_name=_("relation")
    )
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    father_name_en = models.CharField(
        max_length=150, blank=True, verbose_name=_("father's name (English)")
    )
    father_name_bn = models.CharField(
        max_length=150, blank=True, verbose_name=_("father's name (Bangla)")
    )
    mother_name_en = models.CharField(
        max_length=150, blank=True, verbose_name=_("mother's name (English)")
    )
    mother_name_bn = models.CharField(
        max_length=150, blank=True, verbose_name=_("mother's name (Bangla)")
    )
    spouse_name_en = models.CharField(
        max_length=150, blank=True, verbose_name=_("spouse's name (English)")
    )
    spouse_name_bn = models.CharField(
        max_length=150, blank=True, verbose_name=_("spouse's name (Bangla)")
    )
    nid = models.CharField(max_length=17, blank=True, verbose_name=_("NID"))
    birth_registration_number = models.CharField(
        max_length=17, blank=True, verbose_name=_("birth registration number")
    )
    date_of_birth = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    address_en = models.CharField(max_length=300, blank=True, verbose_name=_("address (English)"))
    address_bn = models.CharField(max_length=300, blank=True, verbose_name=_("address (Bangla)"))
    answers = models.JSONField(
        default=dict, blank=True, help_text=_("The type's form fields."), verbose_name=_("answers")
    )
    fee = MoneyField(verbose_name=_("fee"))
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid"))
    due_by = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Promised issue time: payment plus the type's SLA."),
        verbose_name=_("due by"),
    )
    certificate = models.OneToOneField(
        IssuedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certificate"),
    )
    fee_demand = models.OneToOneField(
        Demand,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("What the applicant owes for it; empty when the fee is zero."),
        verbose_name=_("fee demand"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("certificate application")
        verbose_name_plural = _("certificate applications")
        indexes = [
            models.Index(fields=["pourashava", "certificate_type"], name="cert_app_type_idx"),
            models.Index(fields=["nid"], name="cert_app_nid_idx"),
            models.Index(fields=["name_en"], name="cert_app_name_idx"),
        ]

    def __str__(self) -> str:
        return gettext("%(type)s for %(name)s (%(number)s)") % {
            "type": in_language(self.certificate_type.name_en, self.certificate_type.name_bn),
            "name": in_language(self.name_en, self.name_bn),
            "number": self.application.number,
        }


class Deceased(models.Model):
    """The person an heir certificate is about."""

    application = models.OneToOneField(
        CertificateApplication,
        on_delete=models.CASCADE,
        related_name="deceased",
        verbose_name=_("application"),
    )
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    father_or_husband_name_en = models.CharField(
        max_length=150, blank=True, verbose_name=_("father's or husband's name (English)")
    )
    father_or_husband_name_bn = models.CharField(
        max_length=150, blank=True, verbose_name=_("father's or husband's name (Bangla)")
    )
    nid = models.CharField(max_length=17, blank=True, verbose_name=_("NID"))
    birth_registration_number = models.CharField(
        max_length=17, blank=True, verbose_name=_("birth registration number")
    )
    date_of_death = models.DateField(verbose_name=_("date of death"))
    death_registration_number = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("Number on the death certificate."),
        verbose_name=_("death registration number"),
    )

    class Meta:
        verbose_name = _("deceased")
        verbose_name_plural = _("deceased")

    def __str__(self) -> str:
        return gettext("%(name)s (died %(date)s)") % {
            "name": in_language(self.name_en, self.name_bn),
            "date": date_format(self.date_of_death),
        }


class Heir(models.Model):
    """One heir of the deceased, printed as a row of the certificate's table, in `position`."""

    application = models.ForeignKey(
        CertificateApplication,
        on_delete=models.CASCADE,
        related_name="heirs",
        verbose_name=_("application"),
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    relation = models.CharField(max_length=16, choices=Relation.choices, verbose_name=_("relation"))
    nid = models.CharField(max_length=17, blank=True, verbose_name=_("NID"))
    birth_registration_number = models.CharField(
        max_length=17, blank=True, verbose_name=_("birth registration number")
    )
    date_of_birth = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    age_years = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("age (years)")
    )

    class Meta:
        verbose_name = _("heir")
        verbose_name_plural = _("heirs")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="heir_position"),
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(age_years__isnull=False),
                name="heir_has_dob_or_age",
            ),
        ]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.get_relation_display()})"


class CertificateAttachment(models.Model):
    """An uploaded document handed in with an application, as one of the type's
    required_documents (by its `document_code`)."""

    application = models.ForeignKey(
        CertificateApplication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    upload = models.ForeignKey(
        Upload, on_delete=models.PROTECT, related_name="+", verbose_name=_("upload")
    )
    document_code = models.SlugField(max_length=40, verbose_name=_("document"))
    attached_at = models.DateTimeField(default=timezone.now, verbose_name=_("attached"))

    class Meta:
        verbose_name = _("certificate attachment")
        verbose_name_plural = _("certificate attachments")
        ordering = ["application", "document_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "upload"], name="certificate_attachment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_code}: {self.upload_id}"


def signature_upload_to(instance: "Signatory", filename: str) -> str:
    return f"signatures/{instance.pourashava.code}/{instance.user_id}-{filename}"


class Signatory(models.Model):
    """A certificate officer (or mayor) whose name, designation and signature image are printed
    on what they approve. One per user per pourashava."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("user"),
    )
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    designation_en = models.CharField(max_length=150, verbose_name=_("designation (English)"))
    designation_bn = models.CharField(max_length=150, verbose_name=_("designation (Bangla)"))
    signature = models.FileField(
        upload_to=signature_upload_to, max_length=255, verbose_name=_("signature image")
    )
    is_active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "user"], name="signatory_unique"),
        ]

    def __str__(self) -> str:
        name = in_language(self.name_en, self.name_bn)
        designation = in_language(self.designation_en, self.designation_bn)
        return f"{name}, {designation} ({self.pourashava.code})"
