from django.urls import path

from audits import api, views

app_name = "audits"

# Browser routes, mounted under /audits/ by alpr_governance/urls.py.
urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/progress/", views.cycle_progress, name="cycle_progress"),
    path("cycles/<int:pk>/assign/", views.cycle_assign, name="cycle_assign"),
    path("cycles/<int:pk>/compile/", views.cycle_compile, name="cycle_compile"),
    path("cycles/<int:pk>/items/<int:item_pk>/", views.item_dispose, name="item_dispose"),
    path("cycles/<int:pk>/sign/", views.cycle_sign, name="cycle_sign"),
    path("cycles/<int:pk>/packet/", views.packet_render, name="packet_render"),
    path(
        "cycles/<int:pk>/packets/<int:packet_pk>/",
        views.packet_download,
        name="packet_download",
    ),
    path("cycles/<int:pk>/access-records.csv", views.cycle_export_csv, name="cycle_export_csv"),
]

# JSON API routes, mounted under /api/v1/.
api_urlpatterns = [
    path("audit-cycles", api.CycleListView.as_view(), name="cycle_list"),
    path("audit-cycles/<int:pk>", api.CycleDetailView.as_view(), name="cycle_detail"),
]
