from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("division/", views.division_training, name="division_training"),
    path("records/<int:pk>/verify/", views.record_verify, name="record_verify"),
    path("records/<int:pk>/reject/", views.record_reject, name="record_reject"),
    path("records/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/retire/", views.course_retire, name="course_retire"),
    path("courses/<int:pk>/void/", views.course_void, name="course_void"),
    path("courses/<int:pk>/users/", views.course_system_user, name="course_system_user"),
]
