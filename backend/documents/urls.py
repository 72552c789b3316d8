from django.urls import path

from backend.documents.views import verify_page

urlpatterns = [
    path("<str:token>", verify_page, name="document-verify"),
    path("<str:token>/", verify_page),
]
