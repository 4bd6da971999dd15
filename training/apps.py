from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.signals import agency_created
        from training import services

        agency_created.connect(services.courses_create_from_preset, dispatch_uid="training-courses")
