"""{% home_sections as sections %}: the home page's sections for the request's user."""

from django import template

from backend.panel.home import home_for

register = template.Library()


@register.simple_tag(takes_context=True)
def home_sections(context) -> list:
    request = context.get("request")
    if request is None or not getattr(request, "user", None):
        return []
    return home_for(request)
