"""The holdings register. Particulars and ownership are kept as dated versions, so a holding's
owners and particulars on any past date can be shown (and last year's demands stay with last
year's owner after a mutation)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.common.text import in_language
from backend.identity.models import Citizen, User
from backend.municipality.models import Mahalla, Pourashava, Ward


class HoldingStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired (split or merged into others)")


class Use(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    MIXED = "mixed", _("Mixed")
    INSTITUTIONAL = "institutional", _("Institutional")
    RELIGIOUS = "religious", _("Religious")
    EDUCATIONAL = "educational", _("Educational")
    GOVERNMENT = "government", _("Government")
    VACANT_LAND = "vacant_land", _("Vacant land")


class Occupancy(models.TextChoices):
    OWNER_OCCUPIED = "owner_occupied", _("Owner-occupied")
    LET = "let", _("Let")
    PART_LET = "part_let", _("Part let")
    VACANT = "vacant", _("Not occupied")


class StructureType(models.TextChoices):
    NONE = "none", _("No structure")
    PUCCA = "pucca", _("Pucca (brick and concrete)")
    SEMI_PUCCA = "semi_pucca", _("Semi-pucca")
    TIN_SHED = "tin_shed", _("Tin shed")
    KUTCHA = "kutcha", _("Kutcha")


class Holding(models.Model):
    """A building or plot with a holding number. Identity only; what it is lives in versions."""

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
    road = models.CharField(max_length=120, blank=True, verbose_name=_("road"))
    number = models.CharField(
        max_length=20,
        help_text=_("Holding number; sub-numbers like 12/A."),
        verbose_name=_("number"),
    )
    status = models.CharField(
        max_length=10,
        choices=HoldingStatus.choices,
        default=HoldingStatus.ACTIVE,
        verbose_name=_("status"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The holding this one was split from."),
        verbose_name=_("split from"),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text=_("The holding this one was merged into (a merged holding has several parents)."),
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "ward", "number"], name="holding_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """What clerks read aloud: NAT-3-12/A (pourashava, ward, holding number)."""
        return f"{self.pourashava.code}-{self.ward.number}-{self.number}"

    reference.fget.short_description = _("holding")  # the admin's column header


class Particulars(models.Model):
    """What a holding was from `valid_from` until `valid_to` (exclusive; open for current)."""

    holding = models.ForeignKey(
        Holding, on_delete=models.PROTECT, related_name="particulars", verbose_name=_("holding")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("valid to"))
    land_area_sqft = models.DecimalField(
        max_digits=12, decimal_places=2, verbose_name=_("land area (sq ft)")
    )
    structure_type = models.CharField(
        max_length=12, choices=StructureType.choices, verbose_name=_("structure")
    )
    floors = models.PositiveSmallIntegerField(default=0, verbose_name=_("floors"))
    floor_area_sqft = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), verbose_name=_("floor area (sq ft)")
    )
    year_built = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("year built")
    )
    use = models.CharField(max_length=16, choices=Use.choices, verbose_name=_("use"))
    occupancy = models.CharField(
        max_length=16, choices=Occupancy.choices, verbose_name=_("occupancy")
    )
    monthly_rent = MoneyField(
        null=True, blank=True, help_text=_("Where let or part let."), verbose_name=_("monthly rent")
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("latitude")
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("longitude")
    )
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    reason = models.CharField(
        max_length=120, help_text=_("Application number or survey."), verbose_name=_("reason")
    )

    class Meta:
        verbose_name = _("particulars")
        verbose_name_plural = _("particulars")
        constraints = [
            models.UniqueConstraint(
                fields=["holding"],
                condition=Q(valid_to__isnull=True),
                name="one_current_particulars",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="particulars_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["holding", "valid_from"], name="particulars_period_idx")]

    def __str__(self) -> str:
        return gettext("%(holding)s from %(date)s") % {
            "holding": self.holding,
            "date": date_format(self.valid_from),
        }


class Ownership(models.Model):
    """One owner's share of a holding for a period. Shares of one period sum to 1."""

    holding = models.ForeignKey(
        Holding, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("holding")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ownerships",
        verbose_name=_("citizen"),
    )
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    nid = models.CharField(max_length=17, blank=True, verbose_name=_("NID"))
    mobile = models.CharField(max_length=11, blank=True, verbose_name=_("mobile"))
    share = models.DecimalField(max_digits=5, decimal_places=4, verbose_name=_("share"))
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("valid to"))
    reason = models.CharField(
        max_length=120,
        help_text=_("Deed, inheritance, application number."),
        verbose_name=_("reason"),
    )

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        indexes = [
            models.Index(fields=["holding", "valid_from"], name="ownership_period_idx"),
            models.Index(fields=["citizen"], name="ownership_citizen_idx"),
            models.Index(fields=["nid"], name="ownership_nid_idx"),
            models.Index(fields=["mobile"], name="ownership_mobile_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=1), name="ownership_share_range"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(name)s (%(share)s) of %(holding)s") % {
            "name": in_language(self.name_en, self.name_bn),
            "share": self.share,
            "holding": self.holding,
        }


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a clerk")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ClaimProof(models.TextChoices):
    NID_MATCH = "nid_match", _("NID matches an owner's")
    CLERK = "clerk", _("Decided by a clerk")


class HoldingClaim(models.Model):
    """A citizen asking to see a holding in their app: proven by NID or approved by a clerk."""

    holding = models.ForeignKey(
        Holding, on_delete=models.PROTECT, related_name="claims", verbose_name=_("holding")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="holding_claims", verbose_name=_("citizen")
    )
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, verbose_name=_("status"))
    proof = models.CharField(max_length=20, choices=ClaimProof.choices, verbose_name=_("proof"))
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("holding claim")
        verbose_name_plural = _("holding claims")
        constraints = [
            models.UniqueConstraint(
                fields=["holding", "citizen"],
                condition=~Q(status="rejected"),
                name="one_live_claim_per_citizen",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(citizen)s claims %(holding)s (%(status)s)") % {
            "citizen": self.citizen,
            "holding": self.holding,
            "status": self.get_status_display(),
        }


class PropertyApplicationKind(models.TextChoices):
    NEW_HOLDING = "new_holding", _("New holding number")
    MUTATION = "mutation", _("Mutation (change of owner)")
    CORRECTION = "correction", _("Correction of particulars")
    SPLIT = "split", _("Split")
    MERGE = "merge", _("Merge")


class PropertyApplication(models.Model):
    """The register-specific part of a workflow application: what should change on approval."""

    application = models.OneToOneField(
        "workflow.Application",
        on_delete=models.PROTECT,
        related_name="property_detail",
        verbose_name=_("application"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    kind = models.CharField(
        max_length=16, choices=PropertyApplicationKind.choices, verbose_name=_("kind")
    )
    holding = models.ForeignKey(
        Holding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("holding"),
    )
    payload = models.JSONField(
        help_text=_("Validated request: new owners, changes, parts..."), verbose_name=_("payload")
    )
    result_holdings = models.ManyToManyField(
        Holding, blank=True, related_name="+", verbose_name=_("resulting holdings")
    )
    sources = models.ManyToManyField(
        Holding,
        blank=True,
        related_name="merge_applications",
        help_text=_("For a merge: the holdings combined (payload `holdings` keeps their order)."),
        verbose_name=_("merged holdings"),
    )

    class Meta:
        verbose_name = _("property application")
        verbose_name_plural = _("property applications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.application.number})"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DEED = "deed", _("Deed")
    KHATIAN = "khatian", _("Khatian (record of rights)")
    OTHER = "other", _("Other document")


class HoldingAttachment(models.Model):
    """A citizen's upload attached to a holding (photo, deed, khatian...). One handed in with a
    register application has no holding until the application is approved."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    holding = models.ForeignKey(
        Holding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("holding"),
    )
    application = models.ForeignKey(
        PropertyApplication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("application"),
    )
    upload = models.ForeignKey(
        "uploads.Upload", on_delete=models.PROTECT, related_name="+", verbose_name=_("upload")
    )
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices, verbose_name=_("kind"))
    caption = models.CharField(max_length=200, blank=True, verbose_name=_("caption"))
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))

    class Meta:
        verbose_name = _("holding attachment")
        verbose_name_plural = _("holding attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["holding", "upload"],
                condition=Q(holding__isnull=False),
                name="holding_attachment_once",
            ),
            models.CheckConstraint(
                condition=Q(holding__isnull=False) | Q(application__isnull=False),
                name="holding_attachment_belongs",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s of %(of)s") % {
            "kind": self.get_kind_display(),
            "of": self.holding or self.application,
        }
