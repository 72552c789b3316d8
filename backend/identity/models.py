"""Identity: one account per person (citizen or staff), roles, OTP, consent and audit."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from backend.municipality.models import Pourashava, Ward


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> "User":
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Citizens log in by OTP (username is their mobile); staff by username/password."""

    username = models.CharField(max_length=64, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    full_name_bn = models.CharField(
        max_length=150, blank=True, help_text="Name in Bangla, printed on Bangla documents."
    )
    is_staff = models.BooleanField(default=False, help_text="Can log in to the admin panel.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.full_name or self.username


class Citizen(models.Model):
    """A person served by any pourashava: national, not tenant-owned."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="citizen")
    mobile = models.CharField(max_length=11, unique=True, help_text="Normalised 01XXXXXXXXX.")
    name_en = models.CharField(max_length=150, blank=True)
    name_bn = models.CharField(max_length=150, blank=True)
    father_name_en = models.CharField(max_length=150, blank=True)
    father_name_bn = models.CharField(max_length=150, blank=True)
    mother_name_en = models.CharField(max_length=150, blank=True)
    mother_name_bn = models.CharField(max_length=150, blank=True)
    spouse_name_en = models.CharField(max_length=150, blank=True)
    spouse_name_bn = models.CharField(max_length=150, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nid = models.CharField(
        max_length=17,
        null=True,
        blank=True,
        unique=True,
        help_text="10 or 17 digits; a 13-digit NID is stored as 17 (birth year prefixed).",
    )
    birth_registration_number = models.CharField(max_length=17, null=True, blank=True, unique=True)
    present_address = models.TextField(blank=True)
    permanent_address = models.TextField(blank=True)
    nid_verified_at = models.DateTimeField(null=True, blank=True)
    nid_verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nid_verification_source = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name_en or self.name_bn or 'Citizen'} ({self.mobile})"


class Role(models.TextChoices):
    ASSESSOR = "assessor", "Assessor"
    REVENUE_CLERK = "revenue_clerk", "Revenue clerk"
    CASHIER = "cashier", "Cashier"
    WATER_SUPERINTENDENT = "water_superintendent", "Water superintendent"
    METER_READER = "meter_reader", "Meter reader"
    LICENCE_INSPECTOR = "licence_inspector", "Licence inspector"
    LICENCE_OFFICER = "licence_officer", "Licence officer"
    CERTIFICATE_OFFICER = "certificate_officer", "Certificate officer"
    WARD_COUNCILLOR = "ward_councillor", "Ward councillor"
    SECRETARY = "secretary", "Secretary"
    MAYOR = "mayor", "Mayor / administrator"
    UDC_OPERATOR = "udc_operator", "UDC operator"
    NATIONAL_VIEWER = "national_viewer", "National viewer"
    SYSTEM_ADMIN = "system_admin", "System administrator"


# Roles bound to one ward of their pourashava.
WARD_ROLES = frozenset({Role.WARD_COUNCILLOR})
# Roles not bound to one pourashava: UDC operators follow their centre; national roles see all.
NATIONAL_ROLES = frozenset({Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN})
CENTRE_ROLES = frozenset({Role.UDC_OPERATOR})


class UdcCentre(models.Model):
    """A Union Digital Centre; it may serve citizens of several pourashavas."""

    code = models.CharField(max_length=20, unique=True)
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    district_en = models.CharField(max_length=60, blank=True)
    upazila_en = models.CharField(max_length=60, blank=True)
    pourashavas = models.ManyToManyField(Pourashava, related_name="udc_centres")
    is_active = models.BooleanField(default=True)
    description = models.TextField(
        blank=True, help_text="Provenance of this record; demo values are marked as such."
    )

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class RoleAssignment(models.Model):
    """What a staff member may do, and where. Checked by role, not by Django's model flags."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    pourashava = models.ForeignKey(
        Pourashava, null=True, blank=True, on_delete=models.PROTECT, related_name="staff_roles"
    )
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    udc_centre = models.ForeignKey(
        UdcCentre, null=True, blank=True, on_delete=models.PROTECT, related_name="operators"
    )
    is_active = models.BooleanField(default=True)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "pourashava", "ward", "udc_centre"],
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        where = self.ward or self.pourashava or self.udc_centre or "national"
        return f"{self.user} as {self.get_role_display()} ({where})"

    def clean(self) -> None:
        if self.role in NATIONAL_ROLES:
            if self.pourashava_id or self.ward_id or self.udc_centre_id:
                raise ValidationError("National roles are not bound to a pourashava.")
        elif self.role in CENTRE_ROLES:
            if not self.udc_centre_id or self.pourashava_id:
                raise ValidationError("A UDC operator is bound to a centre, not a pourashava.")
        else:
            if not self.pourashava_id:
                raise ValidationError("This role is bound to a pourashava.")
            if self.role in WARD_ROLES and not self.ward_id:
                raise ValidationError("A ward councillor is bound to a ward.")
            if self.ward_id and self.ward.pourashava_id != self.pourashava_id:
                raise ValidationError("The ward is not in this pourashava.")


class OtpPurpose(models.TextChoices):
    LOGIN = "login", "Login"
    CONSENT = "consent", "Assisted-service consent"


class OtpChallenge(models.Model):
    """One code sent to one number for one purpose. Stored hashed; tries counted in the row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mobile = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=16, choices=OtpPurpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField()
    consumed_at = models.DateTimeField(null=True, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client_address", "created_at"], name="otp_address_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.mobile}"


class AssistedSession(models.Model):
    """An operator or counter clerk acting for a citizen who is present and confirmed by OTP."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assisted_sessions")
    udc_centre = models.ForeignKey(UdcCentre, null=True, blank=True, on_delete=models.PROTECT)
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="assisted_sessions")
    challenge = models.OneToOneField(OtpChallenge, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.operator} for {self.citizen}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.confirmed_at and not self.ended_at and self.expires_at and self.expires_at > now
        )


class AssistedAction(models.Model):
    """What was done for a citizen by someone acting on their behalf (append-only)."""

    session = models.ForeignKey(AssistedSession, on_delete=models.PROTECT, related_name="actions")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    udc_centre = models.ForeignKey(UdcCentre, null=True, blank=True, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="assisted_actions")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["pourashava", "-at"], name="assisted_action_tenant_idx"),
            models.Index(fields=["citizen", "-at"], name="assisted_action_citizen_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} for {self.citizen_id} by {self.operator_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Assisted actions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Assisted actions are append-only.")


class AuditEntry(models.Model):
    """Who changed what, when, before and after. Append-only: no update, no delete."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pourashava = models.ForeignKey(
        Pourashava, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    assisted_session = models.ForeignKey(
        AssistedSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["pourashava", "-at"], name="audit_tenant_idx"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")
