from django.apps import AppConfig


class CameraIngestConfig(AppConfig):
    name = "camera_ingest"
    default_auto_field = "django.db.models.BigAutoField"
