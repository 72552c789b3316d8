from django.urls import path

from backend.uploads.api import MyUploadFile, MyUploads, UploadPurposes

urlpatterns = [
    path("me/uploads/", MyUploads.as_view(), name="my-uploads"),
    path("me/uploads/<uuid:public_id>/", MyUploadFile.as_view(), name="my-upload-file"),
    path("uploads/purposes/", UploadPurposes.as_view(), name="upload-purposes"),
]
