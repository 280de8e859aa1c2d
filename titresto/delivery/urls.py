from django.urls import path

from titresto.delivery import views

app_name = "delivery"
urlpatterns = [
    path("", views.point_list, name="list"),
    path("nouveau/", views.point_create, name="create"),
    path("<public_id:public_id>/", views.point_detail, name="detail"),
    path("<public_id:public_id>/modifier/", views.point_update, name="update"),
    path("<public_id:public_id>/desactiver/", views.point_deactivate, name="deactivate"),
    path("<public_id:public_id>/reactiver/", views.point_activate, name="activate"),
    path("<public_id:public_id>/supprimer/", views.point_delete, name="delete"),
]
