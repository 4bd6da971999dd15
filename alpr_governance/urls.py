"""Root URLconf. Each app contributes `urlpatterns` (browser) and `api_urlpatterns` (/api/v1/)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts import urls as accounts_urls
from accounts.views import health
from audits import urls as audits_urls
from camera_ingest import urls as camera_ingest_urls
from queries import urls as queries_urls
from sharing import urls as sharing_urls

api_v1 = [
    path("", include((accounts_urls.api_urlpatterns, "accounts_api"))),
    path("", include((camera_ingest_urls.api_urlpatterns, "camera_ingest_api"))),
    path("", include((queries_urls.api_urlpatterns, "queries_api"))),
    path("", include((audits_urls.api_urlpatterns, "audits_api"))),
    path("", include((sharing_urls.api_urlpatterns, "sharing_api"))),
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="schema",
    ),
]

urlpatterns = [
    path("", include("accounts.urls")),
    path("cameras/", include("camera_ingest.urls")),
    path("training/", include("training.urls")),
    path("search/", include("queries.urls")),
    path("audits/", include("audits.urls")),
    path("sharing/", include("sharing.urls")),
    path("healthz", health, name="health"),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", admin.site.urls),
]

handler404 = "alpr_governance.api_errors.handler404"
handler403 = "alpr_governance.api_errors.handler403"
handler400 = "alpr_governance.api_errors.handler400"
handler500 = "alpr_governance.api_errors.handler500"
