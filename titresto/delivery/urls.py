from django.urls import path

from titresto.delivery import views

app_name = "delivery"
urlpatterns = [
    path("", views.point_list, name="list"),
    path("nouveau/", views.point_create, name="create"),
    path("<int:pk>/", views.point_detail, name="detail"),
    path("<int:pk>/modifier/", views.point_update, name="update"),
    path("<int:pk>/desactiver/", views.point_deactivate, name="deactivate"),
    path("<int:pk>/reactiver/", views.point_activate, name="activate"),
    path("<int:pk>/supprimer/", views.point_delete, name="delete"),
]
