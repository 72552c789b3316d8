"""Identity: one account per person (citizen or staff), roles, OTP, consent and audit."""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.text import in_language
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

    username = models.CharField(max_length=64, unique=True, verbose_name=_("username"))
    full_name = models.CharField(max_length=150, blank=True, verbose_name=_("full name"))
    full_name_bn = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("Name in Bangla, printed on Bangla documents."),
        verbose_name=_("full name (Bangla)"),
    )
    is_staff = models.BooleanField(
        default=False, help_text=_("Can log in to the admin panel."), verbose_name=_("staff")
    )
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    date_joined = models.DateTimeField(default=timezone.now, verbose_name=_("joined"))
    preferred_language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The clerk panel's language, chosen with the switch in its header; "
            "empty: not chosen yet (Bangla)."
        ),
        verbose_name=_("panel language"),
    )
    token_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_(
            "Raised when the password changes, the account is deactivated or a role is "
            "withdrawn: login tokens carrying an older version are refused at once."
        ),
        verbose_name=_("login token version"),
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return in_language(self.full_name, self.full_name_bn) or self.username

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_removed = True

    def save(self, *args, **kwargs) -> None:
        # A new (or removed) password or a deactivation ends every login token issued before
        # it (set_password keeps the new one in _password until saved; a hash upgrade on login
        # clears it first, so it revokes nothing). Roles withdrawn: backend/identity/revocation.
        changed = self._password is not None or getattr(self, "_password_removed", False)
        self._password_removed = False
        if self.pk is not None and (changed or not self.is_active):
            self.token_version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "token_version"}
        super().save(*args, **kwargs)


class Citizen(models.Model):
    """A person served by any pourashava: national, not tenant-owned."""

    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="citizen", verbose_name=_("user")
    )
    mobile = models.CharField(
        max_length=11, unique=True, help_text=_("Normalised 01XXXXXXXXX."), verbose_name=_("mobile")
    )
    name_en = models.CharField(max_length=150, blank=True, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, blank=True, verbose_name=_("name (Bangla)"))
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
    date_of_birth = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    nid = models.CharField(
        max_length=17,
        null=True,
        blank=True,
        unique=True,
        help_text=_("10 or 17 digits; a 13-digit NID is stored as 17 (birth year prefixed)."),
        verbose_name=_("NID"),
    )
    birth_registration_number = models.CharField(
        max_length=17,
        null=True,
        blank=True,
        unique=True,
        verbose_name=_("birth registration number"),
    )
    present_address = models.TextField(blank=True, verbose_name=_("present address"))
    permanent_address = models.TextField(blank=True, verbose_name=_("permanent address"))
    nid_verified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("NID verified"))
    nid_verified_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("NID verified by"),
    )
    nid_verification_source = models.CharField(
        max_length=30, blank=True, verbose_name=_("NID verified through")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        name = in_language(self.name_en, self.name_bn) or gettext("Citizen")
        return f"{name} ({self.mobile})"


class Role(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor")
    REVENUE_CLERK = "revenue_clerk", _("Revenue clerk")
    CASHIER = "cashier", _("Cashier")
    WATER_SUPERINTENDENT = "water_superintendent", _("Water superintendent")
    METER_READER = "meter_reader", _("Meter reader")
    LICENCE_INSPECTOR = "licence_inspector", _("Licence inspector")
    LICENCE_OFFICER = "licence_officer", _("Licence officer")
    CERTIFICATE_OFFICER = "certificate_officer", _("Certificate officer")
    WARD_COUNCILLOR = "ward_councillor", _("Ward councillor")
    SECRETARY = "secretary", _("Secretary")
    MAYOR = "mayor", _("Mayor / administrator")
    ESTATE_OFFICER = "estate_officer", _("Estate officer")
    TENDER_COMMITTEE = "tender_committee", _("Tender committee member")
    LEASE_COLLECTOR = "lease_collector", _("Lease collector")
    UDC_OPERATOR = "udc_operator", _("UDC operator")
    CALL_AGENT = "call_agent", _("333 call-centre agent")
    DISTRICT_VIEWER = "district_viewer", _("District viewer")
    NATIONAL_VIEWER = "national_viewer", _("National viewer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles bound to one ward of their pourashava.
WARD_ROLES = frozenset({Role.WARD_COUNCILLOR})
# Roles not bound to one pourashava: UDC operators follow their centre; national roles see all.
NATIONAL_ROLES = frozenset({Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN})
# The 333 call centre is a centre too (one serving every pourashava): its agents take no cash.
CENTRE_ROLES = frozenset({Role.UDC_OPERATOR, Role.CALL_AGENT})
# Roles bound to a district (by its English name, as Pourashava.district_en spells it).
DISTRICT_ROLES = frozenset({Role.DISTRICT_VIEWER})


class UdcCentre(models.Model):
    """A Union Digital Centre; it may serve citizens of several pourashavas."""

    code = models.CharField(max_length=20, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    district_en = models.CharField(max_length=60, blank=True, verbose_name=_("district (English)"))
    upazila_en = models.CharField(max_length=60, blank=True, verbose_name=_("upazila (English)"))
    pourashavas = models.ManyToManyField(
        Pourashava, related_name="udc_centres", verbose_name=_("pourashavas")
    )
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    description = models.TextField(
        blank=True,
        help_text=_("Provenance of this record; demo values are marked as such."),
        verbose_name=_("description"),
    )

    class Meta:
        verbose_name = _("UDC centre")
        verbose_name_plural = _("UDC centres")

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.code})"


class RoleAssignment(models.Model):
    """What a staff member may do, and where. Checked by role, not by Django's model flags."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    role = models.CharField(max_length=32, choices=Role.choices, verbose_name=_("role"))
    pourashava = models.ForeignKey(
        Pourashava,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_roles",
        verbose_name=_("pourashava"),
    )
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ward"),
    )
    udc_centre = models.ForeignKey(
        UdcCentre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
        verbose_name=_("UDC centre"),
    )
    district_en = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Only for a district viewer: the district, as the pourashavas name it."),
        verbose_name=_("district"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    granted_at = models.DateTimeField(default=timezone.now, verbose_name=_("granted"))
    granted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "pourashava", "ward", "udc_centre", "district_en"],
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        where = self.ward or self.pourashava or self.udc_centre or gettext("national")
        return gettext("%(user)s as %(role)s (%(where)s)") % {
            "user": self.user,
            "role": self.get_role_display(),
            "where": where,
        }

    def clean(self) -> None:
        if self.role in NATIONAL_ROLES:
            if self.pourashava_id or self.ward_id or self.udc_centre_id:
                raise ValidationError("National roles are not bound to a pourashava.")
        elif self.role in DISTRICT_ROLES:
            if not self.district_en or self.pourashava_id or self.ward_id or self.udc_centre_id:
                raise ValidationError("A district viewer is bound to a district only.")
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
    LOGIN = "login", _("Login")
    CONSENT = "consent", _("Assisted-service consent")
    # A 333 call: the citizen is on the phone, not in front of the operator.
    PHONE_CONSENT = "phone_consent", _("Consent on a 333 call")
    # The citizen, in the app, lets an agency see their personal fields.
    AGENCY_CONSENT = "agency_consent", _("Consent to an agency")


class OtpChallenge(models.Model):
    """One code sent to one number for one purpose. Stored hashed; tries counted in the row."""

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID")
    )
    mobile = models.CharField(max_length=11, db_index=True, verbose_name=_("mobile"))
    purpose = models.CharField(max_length=16, choices=OtpPurpose.choices, verbose_name=_("purpose"))
    code_hash = models.CharField(max_length=128, verbose_name=_("code hash"))
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    max_attempts = models.PositiveSmallIntegerField(verbose_name=_("maximum attempts"))
    consumed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("used"))
    client_address = models.GenericIPAddressField(
        null=True, blank=True, verbose_name=_("client address")
    )

    class Meta:
        verbose_name = _("OTP challenge")
        verbose_name_plural = _("OTP challenges")
        indexes = [models.Index(fields=["client_address", "created_at"], name="otp_address_idx")]

    def __str__(self) -> str:
        return gettext("%(purpose)s code for %(mobile)s") % {
            "purpose": self.get_purpose_display(),
            "mobile": self.mobile,
        }


class AssistedSession(models.Model):
    """An operator or counter clerk acting for a citizen who is present and confirmed by OTP."""

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID")
    )
    operator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="assisted_sessions", verbose_name=_("operator")
    )
    udc_centre = models.ForeignKey(
        UdcCentre, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("UDC centre")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.PROTECT,
        related_name="assisted_sessions",
        verbose_name=_("citizen"),
    )
    challenge = models.OneToOneField(
        OtpChallenge, on_delete=models.PROTECT, related_name="+", verbose_name=_("OTP challenge")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended"))

    class Meta:
        verbose_name = _("assisted session")
        verbose_name_plural = _("assisted sessions")

    def __str__(self) -> str:
        return gettext("%(operator)s for %(citizen)s") % {
            "operator": self.operator,
            "citizen": self.citizen,
        }

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.confirmed_at and not self.ended_at and self.expires_at and self.expires_at > now
        )


class AssistedAction(models.Model):
    """What was done for a citizen by someone acting on their behalf (append-only)."""

    session = models.ForeignKey(
        AssistedSession,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("assisted session"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    operator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )
    udc_centre = models.ForeignKey(
        UdcCentre, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("UDC centre")
    )
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.PROTECT,
        related_name="assisted_actions",
        verbose_name=_("citizen"),
    )
    action = models.CharField(max_length=80, verbose_name=_("action"))
    object_type = models.CharField(max_length=80, blank=True, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object ID"))
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("time"))

    class Meta:
        verbose_name = _("assisted action")
        verbose_name_plural = _("assisted actions")
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

    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("time"))
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    pourashava = models.ForeignKey(
        Pourashava,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pourashava"),
    )
    action = models.CharField(max_length=80, verbose_name=_("action"))
    object_type = models.CharField(max_length=80, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, verbose_name=_("object ID"))
    before = models.JSONField(null=True, blank=True, verbose_name=_("before"))
    after = models.JSONField(null=True, blank=True, verbose_name=_("after"))
    assisted_session = models.ForeignKey(
        AssistedSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assisted session"),
    )
    client_address = models.GenericIPAddressField(
        null=True, blank=True, verbose_name=_("client address")
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["pourashava", "-at"], name="audit_tenant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")


class SecurityNotice(models.Model):
    """A message for a pourashava's secretary and mayor (and national administrators when no
    pourashava is concerned), shown in the clerk panel: e.g. a staff username locked after
    repeated wrong passwords. Written in both languages when raised."""

    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("time"))
    pourashava = models.ForeignKey(
        Pourashava,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pourashava"),
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    message_en = models.TextField(verbose_name=_("message (English)"))
    message_bn = models.TextField(verbose_name=_("message (Bangla)"))
    client_address = models.GenericIPAddressField(
        null=True, blank=True, verbose_name=_("client address")
    )

    class Meta:
        verbose_name = _("security notice")
        verbose_name_plural = _("security notices")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["pourashava", "-at"], name="notice_tenant_idx")]

    def __str__(self) -> str:
        return f"{in_language(self.message_en, self.message_bn)[:60]} ({date_format(self.at)})"
