from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CameraSecretScheme(OpenApiAuthenticationExtension):
    target_class = "camera_ingest.authentication.CameraSecretAuthentication"
    name = "cameraSecret"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The camera's secret (cam_…), shown once when the camera is registered.",
        }
