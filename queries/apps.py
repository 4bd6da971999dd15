from django.apps import AppConfig


class QueriesConfig(AppConfig):
    name = "queries"
    default_auto_field = "django.db.models.BigAutoField"
