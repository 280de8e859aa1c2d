"""factory_boy factories shared by every app's tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from titresto.accounts.models import Membership, User
from titresto.clients.models import Client, Contact, Contract
from titresto.core.capabilities import Profile

# Valid SIRETs (Luhn keys right), one per factory sequence number.
VALID_SIRETS = [
    "73282932000074",
    "55210055400013",
    "44306184100047",
    "35600000000048",
    "80314954900016",
    "51138052300019",
]


def valid_siret(n: int) -> str:
    """A SIRET with a right key, for any n: Luhn over the 9-digit SIREN, then over all 14."""
    from titresto.clients.validators import luhn_is_valid

    base = f"{(100000000 + n * 7919) % 1000000000:09d}"[:8]
    siren = next(base + str(k) for k in range(10) if luhn_is_valid(base + str(k)))
    stem = siren + "0001"
    return next(stem + str(k) for k in range(10) if luhn_is_valid(stem + str(k)))


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    client_number = factory.Sequence(lambda n: f"{70000000 + n}")
    legal_name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(valid_siret)
    vat_number = factory.LazyAttribute(lambda o: Client(siret=o.siret).default_vat_number())
    address_line1 = "12 rue de la Paix"
    postcode = "75002"
    city = "PARIS"
    created_at = factory.LazyFunction(timezone.now)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    client = factory.SubFactory(ClientFactory)
    contract_number = factory.Sequence(lambda n: f"CT{500000 + n}")
    signed_date = dt.date(2026, 10, 1)
    face_value_min_cents = 500
    face_value_max_cents = 1500
    face_value_default_cents = 1000
    employer_share_default = Decimal("60.00")
    commission_rate = Decimal("1.50")
    commission_min_cents = 500
    card_fee_cents = 500
    delivery_fee_cents = 1200
    home_delivery_fee_cents = 350


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    role = Contact.Role.MAIN_MANAGER
    first_name = "Claire"
    last_name = "Martin"
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gestionnaire{n}@example.com")
    first_name = "Camille"
    last_name = "Durand"
    password = factory.django.Password("un mot de passe solide 42")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)
    profile = Profile.ADMINISTRATEUR
    created_at = factory.LazyFunction(timezone.now)


# --- Sign-in and second factor (titresto/accounts/security) ----------------------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_totp(user: User, *, secret: str = TOTP_SECRET) -> User:
    """The user, enrolled in TOTP with a known secret."""
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.last_totp_step = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "last_totp_step"])
    return user


def totp_code(secret: str = TOTP_SECRET, *, at: dt.datetime | None = None) -> str:
    import pyotp

    return pyotp.TOTP(secret).at(at or timezone.now())


def second_factor_verified(http):  # type: ignore[no-untyped-def]
    """Marks a signed-in test client's session as having passed the TOTP step (staff personas)."""
    from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY

    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return http


# --- Delivery points and beneficiaries (titresto/delivery, titresto/beneficiaries) -----------

from titresto.beneficiaries.models import Beneficiary  # noqa: E402
from titresto.beneficiaries.search import search_text_for  # noqa: E402
from titresto.delivery.models import DeliveryPoint  # noqa: E402


class DeliveryPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPoint

    client = factory.SubFactory(ClientFactory)
    code = factory.Sequence(lambda n: f"SITE{n}")
    name = factory.Sequence(lambda n: f"Site n° {n}")
    address_line1 = "2 avenue de l'Europe"
    postcode = "69003"
    city = "LYON"
    contact_name = "Claire Martin"
    contact_phone = "04 72 00 00 00"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    """An active beneficiary shipped to a delivery point of the same client, search text kept."""

    class Meta:
        model = Beneficiary

    client = factory.SubFactory(ClientFactory)
    matricule = factory.Sequence(lambda n: f"EMP{n:05d}")
    civility = "MME"
    last_name = "Lefèvre"
    first_name = "Élodie"
    birth_date = dt.date(1985, 7, 14)
    email = factory.Sequence(lambda n: f"salarie{n}@example.com")
    delivery_point = factory.SubFactory(
        DeliveryPointFactory, client=factory.SelfAttribute("..client")
    )
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(
            last_name=o.last_name, first_name=o.first_name, matricule=o.matricule, email=o.email
        )
    )
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)


from titresto.core.actors import Actor  # noqa: E402


def actor_for(membership: Membership) -> Actor:
    """The actor a service sees for this manager, as the middleware would resolve it."""
    return Actor(
        user=membership.user,
        client=membership.client,
        membership=membership,
        capabilities=membership.capabilities,
    )


# --- Cards (titresto/cards) -------------------------------------------------------------------

from titresto.cards.models import Card  # noqa: E402


class CardFactory(factory.django.DjangoModelFactory):
    """An active card of a beneficiary of the same client."""

    class Meta:
        model = Card

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    client = factory.SelfAttribute("beneficiary.client")
    status = Card.Status.ACTIVE
    last_four = factory.Sequence(lambda n: f"{n % 10000:04d}")
    expiry_date = dt.date(2029, 11, 30)
    created_at = factory.LazyFunction(timezone.now)
