from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "backend.workflow"
    label = "workflow"
    verbose_name = "Workflow"
