from django.apps import AppConfig


class WebConfig(AppConfig):
    """Shared page and form code: page mixins, form widgets and helpers, the "salkku" template tags.
    It has no models; domain apps import it, never the reverse (see docs/architecture.md)."""

    name = "web"
