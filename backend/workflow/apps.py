from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "backend.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from backend.workflow.admin import VIEW_ROLES
        from backend.workflow.home import register_other_applications

        # Kinds no service placed on the home page still show there, as "Other applications".
        register_other_applications(VIEW_ROLES)
