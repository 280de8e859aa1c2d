from django.urls import path

from titresto.portal import account_views, views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mon-compte/", account_views.account, name="account"),
    path("mon-compte/contacts/<slug:role>/", account_views.contact_edit, name="contact_edit"),
]
