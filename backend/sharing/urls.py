"""The agency API, mounted at /api/gov/v1/ (backend/urls.py)."""

from django.urls import path
from oauth2_provider.views import TokenView

from backend.sharing.api.gov import BatchView, DatasetsView, LookupView

urlpatterns = [
    # OAuth2 client credentials (RFC 6749 §4.4): its answers are the RFC's, not the API's.
    path("token/", TokenView.as_view(), name="gov-token"),
    path("datasets/", DatasetsView.as_view(), name="gov-datasets"),
    path("datasets/<str:dataset>/lookup/", LookupView.as_view(), name="gov-lookup"),
    path("datasets/<str:dataset>/batch/", BatchView.as_view(), name="gov-batch"),
]
