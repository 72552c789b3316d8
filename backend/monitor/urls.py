"""The revenue monitor's pages (mounted at /monitor/)."""

from django.urls import path

from backend.monitor import views

app_name = "monitor"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/", views.indicators, name="indicators"),
    path("p/<int:pk>/", views.pourashava, name="pourashava"),
    path("p/<int:pk>/w/<str:ward_key>/", views.ward, name="ward"),
]
