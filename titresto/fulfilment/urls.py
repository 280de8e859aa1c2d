from django.urls import path

from titresto.fulfilment import views

app_name = "fulfilment"
urlpatterns = [
    path("partenaires/<slug:partner>/evenements/", views.partner_webhook, name="partner_webhook"),
    path("commandes/<public_id:public_id>/suivi/", views.order_tracking, name="tracking"),
    path(
        "beneficiaires/<public_id:public_id>/carte/",
        views.beneficiary_card_page,
        name="beneficiary_card",
    ),
    path(
        "beneficiaires/<public_id:public_id>/carte/opposition/",
        views.card_opposition,
        name="card_opposition",
    ),
    path(
        "beneficiaires/<public_id:public_id>/carte/remplacement/",
        views.card_replacement,
        name="card_replacement",
    ),
]
