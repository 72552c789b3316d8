"""List filters of the applications panel: by workflow state, and late (red) or not."""

from django.contrib import admin

from backend.workflow.definitions import workflow_for
from services.certificates.sla import late_condition
from services.certificates.workflow import KIND


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(s.code, s.label.render()) for s in workflow_for(KIND).states]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(application__state=value) if value else queryset


class LateFilter(admin.SimpleListFilter):
    title = "late"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", "Late"), ("0", "Not late")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(late_condition())
        if self.value() == "0":
            return queryset.exclude(late_condition())
        return queryset
