from django.urls import path

from titresto.accounts import activation_views, views
from titresto.accounts.security import views as security_views

app_name = "accounts"
urlpatterns = [
    path("connexion/", security_views.login, name="login"),
    path("connexion/code/", security_views.login_code, name="login_code"),
    path("deconnexion/", security_views.logout, name="logout"),
    path("changer-de-compte/", views.switch_client, name="switch_client"),
    path("securite/", security_views.security, name="security"),
    path("securite/mot-de-passe/", security_views.password_change, name="password_change"),
    path("securite/double-authentification/", security_views.totp_enrol, name="totp_enrol"),
    path(
        "securite/double-authentification/demarrer/",
        security_views.totp_start,
        name="totp_start",
    ),
    path(
        "securite/double-authentification/desactiver/",
        security_views.totp_disable,
        name="totp_disable",
    ),
    path("mot-de-passe-oublie/", security_views.password_reset, name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        security_views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        security_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        security_views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("activer/", activation_views.activation_request, name="activation_request"),
    path("activer/<str:token>/", activation_views.activate, name="activate"),
]
