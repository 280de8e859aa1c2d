from django.urls import path, re_path

from titresto.orders import draft_views, payment_views, views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("commander/", views.order_new, name="new"),
    re_path(r"^export\.(?P<kind>csv|xlsx)$", views.order_history_export, name="export"),
    path("fichier/", views.import_new, name="import_new"),
    re_path(r"^modele\.(?P<kind>csv|xlsx)$", views.template_download, name="template"),
    path("imports/", views.import_index, name="import_list"),
    path("imports/<public_id:public_id>/", views.import_detail, name="import_detail"),
    path(
        "imports/<public_id:public_id>/rapport.csv", views.import_report_csv, name="import_report"
    ),
    path(
        "imports/<public_id:public_id>/confirmer/",
        views.import_confirm_view,
        name="import_confirm",
    ),
    path(
        "imports/<public_id:public_id>/abandonner/",
        views.import_abandon_view,
        name="import_abandon",
    ),
    path("unitaire/", views.unit_start, name="unit_start"),
    path("<public_id:public_id>/", views.order_detail, name="detail"),
    path("<public_id:public_id>/brouillon/", draft_views.draft_page, name="draft"),
    path(
        "<public_id:public_id>/brouillon/nouveau/",
        draft_views.draft_new_person_view,
        name="draft_new_person",
    ),
    path("<public_id:public_id>/brouillon/ajouter/", views.draft_add_view, name="draft_add"),
    path("<public_id:public_id>/brouillon/titres/", views.draft_titres_view, name="draft_titres"),
    path(
        "<public_id:public_id>/brouillon/lignes/<int:position>/",
        views.draft_line_view,
        name="draft_line",
    ),
    path("<public_id:public_id>/valider/", views.order_submit_view, name="submit"),
    path("<public_id:public_id>/approuver/", views.order_approve_view, name="approve"),
    path("<public_id:public_id>/refuser/", views.order_reject_view, name="reject"),
    path("<public_id:public_id>/annuler/", views.order_cancel_view, name="cancel"),
    path("<public_id:public_id>/dupliquer/", views.order_duplicate_view, name="duplicate"),
    path("<public_id:public_id>/virement/", views.order_transfer_view, name="transfer"),
    path("<public_id:public_id>/payer/", payment_views.order_pay_view, name="pay"),
    path(
        "<public_id:public_id>/paiement/<public_id:attempt_id>/retour/",
        payment_views.payment_return_view,
        name="payment_return",
    ),
    path(
        "<public_id:public_id>/paiement/<public_id:attempt_id>/abandon/",
        payment_views.payment_abandon_view,
        name="payment_abandon",
    ),
]
