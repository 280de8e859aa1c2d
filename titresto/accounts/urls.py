from django.urls import path

from titresto.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("changer-de-compte/", views.switch_client, name="switch_client"),
    path("securite/", views.security, name="security"),
]

# « Activer mon compte » (issue 2, item 6)
from titresto.accounts import activation_views  # noqa: E402

urlpatterns += [
    path("activer/", activation_views.activation_request, name="activation_request"),
    path("activer/<str:token>/", activation_views.activate, name="activate"),
]
