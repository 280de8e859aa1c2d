from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.security.services import TotpResetOwn, totp_reset
from titresto.accounts.services.activation import invitation_renew_for_client
from titresto.accounts.services.onboarding import client_onboard
from titresto.backoffice.forms import CarrierFileForm, ClientOnboardingForm, TransferReceivedForm
from titresto.backoffice.site import backoffice_site
from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card
from titresto.clients.models import Client, Contact, Contract
from titresto.clients.services import ClientDataInvalid
from titresto.core.errors import DomainError
from titresto.core.models import AuditEvent, RuleSet
from titresto.core.money import format_eur
from titresto.core.states import TransitionRefused
from titresto.delivery.models import DeliveryPoint
from titresto.fulfilment.carrier_file import carrier_file_apply, carrier_file_check
from titresto.fulfilment.loads import load_cancel, load_retry
from titresto.fulfilment.models import Load, Parcel, PartnerEvent
from titresto.fulfilment.services import order_cards_in_manufacture, parcel_move
from titresto.orders.models import Order, PaymentAttempt, PaymentEvent
from titresto.orders.services.payments import transfer_record
from titresto.statistics.models import TransactionImport


def _staff(request: HttpRequest) -> User:
    """The signed-in staff member: every back-office view runs behind the site's staff check."""
    return cast(User, request.user)


ONBOARDING_SECTIONS = [
    (
        gettext_lazy("Entreprise"),
        ["legal_name", "siret", "address_line1", "address_line2", "postcode", "city"],
    ),
    (
        gettext_lazy("Contrat"),
        [
            "signed_date",
            "face_value_min",
            "face_value_max",
            "face_value_default",
            "employer_share_default",
            "commission_rate",
            "commission_min",
            "card_fee",
            "delivery_fee",
            "home_delivery_fee",
        ],
    ),
    (
        gettext_lazy("Gestionnaire principal"),
        ["manager_email", "manager_first_name", "manager_last_name"],
    ),
]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never edited here: every change goes through a service that writes its audit
    event (and, for directory rows, the search text and the version)."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContractInline(ReadOnlyInline):
    model = Contract


class ContactInline(ReadOnlyInline):
    model = Contact


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "profile", "is_active", "created_at"]


@admin.register(Client, site=backoffice_site)
class ClientAdmin(admin.ModelAdmin):
    """Clients are created by « Nouveau client » (the onboarding service) and then only read
    here: their data, contract, contacts and accesses change through audited services."""

    list_display = ["client_number", "legal_name", "siret", "city", "first_order_paid_at"]
    search_fields = ["client_number", "legal_name", "siret"]
    inlines = [ContractInline, ContactInline, MembershipInline]
    actions = ["resend_activation_link"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """« Nouveau client »: the client, its contract and its first manager, who gets the
        activation e-mail. Nothing is saved unless everything is right."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ClientOnboardingForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                onboarding = client_onboard(
                    legal_name=data["legal_name"],
                    siret=data["siret"],
                    address=form.address(),
                    terms=form.terms(),
                    signed_date=data["signed_date"],
                    manager_email=data["manager_email"],
                    manager_first_name=data["manager_first_name"],
                    manager_last_name=data["manager_last_name"],
                    actor_user=request.user,
                    now=timezone.now(),
                )
            except ClientDataInvalid as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.user_message))
            else:
                self.message_user(
                    request,
                    _(
                        "Client %(name)s créé : numéro client %(client)s, contrat %(contract)s. "
                        "L'e-mail « Activer mon compte » part vers %(email)s."
                    )
                    % {
                        "name": onboarding.client.legal_name,
                        "client": onboarding.client.client_number,
                        "contract": onboarding.contract.contract_number,
                        "email": onboarding.manager.email,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "backoffice:clients_client_change",
                        args=[onboarding.client.pk],
                        current_app=self.admin_site.name,
                    )
                )
        sections = [(title, [form[name] for name in names]) for title, names in ONBOARDING_SECTIONS]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nouveau client"),
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "sections": sections,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "backoffice/client_onboard.html", context)

    @admin.action(description=gettext_lazy("Renvoyer le lien d'activation"))
    def resend_activation_link(self, request: HttpRequest, queryset: QuerySet[Client]) -> None:
        now = timezone.now()
        sent = sum(
            invitation_renew_for_client(client=client, actor_user=request.user, now=now)
            for client in queryset
        )
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d nouveau lien d'activation envoyé ; les précédents ne fonctionnent plus.",
                    "%(count)d nouveaux liens d'activation envoyés ; les précédents ne fonctionnent plus.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "Aucun lien envoyé : les gestionnaires de ces clients ont déjà activé leur "
                    "compte (ils peuvent réinitialiser leur mot de passe depuis la page de connexion)."
                ),
                messages.WARNING,
            )


@admin.register(User, site=backoffice_site)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "second_factor"]
    search_fields = ["email", "first_name", "last_name"]
    # The second factor changes only through its services (audited): never by editing a date.
    exclude = ["password", "totp_secret", "totp_confirmed_at", "last_totp_step"]
    readonly_fields = ["second_factor", "last_login", "date_joined"]
    actions = ["reset_second_factor"]

    @admin.display(description=gettext_lazy("Double authentification"))
    def second_factor(self, user: User) -> str:
        if user.totp_confirmed_at is None:
            return _("Non activée")
        return _("Activée le %(date)s") % {
            "date": date_format(timezone.localtime(user.totp_confirmed_at), "SHORT_DATE_FORMAT")
        }

    @admin.action(
        description=gettext_lazy("Réinitialiser la double authentification"),
        permissions=["change"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """For a lost phone. All or nothing: a selection that includes oneself changes nobody."""
        now = timezone.now()
        try:
            with transaction.atomic():
                reset = sum(
                    totp_reset(user=user, actor_user=request.user, now=now)  # type: ignore[arg-type]
                    for user in queryset
                )
        except TotpResetOwn as error:
            self.message_user(
                request,
                _("%(reason)s Aucune double authentification n'a été réinitialisée.")
                % {"reason": error.user_message},
                messages.ERROR,
            )
            return
        if reset:
            self.message_user(
                request,
                ngettext(
                    "%(count)d double authentification réinitialisée : à sa prochaine connexion, "
                    "la personne en active une nouvelle (obligatoire pour les agents).",
                    "%(count)d doubles authentifications réinitialisées : à leur prochaine "
                    "connexion, ces personnes en activent une nouvelle (obligatoire pour les agents).",
                    reset,
                )
                % {"count": reset},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "Rien à réinitialiser : aucune des personnes choisies n'avait de double "
                    "authentification."
                ),
                messages.WARNING,
            )


@admin.register(ActivationInvitation, site=backoffice_site)
class ActivationInvitationAdmin(ReadOnlyAdmin):
    list_display = ["membership", "created_at", "expires_at", "used_at", "burned_at"]
    list_select_related = ["membership__user", "membership__client"]
    exclude = ["token_hash"]


@admin.register(AuditEvent, site=backoffice_site)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "client", "actor_label", "action", "target_type", "target_id"]
    list_select_related = ["client"]
    list_filter = ["action"]
    search_fields = ["client__client_number", "actor_label", "target_id"]


@admin.register(DeliveryPoint, site=backoffice_site)
class DeliveryPointAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "client", "city", "is_active"]
    list_select_related = ["client"]
    list_filter = ["is_active"]
    search_fields = ["=code", "=client__client_number"]


@admin.register(Beneficiary, site=backoffice_site)
class BeneficiaryAdmin(ReadOnlyAdmin):
    list_display = ["matricule", "last_name", "first_name", "client", "status"]
    list_select_related = ["client"]
    list_filter = ["status"]
    search_fields = ["=matricule", "=client__client_number"]
    exclude = ["search_text"]


@admin.register(RuleSet, site=backoffice_site)
class RuleSetAdmin(ReadOnlyAdmin):
    """The law's figures are added by a data migration (reviewed, versioned, the same on every
    installation); a later audited service may let staff add a row, never edit a past one."""

    list_display = [
        "valid_from",
        "exemption_cap",
        "fee_vat_rate",
        "daily_spending_cap",
        "employer_share_min",
        "employer_share_max",
        "groceries_allowed",
        "groceries_allowed_until",
        "loads_usable_until_month",
    ]

    @admin.display(description=gettext_lazy("plafond d'exonération par titre"))
    def exemption_cap(self, rules: RuleSet) -> str:
        return format_eur(rules.exemption_cap_cents)

    @admin.display(description=gettext_lazy("plafond journalier"))
    def daily_spending_cap(self, rules: RuleSet) -> str:
        return format_eur(rules.daily_spending_cap_cents)


@admin.register(Card, site=backoffice_site)
class CardAdmin(ReadOnlyAdmin):
    list_display = ["masked_number", "beneficiary", "client", "status", "expiry_date"]
    list_select_related = ["client", "beneficiary"]
    list_filter = ["status"]
    search_fields = ["=last_four", "=beneficiary__matricule", "=client__client_number"]


class MovesParcels:
    """Admin actions declaring `permissions=["move_parcel"]` (manufacture, delivery, incident,
    the carrier's file) ask this: `fulfilment.move_parcel`."""

    def has_move_parcel_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("fulfilment.move_parcel")


@admin.register(Order, site=backoffice_site)
class OrderAdmin(MovesParcels, ReadOnlyAdmin):
    """Orders are made in the portal; the staff read them here and record the transfers they
    receive (« Enregistrer un virement reçu »: `orders.record_transfer`)."""

    list_display = ["number", "client", "status", "total", "payment_method", "created_at"]
    list_select_related = ["client"]
    list_filter = ["status", "payment_method", "mode"]
    search_fields = ["=number", "=transfer_reference", "=client__client_number"]
    exclude = ["terms", "breakdown", "duplication_notes"]
    change_list_template = "backoffice/order_change_list.html"
    actions = ["cards_in_manufacture"]

    @admin.action(description=gettext_lazy("Cartes en fabrication"), permissions=["move_parcel"])
    def cards_in_manufacture(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        """The factory took these orders' cards (when it tells us by no event of its own)."""
        now, moved = timezone.now(), 0
        for order in queryset:
            moved += order_cards_in_manufacture(order=order, by=_staff(request), now=now)
        self.message_user(
            request,
            ngettext(
                "%(count)d carte passée en fabrication.",
                "%(count)d cartes passées en fabrication.",
                moved,
            )
            % {"count": moved},
            messages.SUCCESS if moved else messages.WARNING,
        )

    @admin.display(description=gettext_lazy("total"))
    def total(self, order: Order) -> str:
        return format_eur(order.total_cents)

    def get_urls(self) -> list[URLPattern]:
        record = self.admin_site.admin_view(self.transfer_view)
        return [path("virement/", record, name="orders_order_transfer"), *super().get_urls()]

    def transfer_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("orders.record_transfer"):
            raise PermissionDenied
        form = TransferReceivedForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                order = transfer_record(
                    staff=_staff(request),
                    reference=form.cleaned_data["reference"],
                    amount_cents=form.amount_cents(),
                    received_on=form.cleaned_data["received_on"],
                    now=timezone.now(),
                )
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.user_message))
            else:
                self.message_user(
                    request,
                    _("Virement de %(amount)s enregistré : la commande %(number)s est payée.")
                    % {"amount": format_eur(order.total_cents), "number": order.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("backoffice:orders_order_changelist", current_app=self.admin_site.name)
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enregistrer un virement reçu"),
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "backoffice/transfer_record.html", context)


@admin.register(PaymentAttempt, site=backoffice_site)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    """« À rembourser » lists the money a provider confirmed that no order could take."""

    list_display = [
        "order",
        "client",
        "provider",
        "status",
        "amount",
        "failure_reason",
        "created_at",
    ]
    list_select_related = ["order", "client"]
    list_filter = ["status", "provider"]
    search_fields = ["=provider_reference", "=order__number", "=client__client_number"]
    exclude = ["idempotency_key"]

    @admin.display(description=gettext_lazy("montant"))
    def amount(self, attempt: PaymentAttempt) -> str:
        return format_eur(attempt.amount_cents)


@admin.register(PaymentEvent, site=backoffice_site)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "kind", "reference", "outcome"]
    list_filter = ["provider", "kind"]
    search_fields = ["=event_id", "=reference"]


@admin.register(Parcel, site=backoffice_site)
class ParcelAdmin(MovesParcels, ReadOnlyAdmin):
    """Parcels move by the partners' events; staff may mark one delivered or in incident after
    a call (each move checked by the parcel's life cycle and kept in its history)."""

    list_display = ["order", "client", "recipient", "city", "status", "carrier", "tracking_number"]
    list_select_related = ["order", "client"]
    list_filter = ["status", "carrier"]
    search_fields = ["=tracking_number", "=order__number", "=client__client_number"]
    exclude = ["cards"]
    actions = ["mark_delivered", "mark_incident"]
    change_list_template = "backoffice/parcel_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = self.admin_site.admin_view(self.carrier_file_view)
        return [
            path("fichier-transporteur/", upload, name="fulfilment_parcel_carrier_file"),
            *super().get_urls(),
        ]

    def carrier_file_view(self, request: HttpRequest) -> HttpResponse:
        """« Importer le fichier du transporteur »: every line checked, all applied or none."""
        if not self.has_move_parcel_permission(request):
            raise PermissionDenied
        form = CarrierFileForm(request.POST or None, request.FILES or None)
        errors: list[tuple[int, str, str]] = []
        if form.is_bound and form.is_valid():
            check = carrier_file_check(form.cleaned_data["file"].read())
            errors = check.errors
            if not errors:
                count = carrier_file_apply(check=check, by=_staff(request), now=timezone.now())
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d colis remis au transporteur.",
                        "%(count)d colis remis au transporteur.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "backoffice:fulfilment_parcel_changelist", current_app=self.admin_site.name
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer le fichier du transporteur"),
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "backoffice/carrier_file.html", context)

    def _move(self, request: HttpRequest, parcels: QuerySet[Parcel], status: str) -> None:
        moved, refused = 0, []
        for parcel in parcels:
            try:
                parcel_move(parcel=parcel, status=status, by=_staff(request), now=timezone.now())
                moved += 1
            except TransitionRefused as error:
                refused.append(f"{parcel.order} ({parcel.recipient}) : {error}")
        if moved:
            self.message_user(
                request,
                ngettext("%(count)d colis mis à jour.", "%(count)d colis mis à jour.", moved)
                % {"count": moved},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=gettext_lazy("Marquer livrés"), permissions=["move_parcel"])
    def mark_delivered(self, request: HttpRequest, queryset: QuerySet[Parcel]) -> None:
        self._move(request, queryset, Parcel.Status.DELIVERED)

    @admin.action(description=gettext_lazy("Signaler un incident"), permissions=["move_parcel"])
    def mark_incident(self, request: HttpRequest, queryset: QuerySet[Parcel]) -> None:
        self._move(request, queryset, Parcel.Status.INCIDENT)


@admin.register(Load, site=backoffice_site)
class LoadAdmin(ReadOnlyAdmin):
    """Loads are credited by the system; the card processor may refuse one. Staff then try it
    again (« Charger à nouveau ») or give it up (« Abandonner »), along the load's life cycle
    (`fulfilment.move_load`)."""

    list_display = ["order", "client", "order_line", "amount", "due_on", "status", "refusal_reason"]
    list_select_related = ["order", "client", "order_line"]
    list_filter = ["status"]
    search_fields = ["=order__number", "=client__client_number"]
    actions = ["retry", "give_up"]

    def has_move_load_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("fulfilment.move_load")

    @admin.display(description=gettext_lazy("montant"))
    def amount(self, load: Load) -> str:
        return format_eur(load.amount_cents)

    def _move(self, request: HttpRequest, loads: QuerySet[Load], act: Any) -> None:
        moved, refused = 0, []
        for load in loads:
            try:
                act(load=load, by=_staff(request), now=timezone.now())
                moved += 1
            except TransitionRefused as error:
                refused.append(f"{load.order} : {error}")
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d chargement mis à jour.", "%(count)d chargements mis à jour.", moved
                )
                % {"count": moved},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=gettext_lazy("Charger à nouveau"), permissions=["move_load"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Load]) -> None:
        self._move(request, queryset, load_retry)

    @admin.action(description=gettext_lazy("Abandonner (à rembourser)"), permissions=["move_load"])
    def give_up(self, request: HttpRequest, queryset: QuerySet[Load]) -> None:
        self._move(request, queryset, load_cancel)


@admin.register(PartnerEvent, site=backoffice_site)
class PartnerEventAdmin(ReadOnlyAdmin):
    """What the partners sent; « appliqué : non » lists the refused events (out of order,
    unknown parcel) for the staff to look at."""

    list_display = ["received_at", "partner", "kind", "event_id", "applied", "outcome"]
    list_filter = ["applied", "partner", "kind"]
    search_fields = ["=event_id"]


@admin.register(TransactionImport, site=backoffice_site)
class TransactionImportAdmin(ReadOnlyAdmin):
    """The card processor's files and events: what each imported, and the report of the lines
    it refused (by line, column and reason), kept for the staff."""

    list_display = [
        "received_at",
        "source",
        "filename",
        "status",
        "line_count",
        "imported_count",
        "refused_count",
    ]
    list_filter = ["status", "source"]
    search_fields = ["filename", "=sha256"]
    readonly_fields = ["issues_table"]
    exclude = ["issues"]

    @admin.display(description=gettext_lazy("Lignes refusées"))
    def issues_table(self, row: TransactionImport) -> str:
        lines = [_("ligne %(line)s · %(column)s · %(message)s") % issue for issue in row.issues]
        more = row.refused_count - len(row.issues)
        if more > 0:
            lines.append(_("… et %(count)s autres") % {"count": more})
        return "\n".join(lines) or "—"


# Accounting documents: their own module (this one is long enough).
from titresto.backoffice import billing_admin  # noqa: E402, F401
