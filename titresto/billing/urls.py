from django.urls import path

from titresto.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<public_id:public_id>/pdf/", views.document_pdf, name="pdf"),
    path("<public_id:public_id>/xml/", views.document_xml, name="xml"),
    path(
        "commandes/<public_id:public_id>/detail.csv",
        views.order_detail_export,
        {"kind": "csv"},
        name="order_detail_csv",
    ),
    path(
        "commandes/<public_id:public_id>/detail.xlsx",
        views.order_detail_export,
        {"kind": "xlsx"},
        name="order_detail_xlsx",
    ),
]
