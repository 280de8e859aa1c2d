from django.urls import path

from titresto.orders.payments import sandbox_views, webhook_views

app_name = "payments"
urlpatterns = [
    path("webhooks/<slug:provider>/", webhook_views.payment_webhook, name="webhook"),
    path("bac-a-sable/<slug:reference>/", sandbox_views.sandbox_checkout, name="sandbox_checkout"),
    path(
        "bac-a-sable/<slug:reference>/3ds/",
        sandbox_views.sandbox_challenge,
        name="sandbox_challenge",
    ),
    path(
        "bac-a-sable/<slug:reference>/annuler/",
        sandbox_views.sandbox_cancel,
        name="sandbox_cancel",
    ),
]
