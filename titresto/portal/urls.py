from django.urls import path

from titresto.portal import account_views, journal_views, views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mon-compte/", account_views.account, name="account"),
    path("mon-compte/contacts/<slug:role>/", account_views.contact_edit, name="contact_edit"),
    path("journal-d-activite/", journal_views.journal, name="journal"),
    path("journal-d-activite/export.csv", journal_views.journal_export, name="journal_export"),
]
