from django.urls import path, re_path

from titresto.accounts import access_views, activation_views, profile_views, views
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
    path("acces/", access_views.access_index, name="access_list"),
    path("acces/inviter/", access_views.access_invite_view, name="access_invite"),
    path(
        "acces/options/",
        access_views.client_options,
        name="client_options",
    ),
    path("acces/profils/", profile_views.profile_index, name="profile_list"),
    path("acces/profils/nouveau/", profile_views.profile_new, name="profile_new"),
    re_path(
        r"^acces/profils/(?P<profile_id>[0-9]{1,18})/$",
        profile_views.profile_edit,
        name="profile_edit",
    ),
    re_path(
        r"^acces/profils/(?P<profile_id>[0-9]{1,18})/supprimer/$",
        profile_views.profile_remove,
        name="profile_delete",
    ),
    re_path(
        r"^acces/(?P<access_id>[0-9]{1,18})/$", access_views.access_detail, name="access_detail"
    ),
    re_path(
        r"^acces/(?P<access_id>[0-9]{1,18})/suspendre/$",
        access_views.access_suspend_view,
        name="access_suspend",
    ),
    re_path(
        r"^acces/(?P<access_id>[0-9]{1,18})/reactiver/$",
        access_views.access_reactivate_view,
        name="access_reactivate",
    ),
    re_path(
        r"^acces/(?P<access_id>[0-9]{1,18})/supprimer/$",
        access_views.access_remove_view,
        name="access_remove",
    ),
    re_path(
        r"^acces/(?P<access_id>[0-9]{1,18})/nouveau-lien/$",
        access_views.access_renew_view,
        name="access_renew",
    ),
]
