from django.urls import path

from titresto.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.usage, name="usage"),
    path("export.<str:format>", views.usage_export, name="export"),
]
