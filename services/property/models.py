"""The holdings register. Particulars and ownership are kept as dated versions, so a holding's
owners and particulars on any past date can be shown (and last year's demands stay with last
year's owner after a mutation)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from backend.common.money import MoneyField
from backend.identity.models import Citizen, User
from backend.municipality.models import Mahalla, Pourashava, Ward


class HoldingStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired (split or merged into others)"


class Use(models.TextChoices):
    RESIDENTIAL = "residential", "Residential"
    COMMERCIAL = "commercial", "Commercial"
    MIXED = "mixed", "Mixed"
    INSTITUTIONAL = "institutional", "Institutional"
    RELIGIOUS = "religious", "Religious"
    EDUCATIONAL = "educational", "Educational"
    GOVERNMENT = "government", "Government"
    VACANT_LAND = "vacant_land", "Vacant land"


class Occupancy(models.TextChoices):
    OWNER_OCCUPIED = "owner_occupied", "Owner-occupied"
    LET = "let", "Let"
    PART_LET = "part_let", "Part let"
    VACANT = "vacant", "Not occupied"


class StructureType(models.TextChoices):
    NONE = "none", "No structure"
    PUCCA = "pucca", "Pucca (brick and concrete)"
    SEMI_PUCCA = "semi_pucca", "Semi-pucca"
    TIN_SHED = "tin_shed", "Tin shed"
    KUTCHA = "kutcha", "Kutcha"


class Holding(models.Model):
    """A building or plot with a holding number. Identity only; what it is lives in versions."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    mahalla = models.ForeignKey(
        Mahalla, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    road = models.CharField(max_length=120, blank=True)
    number = models.CharField(max_length=20, help_text="Holding number; sub-numbers like 12/A.")
    status = models.CharField(
        max_length=10, choices=HoldingStatus.choices, default=HoldingStatus.ACTIVE
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The holding this one was split from.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="The holding this one was merged into (a merged holding has several parents).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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


class Particulars(models.Model):
    """What a holding was from `valid_from` until `valid_to` (exclusive; open for current)."""

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="particulars")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    land_area_sqft = models.DecimalField(max_digits=12, decimal_places=2)
    structure_type = models.CharField(max_length=12, choices=StructureType.choices)
    floors = models.PositiveSmallIntegerField(default=0)
    floor_area_sqft = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    year_built = models.PositiveSmallIntegerField(null=True, blank=True)
    use = models.CharField(max_length=16, choices=Use.choices)
    occupancy = models.CharField(max_length=16, choices=Occupancy.choices)
    monthly_rent = MoneyField(null=True, blank=True, help_text="Where let or part let.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=120, help_text="Application number or survey.")

    class Meta:
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
        return f"{self.holding_id} from {self.valid_from}"


class Ownership(models.Model):
    """One owner's share of a holding for a period. Shares of one period sum to 1."""

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="ownerships")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="ownerships"
    )
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    nid = models.CharField(max_length=17, blank=True)
    mobile = models.CharField(max_length=11, blank=True)
    share = models.DecimalField(max_digits=5, decimal_places=4)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=120, help_text="Deed, inheritance, application number.")

    class Meta:
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
        return f"{self.name_en} ({self.share}) of {self.holding_id}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a clerk"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class HoldingClaim(models.Model):
    """A citizen asking to see a holding in their app: proven by NID or approved by a clerk."""

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="claims")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="holding_claims")
    status = models.CharField(max_length=10, choices=ClaimStatus.choices)
    proof = models.CharField(max_length=20, help_text="nid_match or clerk")
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holding", "citizen"],
                condition=~Q(status="rejected"),
                name="one_live_claim_per_citizen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} claims {self.holding_id} ({self.status})"


class PropertyApplicationKind(models.TextChoices):
    NEW_HOLDING = "new_holding", "New holding number"
    MUTATION = "mutation", "Mutation (change of owner)"
    CORRECTION = "correction", "Correction of particulars"
    SPLIT = "split", "Split"
    MERGE = "merge", "Merge"


class PropertyApplication(models.Model):
    """The register-specific part of a workflow application: what should change on approval."""

    application = models.OneToOneField(
        "workflow.Application", on_delete=models.PROTECT, related_name="property_detail"
    )
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=PropertyApplicationKind.choices)
    holding = models.ForeignKey(
        Holding, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    payload = models.JSONField(help_text="Validated request: new owners, changes, parts...")
    result_holdings = models.ManyToManyField(Holding, blank=True, related_name="+")
    sources = models.ManyToManyField(
        Holding,
        blank=True,
        related_name="merge_applications",
        help_text="For a merge: the holdings combined (payload `holdings` keeps their order).",
    )

    def __str__(self) -> str:
        return f"{self.kind} {self.application_id}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", "Photo"
    DEED = "deed", "Deed"
    KHATIAN = "khatian", "Khatian (record of rights)"
    OTHER = "other", "Other document"


class HoldingAttachment(models.Model):
    """A citizen's upload attached to a holding (photo, deed, khatian...). One handed in with a
    register application has no holding until the application is approved."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    holding = models.ForeignKey(
        Holding, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    application = models.ForeignKey(
        PropertyApplication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    upload = models.ForeignKey("uploads.Upload", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    caption = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
        return f"{self.kind} of {self.holding_id or self.application_id}"
