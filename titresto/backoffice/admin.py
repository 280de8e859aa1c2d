from django.contrib import admin

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.backoffice.site import backoffice_site
from titresto.clients.models import Client, Contact, Contract
from titresto.core.models import AuditEvent


class ContractInline(admin.StackedInline):
    model = Contract
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Client, site=backoffice_site)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["client_number", "legal_name", "siret", "city", "first_order_paid_at"]
    search_fields = ["client_number", "legal_name", "siret"]
    inlines = [ContractInline, ContactInline, MembershipInline]


@admin.register(User, site=backoffice_site)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password", "totp_secret", "last_totp_step"]


@admin.register(ActivationInvitation, site=backoffice_site)
class ActivationInvitationAdmin(admin.ModelAdmin):
    list_display = ["membership", "created_at", "expires_at", "used_at", "burned_at"]
    exclude = ["token_hash"]


@admin.register(AuditEvent, site=backoffice_site)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "client", "actor_label", "action", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["client__client_number", "actor_label", "target_id"]
