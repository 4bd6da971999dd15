from django.urls import path  # noqa: F401

app_name = "sharing"

# Browser routes, mounted under /sharing/ by alpr_governance/urls.py.
urlpatterns = []

# JSON API routes, mounted under /api/v1/.
api_urlpatterns = []
