"""Tender calls and bids in the panel: the estate officer makes a call (the properties of the
lease year with their reserves), publishes it and records each sealed bid as it is handed in;
the tender committee opens the bids after the deadline and awards each property to the highest
valid bid at or above the reserve. Every step goes through the same services as the API."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.identity.services import login_citizen
from backend.municipality.scoping import restrict
from backend.panel.base import TenantScopedAdmin
from services.estate_leases import access
from services.estate_leases.admin.common import each, in_form
from services.estate_leases.models import Bid, CallStatus, ItemStatus, Property, TenderCall
from services.estate_leases.services import awards, tenders


class CallForm(forms.ModelForm):
    properties = forms.ModelMultipleChoiceField(
        queryset=Property.objects.none(), label=_("properties")
    )

    class Meta:
        model = TenderCall
        fields = ["pourashava", "year", "schedule_price", "sale_until", "deadline", "opening_at"]

    def clean(self):
        data = super().clean()
        if self.errors or self.instance.pk:
            return data
        codes = tuple(p.code for p in data["properties"])
        self.created = in_form(
            lambda: tenders.create_call(
                pourashava=data["pourashava"],
                data=tenders.CallInput(
                    year=data["year"],
                    property_codes=codes,
                    sale_until=data["sale_until"],
                    deadline=data["deadline"],
                    opening_at=data["opening_at"],
                    schedule_price=data["schedule_price"],
                ),
                actor=self.user,
            )
        )
        return data


@admin.register(TenderCall)
class TenderCallAdmin(TenantScopedAdmin):
    view_roles = access.VIEWERS
    change_roles = access.OFFICERS | access.COMMITTEE
    audit_saves = False  # saved through the tender services, which audit
    list_display = ["number", "pourashava", "year", "call_no", "status", "deadline", "opening_at"]
    list_filter = ["status", "year"]
    search_fields = ["number"]
    actions = ["publish", "open_bids", "award_winners"]
    readonly_fields = ["comparative_statement", "notice_bn", "notice_en", "status", "number"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change, **kwargs)
        form = super().get_form(request, obj, change, form=CallForm, **kwargs)
        form.base_fields["properties"].queryset = restrict(
            Property.objects.all(), request.user, roles=access.OFFICERS
        )

        class WithUser(form):
            user = request.user

        return WithUser

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # The page of a call is read-only: it changes only by the actions.
        return super().has_change_permission(request, obj) and obj is None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.pk = form.created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass

    @admin.display(description=_("comparative statement"))
    def comparative_statement(self, obj):
        rows = []
        for item in tenders.comparative_statement(obj):
            rows.append(
                (
                    f"{item['property']} {item['name_en']}",
                    item["reserve"],
                    ItemStatus(item["status"]).label,
                    item["schedules_sold"],
                    "; ".join(
                        f"#{b['rank']} {b['bidder_name']} {b['amount']}"
                        + ("" if b["valid"] else f" ({b['invalid_reason']})")
                        for b in item["bids"]
                    )
                    or (gettext("sealed") if obj.opened_at is None else "-"),
                )
            )
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            gettext("property"),
            gettext("reserve price"),
            gettext("status"),
            gettext("schedules sold"),
            gettext("bids"),
            body,
        )

    @admin.action(description=_("Publish the call (notice in Bangla and English)"))
    def publish(self, request, queryset):
        each(
            self,
            request,
            queryset,
            lambda call: tenders.publish(call=call, actor=request.user),
            gettext("Calls published: %(count)s."),
        )

    @admin.action(description=_("Open the bids (after the deadline)"))
    def open_bids(self, request, queryset):
        each(
            self,
            request,
            queryset,
            lambda call: tenders.open_bids(call=call, actor=request.user),
            gettext("Calls opened: %(count)s."),
        )

    @admin.action(description=_("Award each property to its highest valid bid"))
    def award_winners(self, request, queryset):
        def run(call):
            if call.status != CallStatus.OPENED:
                tenders.open_bids(call=call, actor=request.user)  # refuses before the deadline
            for item in call.items.filter(status=ItemStatus.OPEN).select_related("property"):
                awards.award(call=call, code=item.property.code, actor=request.user)

        each(self, request, queryset, run, gettext("Calls awarded: %(count)s."))


class BidForm(forms.ModelForm):
    property_code = forms.CharField(max_length=30, label=_("property code"))
    mobile = forms.CharField(max_length=20, label=_("bidder's mobile"))

    class Meta:
        model = Bid
        fields = [
            "call",
            "bidder_name",
            "amount",
            "earnest_amount",
            "security_amount",
            "instrument_ref",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data

        def run():
            bidder, _ = login_citizen(mobile=data["mobile"])
            return tenders.submit_bid(
                call=data["call"],
                data=tenders.BidInput(
                    property_code=data["property_code"],
                    bidder=bidder,
                    bidder_name=data["bidder_name"],
                    amount=data["amount"],
                    earnest_amount=data["earnest_amount"],
                    security_amount=data["security_amount"],
                    instrument_ref=data.get("instrument_ref", ""),
                ),
                actor=self.user,
            )

        self.created = in_form(run)
        return data


@admin.register(Bid)
class BidAdmin(TenantScopedAdmin):
    """Bids as they are handed in; amounts stay sealed until the committee opens the call."""

    view_roles = access.OFFICERS | access.COMMITTEE | access.APPROVERS
    change_roles = access.OFFICERS
    audit_saves = False  # recorded through submit_bid, which audits
    list_display = ["call", "item", "bidder_name", "submitted_at", "shown_amount", "rank", "valid"]
    list_filter = ["call"]

    @admin.display(description=_("bid amount"))
    def shown_amount(self, obj):
        return obj.amount if obj.call.opened_at else gettext("sealed")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change, **kwargs)
        form = super().get_form(request, obj, change, form=BidForm, **kwargs)

        class WithUser(form):
            user = request.user

        return WithUser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and obj is None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.pk = form.created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass
