from django.urls import path

from titresto.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("changer-de-compte/", views.switch_client, name="switch_client"),
    path("securite/", views.security, name="security"),
]
