"""Base admin classes: a scoped, audited clerk panel by construction (NetBox's pattern).

Every registered admin inherits `TenantScopedAdmin` (a test and a system check make sure), and
every inline is a `ScopedInline` (editable, decided by the parent's roles) or a `ReadOnlyInline`.
By inheriting, an admin gets:

- its rows limited to the user's pourashava (and ward) by the model's tenancy path
  (backend/panel/tenancy.py), counting only the admin's roles;
- every foreign-key and many-to-many choice list, raw-id field (the typed id is validated against
  the same queryset) and autocomplete limited the same way by the *related* model's tenancy path
  and the roles that may change this admin; national registers stay whole (citizens are offered
  only by typed id or search, never as a list of the nation); a related model with no tenancy
  path offers nothing to local staff;
- foreign-key list filters that list only values present in the scoped rows;
- after every save (form, inline rows, list-editable rows), inside the admin's transaction, a
  re-read through the scoped queryset: a row that landed outside the user's scope rolls the whole
  save back with PermissionDenied; deletes are checked the same way first;
- an audit entry (before, after, actor, client address) for every save and delete made in the
  panel, unless `audit_saves = False` because the admin saves through a service that audits;
- an audit entry, with the client address, for every object a bulk action is run on.

Who may do what is decided by roles (`view_roles`, `change_roles`), not by Django's per-model
permission flags, which staff here do not hold. No roles at all means superusers only."""

import functools

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from backend.identity.audit import record_audit, snapshot
from backend.identity.roles import has_role
from backend.municipality.scoping import scope_of
from backend.panel.tenancy import (
    pourashava_id_of,
    scoped,
    tenancy_of,
    value_at,
)

# Above this many objects a bulk action is logged as one entry with the count, not one per row.
ACTION_AUDIT_ROWS = 200


def _holds(request: HttpRequest, roles: frozenset[str]) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or has_role(user, roles))


class ScopedChoicesMixin:
    """Choice lists, raw-id fields and autocompletes limited by the related model's tenancy
    path. `choice_roles(request)` says under which roles the user picks (the roles that may
    change the record)."""

    def choice_roles(self, request: HttpRequest) -> frozenset[str] | None:
        raise NotImplementedError

    def related_choices(self, db_field, request: HttpRequest) -> QuerySet:
        related = db_field.related_model
        queryset = related._default_manager.all()
        ordering = getattr(self.admin_site._registry.get(related), "ordering", None)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return scoped(queryset, request.user, roles=self.choice_roles(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" in kwargs:  # a subclass narrowed it further: keep it inside the scope
            kwargs["queryset"] = scoped(
                kwargs["queryset"], request.user, roles=self.choice_roles(request)
            )
        else:
            kwargs["queryset"] = self.related_choices(db_field, request)
        path = tenancy_of(db_field.related_model)
        if (
            path is not None
            and path.pick_by_search
            and db_field.name not in self.get_autocomplete_fields(request)
            and db_field.name not in self.raw_id_fields
            and "widget" not in kwargs
        ):
            kwargs["widget"] = ForeignKeyRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" in kwargs:
            kwargs["queryset"] = scoped(
                kwargs["queryset"], request.user, roles=self.choice_roles(request)
            )
        else:
            kwargs["queryset"] = self.related_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def check_in_scope(self, request: HttpRequest, model, pks) -> None:
        """NetBox's post-write check: every row just written must still be reachable through the
        scoped queryset under the roles that may change it, or the transaction is rolled back."""
        pks = {pk for pk in pks if pk is not None}
        if not pks:
            return
        reachable = scoped(
            model._default_manager.filter(pk__in=pks),
            request.user,
            roles=self.choice_roles(request),
        )
        if reachable.count() != len(pks):
            raise PermissionDenied("The saved record is outside your pourashava or ward.")


class TenantScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    # Default from the model's tenancy path; set only to narrow (e.g. "pk" for Pourashava).
    tenant_field: str | None = None
    ward_field: str | None = None
    # Roles that may open these pages, and roles that may also add/change them.
    view_roles: frozenset[str] = frozenset()
    change_roles: frozenset[str] = frozenset()
    allow_delete = False  # records that touch money, ownership or documents are never deleted
    audit_saves = True  # False only where the admin saves through a service that audits

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        path = tenancy_of(model)
        if path is not None and not path.national and not path.many:
            self.tenant_field = self.tenant_field or path.pourashava
            if self.ward_field is None:
                self.ward_field = path.ward

    # Scope ----------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        return scoped(
            super().get_queryset(request),
            request.user,
            roles=self.view_roles | self.change_roles or None,
        )

    def choice_roles(self, request: HttpRequest) -> frozenset[str] | None:
        return self.change_roles or None

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = _autocomplete_source(self.admin_site, request)
        if source is not None:
            # The autocomplete answers for one form field: offer what that field accepts.
            source_admin, db_field = source
            allowed = source_admin.related_choices(db_field, request)
            queryset = queryset.filter(pk__in=allowed.values("pk"))
        if not queryset.ordered:
            # Autocomplete pages this queryset as it is: a stable order keeps pages from
            # repeating or skipping rows (the changelist re-orders it anyway).
            queryset = queryset.order_by("pk")
        return queryset, may_have_duplicates

    def get_list_filter(self, request):
        return [_related_only(self.model, entry) for entry in super().get_list_filter(request)]

    # Roles ----------------------------------------------------------------------------------

    def _holds(self, request: HttpRequest, roles: frozenset[str]) -> bool:
        return _holds(request, roles)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._holds(request, self.view_roles | self.change_roles)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._holds(request, self.view_roles | self.change_roles):
            return False
        return obj is None or self._in_scope(request, obj, self.view_roles | self.change_roles)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._holds(request, self.change_roles)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._holds(request, self.change_roles):
            return False
        return obj is None or self._in_scope(request, obj, self.change_roles)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allow_delete and self.has_change_permission(request, obj)

    def _in_scope(self, request: HttpRequest, obj, roles: frozenset[str]) -> bool:
        path = tenancy_of(self.model)
        if path is not None and path.national:
            return True
        if path is None or path.many or self.tenant_field is None:
            return scoped(
                self.model._default_manager.filter(pk=obj.pk), request.user, roles=roles or None
            ).exists()
        scope = scope_of(request.user, roles or None)
        pourashava_id = value_at(obj, self.tenant_field)
        ward_id = value_at(obj, self.ward_field) if self.ward_field else None
        return scope.covers(pourashava_id, ward_id)

    # After a save, inside the admin's transaction -------------------------------------------

    def save_model(self, request, obj, form, change):
        if self.audit_saves:
            obj._panel_before = _snapshot_of(type(obj), obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if self.audit_saves and obj.pk is not None:
            before, after = getattr(obj, "_panel_before", None), _full_snapshot(obj)
            if not change or before != after:  # inline rows alone are logged as themselves
                _audit(request, obj, "update" if change else "create", before, after)

    def save_formset(self, request, form, formset, change):
        befores, deleting = {}, []
        if self.audit_saves:
            for inline_form in formset.initial_forms:
                pk = inline_form.instance.pk
                if pk is not None and (inline_form.has_changed() or _deleting(inline_form)):
                    befores[pk] = (
                        _snapshot_of(formset.model, pk),
                        pourashava_id_of(inline_form.instance),
                    )
                    if _deleting(inline_form):
                        deleting.append(pk)
        super().save_formset(request, form, formset, change)
        if self.audit_saves:
            for row in formset.new_objects:
                _audit(request, row, "create", None, snapshot(row))
            for row, _changed in formset.changed_objects:
                _audit(request, row, "update", befores[row.pk][0], snapshot(row))
            gone = set(deleting) - set(
                formset.model._default_manager.filter(pk__in=deleting).values_list("pk", flat=True)
            )
            for pk in gone:
                _audit_deleted(request, formset.model, *befores[pk])

    def construct_change_message(self, request, form, formsets, add=False):
        # Called after the object, its many-to-many fields and its inline rows are saved, still
        # inside the transaction: the place for NetBox's "is what was saved in scope?" check.
        for formset in formsets or ():
            rows = [*formset.new_objects, *(row for row, _ in formset.changed_objects)]
            self.check_in_scope(request, formset.model, [row.pk for row in rows])
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        self.check_in_scope(request, type(obj), [obj.pk])
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.check_in_scope(request, type(obj), [obj.pk])
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        self.check_in_scope(request, type(obj), [obj.pk])
        before = (_full_snapshot(obj), pourashava_id_of(obj))
        super().delete_model(request, obj)
        if self.audit_saves:
            _audit_deleted(request, type(obj), *before)

    def delete_queryset(self, request, queryset):
        rows = list(queryset)
        self.check_in_scope(request, self.model, [row.pk for row in rows])
        befores = [(_full_snapshot(row), pourashava_id_of(row)) for row in rows]
        super().delete_queryset(request, queryset)
        if self.audit_saves:
            for before in befores:
                _audit_deleted(request, self.model, *before)

    # Bulk actions -----------------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (_audited_action(func, name), name, description)
            for name, (func, name, description) in actions.items()
        }


class ScopedInline(ScopedChoicesMixin, InlineModelAdmin):
    """An editable inline decided like its parent: whoever may view the parent sees the rows,
    whoever may change it adds and changes rows (Django's per-model permission flags, which
    staff do not hold, are not asked). Rows and their choice lists are scoped by the inline
    model's and the related models' tenancy paths; the parent admin audits and checks the rows
    after saving. Rows are deleted only where `allow_delete` says so."""

    extra = 0
    allow_delete = False

    def _parent(self) -> TenantScopedAdmin | None:
        return self.admin_site._registry.get(self.parent_model)

    def choice_roles(self, request: HttpRequest) -> frozenset[str] | None:
        parent = self._parent()
        return parent.choice_roles(request) if parent is not None else frozenset()

    def get_queryset(self, request: HttpRequest):
        parent = self._parent()
        roles = (parent.view_roles | parent.change_roles or None) if parent else frozenset()
        return scoped(super().get_queryset(request), request.user, roles=roles)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        parent = self._parent()
        return parent is not None and parent.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        parent = self._parent()
        return parent is not None and parent.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        parent = self._parent()
        return parent is not None and parent.has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allow_delete and self.has_change_permission(request, obj)


class ScopedTabularInline(ScopedInline):
    template = admin.TabularInline.template


class ScopedStackedInline(ScopedInline):
    template = admin.StackedInline.template


class ReadOnlyInline(ScopedTabularInline):
    """A record's parts shown read-only on its page (lines, history, attachments). Whoever may
    view the parent sees them: roles and scope, not Django's per-model permission flags."""

    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# Helpers ------------------------------------------------------------------------------------


def _related_only(model, entry):
    """A foreign-key list filter named by its field lists every row of the related table (other
    pourashavas' wards too); list only the values present in the scoped rows instead."""
    if isinstance(entry, str):
        try:
            field = get_fields_from_path(model, entry)[-1]
        except Exception:
            return entry
        if field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
    if isinstance(entry, tuple) and entry[1] is admin.RelatedFieldListFilter:
        return (entry[0], admin.RelatedOnlyFieldListFilter)
    return entry


def _autocomplete_source(admin_site, request: HttpRequest):
    """(admin that owns the form field, the field) when this search answers an autocomplete."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    from django.apps import apps

    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        db_field = model._meta.get_field(request.GET["field_name"])
    except Exception:
        raise PermissionDenied from None
    owner = admin_site._registry.get(model)
    if owner is None:  # an inline's field: find the admin that shows the inline
        for parent in admin_site._registry.values():
            for inline in parent.get_inline_instances(request):
                if inline.model is model and isinstance(inline, ScopedChoicesMixin):
                    owner = inline
                    break
            if owner is not None:
                break
    if not isinstance(owner, ScopedChoicesMixin):
        raise PermissionDenied
    return owner, db_field


def _deleting(form) -> bool:
    return bool(getattr(form, "cleaned_data", None) and form.cleaned_data.get("DELETE"))


def _snapshot_of(model, pk) -> dict | None:
    row = model._default_manager.filter(pk=pk).first()
    return _full_snapshot(row) if row is not None else None


def _full_snapshot(obj: models.Model) -> dict:
    """Concrete fields, and many-to-many fields as sorted id lists."""
    data = snapshot(obj)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def _audit(request: HttpRequest, obj: models.Model, verb: str, before, after) -> None:
    record_audit(
        actor=request.user,
        action=f"{obj._meta.model_name}.{verb}",
        obj=obj,
        pourashava=pourashava_id_of(obj),
        before=before,
        after=after,
        request=request,
    )


def _audit_deleted(
    request: HttpRequest, model, before: dict | None, pourashava_id: int | None
) -> None:
    if not before:
        return
    record_audit(
        actor=request.user,
        action=f"{model._meta.model_name}.delete",
        object_type=model._meta.label_lower,
        object_id=before[model._meta.pk.attname],
        pourashava=pourashava_id,
        before=before,
        request=request,
    )


def _audited_action(func, name: str):
    @functools.wraps(func)
    def run(modeladmin, request, queryset):
        # The selection is read before the action runs: the action may move rows out of the
        # changelist's filter (a claim decided is no longer "pending").
        pks = list(queryset.values_list("pk", flat=True)[: ACTION_AUDIT_ROWS + 1])
        count = len(pks) if len(pks) <= ACTION_AUDIT_ROWS else queryset.count()
        response = func(modeladmin, request, queryset)
        if name != "delete_selected" or request.POST.get("post"):  # not the confirmation page
            _audit_action(modeladmin, request, pks, count, name)
        return response

    return run


def _audit_action(modeladmin, request: HttpRequest, pks: list, count: int, name: str) -> None:
    """Who ran which bulk action on what, from which address: one entry per object, or one
    with the count for a very large selection."""
    model = modeladmin.model
    action = f"{model._meta.model_name}.action.{name}"[:80]
    if count > ACTION_AUDIT_ROWS:
        record_audit(
            actor=request.user,
            action=action,
            object_type=model._meta.label_lower,
            object_id="selection",
            after={"action": name, "count": count},
            request=request,
        )
        return
    for row in model._default_manager.filter(pk__in=pks):
        record_audit(
            actor=request.user,
            action=action,
            obj=row,
            pourashava=pourashava_id_of(row),
            after={"action": name},
            request=request,
        )
