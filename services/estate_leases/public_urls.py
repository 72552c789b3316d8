"""The plain public page of tender notices and results (mounted at /tenders/)."""

from django.urls import path

from services.estate_leases.views import tenders_page

urlpatterns = [path("", tenders_page, name="estate-public-tenders-page")]
