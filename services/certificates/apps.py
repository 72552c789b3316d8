from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "services.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from services.certificates import console, home, sharing, uploads, workflow
        from services.certificates.services import fees, issuing, notices

        workflow.register()  # the certificate application kind, for the workflow engine
        fees.register()  # paying the fee moves the application to the councillor
        issuing.register()  # approving issues the signed certificate in the same transaction
        notices.register()  # SMS when returned, approved or issued
        uploads.register()  # the upload purpose for documents handed in with an application
        home.register()  # its queue, by SLA colour, on the clerk panel's home page
        sharing.register()  # certificate validity for agencies (backend/sharing)
        console.register()  # applying for a certificate in the UDC / 333 console
