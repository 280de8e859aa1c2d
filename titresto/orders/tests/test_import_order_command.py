"""`titresto import-order`: one JSON object, exit codes 0 / 1 / 2, and a dry run writes nothing."""

import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ContractFactory
from titresto.beneficiaries.models import Beneficiary
from titresto.core.models import AuditEvent
from titresto.orders.models import Order
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person


def _fingerprint() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _run(*args: str) -> tuple[int, str]:
    import io

    out = io.StringIO()
    try:
        call_command("import-order", *args, stdout=out)
    except SystemExit as stop:
        return int(stop.code), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def contracted(tenant):
    ContractFactory(client=tenant)
    return tenant


def test_a_valid_file_prints_one_json_object_and_writes_nothing(contracted, tmp_path):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person(), new_person("E001", nombre_titres="18")]))
    before = _fingerprint()

    code, out = _run(str(path), "--client", contracted.client_number, "--dry-run", "--json")

    assert code == 0
    result = json.loads(out)
    assert (result["valid"], result["lines"], result["errors"]) == (True, 2, [])
    # 38 titres of 10,00 € at 60 %, two new cards to SIEGE in one parcel: priced by the contract
    assert {key: result["totals"][key] for key in ("face_value_cents", "employer_share_cents")} == {
        "face_value_cents": 38_000,
        "employer_share_cents": 22_800,
    }
    assert result["totals"]["fees_excl_vat_cents"] == 300 + 270 + 2 * 500 + 1200
    assert result["totals"]["vat_cents"] == 554
    assert result["totals"]["total_cents"] == 38_000 + 2_770 + 554
    assert result["new_beneficiaries"] == 1
    assert _fingerprint() == before


def test_a_refused_file_exits_1_with_its_issues_by_line_and_column(contracted, tmp_path):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person(date_naissance="31/02/2004")]))
    before = _fingerprint()

    code, out = _run(str(path), "--client", contracted.client_number, "--dry-run", "--json")

    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error == {
        "line": 2,
        "column": "date_naissance",
        "code": "date_impossible",
        "message": "Le 31/02/2004 n'existe pas : vérifiez le jour et le mois (format JJ/MM/AAAA).",
    }
    assert _fingerprint() == before


def test_the_text_output_lists_the_issues(contracted, tmp_path):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person(nombre_titres="40")]))

    code, out = _run(str(path), "--client", contracted.client_number, "--dry-run")

    assert code == 1
    assert "Fichier refusé" in out and "ligne 2, nombre_titres [titres_range]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--client", "00000000", "--dry-run"], "Aucun client"),
        (["--client", "00000000"], "Aucun client"),
        (["--dry-run"], "Fichier introuvable"),
    ],
    ids=["unknown client", "unknown client, for real", "missing file"],
)
def test_usage_errors_exit_2(contracted, tmp_path, args, message):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person()]))
    target = str(tmp_path / "absent.csv") if message == "Fichier introuvable" else str(path)
    if "--client" not in args:
        args = [*args, "--client", contracted.client_number]

    with pytest.raises(CommandError, match=message) as raised:
        call_command("import-order", target, *args)

    assert raised.value.returncode == 2


def test_a_client_without_an_active_contract_is_a_usage_error(tenant, tmp_path):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person()]))

    with pytest.raises(CommandError, match="pas de contrat actif") as raised:
        call_command("import-order", str(path), "--client", tenant.client_number, "--dry-run")

    assert raised.value.returncode == 2


def test_the_totals_follow_the_clients_own_contract(tenant, tmp_path):
    ContractFactory(
        client=tenant,
        commission_rate="2.00",
        commission_min_cents=0,
        card_fee_cents=700,
        delivery_fee_cents=900,
        home_delivery_fee_cents=0,
    )
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person(nombre_titres="10")]))

    code, out = _run(str(path), "--client", tenant.client_number, "--dry-run", "--json")

    totals = json.loads(out)["totals"]
    assert code == 0
    assert (totals["commission_cents"], totals["card_fees_cents"]) == (200, 700)
    assert totals["delivery_fees_cents"] == 900


def test_without_dry_run_a_valid_file_becomes_a_draft_order_with_its_new_people(
    contracted, tmp_path
):
    path = tmp_path / "commande.csv"
    path.write_bytes(
        csv_bytes([new_person(), new_person("E001", nombre_titres="18", nom="Lefèvre-Roy")])
    )

    code, out = _run(str(path), "--client", contracted.client_number, "--json")

    assert code == 0
    result = json.loads(out)
    order = Order.objects.get(number=result["order_number"])
    assert re.fullmatch(r"CMD-\d{4}-\d{6}", order.number)
    assert (order.status, order.mode, order.line_count) == ("DRAFT", "FILE", 2)
    assert order.total_cents == result["totals"]["total_cents"]
    assert order.created_by_label == "titresto import-order"
    newcomer = Beneficiary.objects.get(client=contracted, matricule="N0001")
    assert next(line.beneficiary for line in order.lines.order_by("position")) == newcomer
    # The command line applies the file's differences on known people, each audited.
    assert Beneficiary.objects.get(client=contracted, matricule="E001").last_name == "Lefèvre-Roy"
    assert AuditEvent.objects.filter(action="beneficiary.update", client=contracted).count() == 1
    assert order.events.get().event == "create"


def test_without_dry_run_a_refused_file_writes_nothing(contracted, tmp_path):
    path = tmp_path / "commande.csv"
    path.write_bytes(csv_bytes([new_person(), new_person("N0002", nombre_titres="40")]))
    before = _fingerprint()

    code, out = _run(str(path), "--client", contracted.client_number, "--json")

    assert code == 1
    assert json.loads(out)["order_number"] is None
    assert _fingerprint() == before
