"""Lease routes, mounted under /api/v1/: the staff API (staff/estate/...) and the public
tender notices (public/tenders/)."""

from django.urls import path

from services.estate_leases.api import (
    collections,
    leases,
    properties,
    public,
    reports,
    tenancies,
    tenders,
)

urlpatterns = [
    path("staff/estate/properties/", properties.Properties.as_view(), name="estate-properties"),
    path(
        "staff/estate/properties/<int:property_id>/",
        properties.PropertyDetail.as_view(),
        name="estate-property",
    ),
    path(
        "staff/estate/properties/<int:property_id>/outcomes/",
        properties.PropertyOutcome.as_view(),
        name="estate-property-outcome",
    ),
    path(
        "staff/estate/properties/<int:property_id>/reserve-override/",
        properties.ReserveOverride.as_view(),
        name="estate-reserve-override",
    ),
    path(
        "staff/estate/properties/<int:property_id>/reserve-override/approve/",
        properties.ApproveOverride.as_view(),
        name="estate-reserve-override-approve",
    ),
    path(
        "staff/estate/reserve-prices/compute/",
        properties.ComputeReserves.as_view(),
        name="estate-reserves-compute",
    ),
    path("staff/estate/tenders/", tenders.Calls.as_view(), name="estate-calls"),
    path("staff/estate/tenders/<int:call_id>/", tenders.CallDetail.as_view(), name="estate-call"),
    path(
        "staff/estate/tenders/<int:call_id>/publish/",
        tenders.Publish.as_view(),
        name="estate-call-publish",
    ),
    path(
        "staff/estate/tenders/<int:call_id>/schedule-sales/",
        tenders.ScheduleSale.as_view(),
        name="estate-call-schedule-sale",
    ),
    path("staff/estate/tenders/<int:call_id>/bids/", tenders.Bids.as_view(), name="estate-bids"),
    path("staff/estate/tenders/<int:call_id>/open/", tenders.Open.as_view(), name="estate-open"),
    path(
        "staff/estate/tenders/<int:call_id>/invalidate-bid/",
        tenders.InvalidateBid.as_view(),
        name="estate-invalidate-bid",
    ),
    path("staff/estate/tenders/<int:call_id>/award/", tenders.Award.as_view(), name="estate-award"),
    path("staff/estate/tenders/<int:call_id>/fail/", tenders.Fail.as_view(), name="estate-fail"),
    path("staff/estate/leases/", leases.Leases.as_view(), name="estate-leases"),
    path("staff/estate/leases/<int:lease_id>/", leases.LeaseDetail.as_view(), name="estate-lease"),
    path(
        "staff/estate/leases/<int:lease_id>/agreement/",
        leases.Agreement.as_view(),
        name="estate-lease-agreement",
    ),
    path(
        "staff/estate/leases/<int:lease_id>/security-refund/",
        leases.SecurityRefund.as_view(),
        name="estate-lease-security-refund",
    ),
    path("staff/estate/collections/", collections.Collections.as_view(), name="estate-collections"),
    path("staff/estate/tenancies/", tenancies.Tenancies.as_view(), name="estate-tenancies"),
    path("staff/estate/tenancies/arrears/", tenancies.Arrears.as_view(), name="estate-arrears"),
    path(
        "staff/estate/tenancies/arrears-notices/",
        tenancies.ArrearsNotices.as_view(),
        name="estate-arrears-notices",
    ),
    path("staff/estate/report/", reports.Report.as_view(), name="estate-report"),
    path("public/tenders/", public.PublicTenders.as_view(), name="estate-public-tenders"),
]
