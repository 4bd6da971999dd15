from django.apps import AppConfig


class CameraIngestConfig(AppConfig):
    name = "camera_ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from camera_ingest import schema  # noqa: F401  (registers the OpenAPI auth extension)
