from django.urls import path

from sharing import api, views

app_name = "sharing"

# Browser routes, mounted under /sharing/ by alpr_governance/urls.py.
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("ledger.pdf", views.ledger_pdf, name="ledger_pdf"),
    path("partners/", views.partner_list, name="partner_list"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/revoke", views.agreement_revoke, name="agreement_revoke"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/export", views.disclosure_export, name="disclosure_export"),
]

# JSON API routes, mounted under /api/v1/.
api_urlpatterns = [
    path("sharing/partners", api.PartnersView.as_view(), name="partners"),
    path("sharing/agreements", api.AgreementsView.as_view(), name="agreements"),
    path(
        "sharing/agreements/<int:pk>/revoke",
        api.AgreementRevokeView.as_view(),
        name="agreement_revoke",
    ),
    path("sharing/disclosures", api.DisclosuresView.as_view(), name="disclosures"),
    path(
        "sharing/disclosures/<int:pk>/decision",
        api.DisclosureDecisionView.as_view(),
        name="disclosure_decision",
    ),
    path("sharing/ledger", api.LedgerView.as_view(), name="ledger"),
]
