from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from titresto.backoffice.site import backoffice_site

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("backoffice/", backoffice_site.urls),
    path("compte/", include("titresto.accounts.urls")),
    path("beneficiaires/", include("titresto.beneficiaries.urls")),
    path("points-de-livraison/", include("titresto.delivery.urls")),
    path("commandes/", include("titresto.orders.urls")),
    path("paiement/", include("titresto.orders.payments.urls")),
    path("documents-comptables/", include("titresto.billing.urls")),
    path("statistiques/", include("titresto.statistics.urls")),
    path("", include("titresto.fulfilment.urls")),
    path("", include("titresto.support.urls")),
    path("", include("titresto.portal.urls")),
]

handler400 = "titresto.core.views.bad_request"
handler403 = "titresto.core.views.permission_denied"
handler404 = "titresto.core.views.page_not_found"
handler500 = "titresto.core.views.server_error"
