from django.urls import path

from titresto.beneficiaries import views

app_name = "beneficiaries"
urlpatterns = [
    path("", views.beneficiary_list, name="list"),
    path("nouveau/", views.beneficiary_new, name="create"),
    path("depart/", views.beneficiary_depart_bulk, name="depart_bulk"),
    path("export.csv", views.beneficiary_export_csv, name="export_csv"),
    path("export.xlsx", views.beneficiary_export_xlsx, name="export_xlsx"),
    path("<public_id:public_id>/", views.beneficiary_show, name="detail"),
    path("<public_id:public_id>/modifier/", views.beneficiary_edit, name="update"),
    path("<public_id:public_id>/depart/", views.beneficiary_depart_view, name="depart"),
    path("<public_id:public_id>/reintegrer/", views.beneficiary_reinstate_view, name="reinstate"),
    path("<public_id:public_id>/supprimer/", views.beneficiary_remove, name="delete"),
]
