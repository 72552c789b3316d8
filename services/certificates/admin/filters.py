"""List filters of the applications panel: by workflow state, late (red) or not, and SLA colour."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.workflow.definitions import workflow_for
from services.certificates.sla import COLOUR_LABELS, Colour, ids_coloured, late_condition
from services.certificates.workflow import KIND


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(s.code, s.label.render()) for s in workflow_for(KIND).states]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(application__state=value) if value else queryset


class LateFilter(admin.SimpleListFilter):
    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", _("Late")), ("0", _("Not late"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(late_condition())
        if self.value() == "0":
            return queryset.exclude(late_condition())
        return queryset


class SlaFilter(admin.SimpleListFilter):
    """The colour the list's SLA badge shows now (services/certificates/sla.py): the home
    page's counts link here. Kept last in list_filter, so it colours only the rows left."""

    title = _("SLA")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return [(colour.value, COLOUR_LABELS[colour].render()) for colour in Colour]

    def queryset(self, request, queryset):
        if self.value() not in set(Colour):
            return queryset
        return queryset.filter(pk__in=ids_coloured(queryset, Colour(self.value()), timezone.now()))
