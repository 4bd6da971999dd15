from django.urls import path

from queries import api, views

app_name = "queries"

# Browser routes, mounted under /search/ by alpr_governance/urls.py.
urlpatterns = [
    path("", views.search, name="search"),
    path("check/", views.purpose_check, name="purpose_check"),
    path("<int:pk>/next/", views.search_next, name="search_next"),
    path("history/", views.history, name="history"),
    path("reads/<int:read_id>/", views.read_detail, name="read_detail"),
    path("reads/<int:read_id>/image/<slug:kind>/", views.read_image, name="read_image"),
    path("reads/<int:read_id>/misread/", views.misread_report, name="misread_report"),
    path("misreads/", views.misread_list, name="misread_list"),
    path("misreads/<int:pk>/", views.misread_detail, name="misread_detail"),
    path("misreads/<int:pk>/notice/", views.misread_notice, name="misread_notice"),
    path("misreads/<int:pk>/close/", views.misread_close_view, name="misread_close"),
]

# JSON API routes, mounted under /api/v1/.
api_urlpatterns = [
    path("purpose-categories", api.PurposeCategoriesView.as_view(), name="purpose_categories"),
    path("purpose-checks", api.PurposeChecksView.as_view(), name="purpose_checks"),
    path("searches", api.SearchesView.as_view(), name="searches"),
    path("searches/<int:pk>", api.SearchDetailView.as_view(), name="search_detail"),
    path("searches/<int:pk>/results", api.SearchResultsView.as_view(), name="search_results"),
    path("reads/<int:pk>", api.ReadDetailView.as_view(), name="read_detail"),
    path("reads/<int:pk>/photo", api.ReadPhotoView.as_view(), name="read_photo"),
]
