import json
import re

import pytest
from django.core.management import CommandError, call_command

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.services.activation import invitation_for_token
from titresto.clients.models import Client, Contact, Contract
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ARGS = [
    "--name",
    "Boulangerie Martin",
    "--siret",
    "634 567 895 00012",
    "--email",
    "sophie@bm.example",
]


def test_prints_the_numbers_and_the_activation_link(capsys) -> None:
    call_command("onboard-client", *ARGS)

    out = capsys.readouterr().out
    client = Client.objects.get()
    contract = Contract.objects.get()
    assert f"Numéro client : {client.client_number}" in out
    assert f"Numéro de contrat : {contract.contract_number}" in out
    link = re.search(r"Lien d'activation : (\S+)", out).group(1)
    assert link.startswith("http://127.0.0.1:8000/compte/activer/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation_for_token(token=token).client == client


def test_json_prints_one_object(capsys, settings) -> None:
    settings.SITE_URL = "https://espace.example.fr"

    call_command("onboard-client", *ARGS, "--json")

    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"client_number", "contract_number", "activation_url"}
    assert result["client_number"] == Client.objects.get().client_number
    assert result["contract_number"] == Contract.objects.get().contract_number
    assert result["activation_url"].startswith("https://espace.example.fr/compte/activer/")


def test_a_bad_siret_exits_1_with_a_french_message_and_writes_nothing(capsys) -> None:
    with pytest.raises(CommandError) as refused:
        call_command(
            "onboard-client", "--name", "X", "--siret", "63456789500013", "--email", "a@b.example"
        )

    assert "clé de contrôle" in str(refused.value)
    assert refused.value.returncode == 1
    for model in (Client, Contract, Contact, User, Membership, ActivationInvitation, AuditEvent):
        assert not model.objects.exists()


def test_a_bad_email_is_refused(capsys) -> None:
    with pytest.raises(CommandError) as refused:
        call_command(
            "onboard-client", "--name", "X", "--siret", "63456789500012", "--email", "nope"
        )

    assert "adresse e-mail valide" in str(refused.value)
    assert not Client.objects.exists()
