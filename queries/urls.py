from django.urls import path

from queries import api

app_name = "queries"

# Browser routes, mounted under /search/ by alpr_governance/urls.py.
urlpatterns = []

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
