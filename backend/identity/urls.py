from django.urls import include, path

urlpatterns = [
    path("", include("backend.identity.api.urls_auth")),  # auth, me, NID verification
    path("", include("backend.identity.api.urls_staff")),  # staff, roles, assisted service, audit
]
