from django.urls import path

from accounts import api, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("agency/", views.agency_settings, name="agency_settings"),
    path("agency/divisions/<int:pk>/", views.division_settings, name="division_settings"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/forgot/", views.password_forgot, name="password_forgot"),
    path("sign-in/link/<str:token>/", views.account_link, name="account_link"),
    path("sign-in/second-factor/", views.otp_verify, name="otp_verify"),
    path("sign-in/enrol/", views.otp_enrol, name="otp_enrol"),
    path("account/backup-codes/", views.backup_codes, name="backup_codes"),
    path("sign-out/", views.sign_out, name="logout"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="logout_everywhere"),
    path("security-log/", views.security_log, name="security_log"),
    path("security-log/export.csv", views.security_log_csv, name="security_log_csv"),
    path("users/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
    path("jobs/", views.jobruns, name="jobruns"),
    path("jobs/export.csv", views.jobruns_csv, name="jobruns_csv"),
    path("agreement/", views.agreement, name="agreement"),
    path("agreement/publish/", views.agreement_publish, name="agreement_publish"),
    path("agreement/scans/<int:pk>/", views.agreement_scan, name="agreement_scan"),
    path("agreement/form-110/<int:pk>/", views.agreement_form, name="agreement_form"),
    path("provisioning/", views.provisioning, name="provisioning"),
    path("provisioning/request/", views.access_request, name="access_request"),
    path("provisioning/users/<int:pk>/", views.provision_user, name="provision_user"),
    path("provisioning/users/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("provisioning/reapprovals/", views.reapprovals, name="reapprovals"),
    path("provisioning/reapprovals/<int:pk>/", views.reapproval_decide, name="reapproval_decide"),
    path("provisioning/log/", views.provisioning_log, name="provisioning_log"),
    path("provisioning/log/export.csv", views.provisioning_log_csv, name="provisioning_log_csv"),
    path("oversight/people/", views.oversight_people, name="oversight_people"),
    path("oversight/cameras/", views.oversight_cameras, name="oversight_cameras"),
    path("oversight/holds/", views.oversight_holds, name="oversight_holds"),
]

api_urlpatterns = [
    path("auth/token", api.TokenView.as_view(), name="token"),
    path("me", api.MeView.as_view(), name="me"),
    path("me/access", api.MeAccessView.as_view(), name="me_access"),
    path("divisions", api.DivisionListView.as_view(), name="division_list"),
    path("divisions/<int:pk>", api.DivisionDetailView.as_view(), name="division_detail"),
    path("users", api.UserListView.as_view(), name="user_list"),
    path("users/<int:pk>", api.UserDetailView.as_view(), name="user_detail"),
]
