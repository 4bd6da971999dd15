from django.urls import path

from camera_ingest import api, views
from camera_ingest.vendors import PARSERS as VENDORS

app_name = "camera_ingest"

urlpatterns = [
    path("", views.camera_list, name="camera_list"),
    path("new/", views.camera_create, name="camera_create"),
    path("<int:pk>/", views.camera_detail, name="camera_detail"),
    path("<int:pk>/rotate/", views.camera_rotate, name="camera_rotate"),
    path("<int:pk>/revoke/", views.camera_revoke, name="camera_revoke"),
    path("<int:pk>/enabled/", views.camera_enabled, name="camera_enabled"),
    path("<int:pk>/vendor/", views.camera_vendor, name="camera_vendor"),
    path("dead-letters/", views.dead_letter_list, name="dead_letter_list"),
    path("dead-letters/<int:pk>/", views.dead_letter_detail, name="dead_letter_detail"),
    path("dead-letters/<int:pk>/replay/", views.dead_letter_replay, name="dead_letter_replay"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/", views.hold_detail, name="hold_detail"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
]

api_urlpatterns = [
    path("ingest/reads", api.IngestReadsView.as_view(), name="ingest_reads"),
] + [
    # One fixed route per vendor (no converter: an unknown vendor is the API's JSON 404).
    path(f"ingest/{vendor}", api.IngestVendorView.as_view(), {"vendor": vendor}, f"ingest_{vendor}")
    for vendor in VENDORS
]
