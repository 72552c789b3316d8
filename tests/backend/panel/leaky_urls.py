"""A throwaway admin site for the tests that prove the checks can fail: admins written the way a
hurried developer might, without the scoped base (or with a save that moves a row elsewhere)."""

from django.contrib import admin
from django.urls import path

from backend.panel.base import TenantScopedAdmin
from backend.urls import urlpatterns as project_urls
from services.holding_tax.admin.registers import ExemptionAdmin
from services.holding_tax.models import Exemption
from services.property.models import Holding


class ForgetfulHoldingAdmin(admin.ModelAdmin):
    """Lets staff in, like the real admins, but does not inherit the scoped base."""

    search_fields = ["number"]

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


class ForgetfulExemptionAdmin(ForgetfulHoldingAdmin):
    raw_id_fields = ["holding"]

    def has_add_permission(self, request):
        return request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff


class MovingExemptionAdmin(ExemptionAdmin):
    """The real exemption admin with a save that puts the row in another pourashava (as a bug
    deriving the pourashava from the wrong place would): the post-save check must roll it back."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        from backend.municipality.models import Pourashava

        Exemption.objects.filter(pk=obj.pk).update(
            pourashava=Pourashava.objects.exclude(pk=obj.pourashava_id).order_by("pk").first()
        )


leaky_site = admin.AdminSite(name="leaky")
leaky_site.register(Holding, ForgetfulHoldingAdmin)
leaky_site.register(Exemption, ForgetfulExemptionAdmin)

moving_site = admin.AdminSite(name="moving")
moving_site.register(Exemption, MovingExemptionAdmin)
moving_site.register(Holding, type("HoldingAdmin", (TenantScopedAdmin,), {}))

urlpatterns = [
    path("leaky/", leaky_site.urls),
    path("moving/", moving_site.urls),
    *project_urls,
]
