from django.urls import path

from backend.documents.api import PublicKeysApi, VerifyTokenApi

urlpatterns = [
    path("verify/keys/", PublicKeysApi.as_view(), name="document-keys"),
    path("verify/<str:token>/", VerifyTokenApi.as_view(), name="document-verify-api"),
]
