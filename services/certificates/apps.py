from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "services.certificates"
    label = "certificates"
    verbose_name = "Certificates"
