from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("division/", views.division_training, name="division_training"),
    path("records/<int:pk>/verify/", views.record_verify, name="record_verify"),
    path("records/<int:pk>/certificate/", views.certificate, name="certificate"),
]
