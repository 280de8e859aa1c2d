"""The processor's transactions: the signed daily file, line-by-line refusals, idempotence,
the command, the inbox task and the real-time events."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import BeneficiaryFactory, CardFactory, DeliveryPointFactory
from titresto.cards.ledger import ledger_credit
from titresto.cards.models import CardBalance, LedgerDay, LedgerEntry
from titresto.core.signing import sign
from titresto.fulfilment.models import PartnerEvent
from titresto.fulfilment.webhooks import SIGNATURE_HEADER, partner_secret
from titresto.statistics.models import (
    CardFirstUse,
    CardTransaction,
    DailyUsage,
    HourlyUsage,
    TransactionImport,
)
from titresto.statistics.services import transactions_file_import
from titresto.statistics.tasks import import_processor_files
from titresto.statistics.tests.helpers import PARIS, file_bytes, line, signature, write_signed

NOW = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
NOON = dt.datetime(2026, 11, 17, 12, 15, tzinfo=PARIS)  # a Tuesday


@pytest.fixture
def card(tenant):
    point = DeliveryPointFactory(client=tenant)
    return CardFactory(beneficiary=BeneficiaryFactory(client=tenant, delivery_point=point))


def _import(tmp_path, lines, name="tx.csv", **kwargs):
    path = write_signed(tmp_path, name, file_bytes(lines), **kwargs)
    sig = (tmp_path / f"{name}.sig").read_text()
    return transactions_file_import(path=path, signature=sig, now=NOW)


def test_a_file_imports_its_lines_into_transactions_rollups_and_the_ledger(tmp_path, card):
    ledger_credit(rows=[(card.pk, card.client_id, 5000, "load:1")], day=NOON.date(), now=NOW)

    outcome = _import(
        tmp_path,
        [
            line("TX1", card.pk, NOON, 1200, balance=3800),
            line("TX2", card.pk, NOON + dt.timedelta(hours=6), 800, "BAKERY", balance=3000),
            line("TX3", card.pk, NOON, 900, "NON_FOOD", "NON_FOOD_MERCHANT", balance=3000),
        ],
    )

    row = outcome.row
    assert (row.status, row.line_count, row.imported_count, row.refused_count) == (
        "IMPORTED",
        3,
        3,
        0,
    )
    stored = CardTransaction.objects.get(reference="TX1")
    assert (stored.occurred_at, stored.day, stored.hour, stored.point_id) == (
        NOON,
        NOON.date(),
        12,
        card.beneficiary.delivery_point_id,
    )
    usage = {
        (u.category, u.outcome): (u.transaction_count, u.amount_cents, u.card_count)
        for u in DailyUsage.objects.filter(client=card.client)
    }
    assert usage == {
        ("RESTAURANT", "ACCEPTED"): (1, 1200, 1),
        ("BAKERY", "ACCEPTED"): (1, 800, 1),
        ("NON_FOOD", "NON_FOOD_MERCHANT"): (1, 900, 1),
    }
    hours = HourlyUsage.objects.filter(client=card.client).values_list("hour", "transaction_count")
    assert sorted(hours) == [(12, 1), (18, 1)]  # accepted payments only
    loaded = LedgerDay.objects.get(client=card.client, kind="LOAD")
    assert (loaded.point_id, loaded.amount_cents) == (card.beneficiary.delivery_point_id, 5000)
    # Only accepted spending leaves the card: 50 € − 12 € − 8 €.
    assert CardBalance.objects.get(card=card).balance_cents == 3000
    assert CardFirstUse.objects.get(card=card).first_used_on == NOON.date()


def test_a_bad_signature_refuses_the_file_whole_and_keeps_the_refusal(tmp_path, card):
    outcome = _import(tmp_path, [line("TX1", card.pk, NOON)], secret="not-the-processor")

    assert outcome.row.status == "REFUSED" and "Signature" in outcome.row.refusal
    assert not CardTransaction.objects.exists() and not DailyUsage.objects.exists()


def test_bad_lines_are_reported_by_line_and_the_rest_imported(tmp_path, card, other_tenant):
    ledger_credit(rows=[(card.pk, card.client_id, 9000, "load:1")], day=NOON.date(), now=NOW)
    _import(tmp_path, [line("OLD", card.pk, NOON)], name="yesterday.csv")

    outcome = _import(
        tmp_path,
        [
            line("A", card.pk, NOON),
            line("B", 999_999, NOON),  # unknown card
            line("C", card.pk, NOON, 0),  # impossible amount
            line("D", card.pk, NOON, 2600),  # accepted above the daily cap
            ["E", str(card.pk), "2026-02-30T12:00:00+01:00", "100", "BAKERY", "ACCEPTED", "0"],
            line("F", card.pk, NOW + dt.timedelta(days=2)),  # in the future
            line("A", card.pk, NOON),  # twice in the file
            line("OLD", card.pk, NOON),  # already imported
            line("G", card.pk, NOON, category="CINEMA"),
            ["H", str(card.pk)],
            line("I", card.pk, NOON, 500, "SUPERMARKET"),
        ],
    )

    row = outcome.row
    assert (row.imported_count, row.refused_count) == (2, 9)
    assert [(issue["line"], issue["code"]) for issue in row.issues] == [
        (3, "unknown_card"),
        (4, "bad_amount"),
        (5, "bad_amount"),
        (6, "bad_time"),
        (7, "bad_time"),
        (8, "duplicate"),
        (9, "duplicate"),
        (10, "bad_category"),
        (11, "field_count"),
    ]
    assert set(CardTransaction.objects.values_list("reference", flat=True)) == {"OLD", "A", "I"}


def test_the_same_file_twice_imports_nothing_the_second_time(tmp_path, card):
    lines = [line("TX1", card.pk, NOON), line("TX2", card.pk, NOON, 300, "BAKERY")]
    first = _import(tmp_path, lines)

    second = _import(tmp_path, lines)

    assert second.replayed and second.row == first.row
    assert CardTransaction.objects.count() == 2
    assert DailyUsage.objects.get(category="RESTAURANT").transaction_count == 1
    assert LedgerEntry.objects.filter(kind="SPEND").count() == 1


def test_a_wrong_header_refuses_the_file(tmp_path, card):
    data = file_bytes([line("TX1", card.pk, NOON)], header=["ref", "carte"])
    path = write_signed(tmp_path, "tx.csv", data)

    outcome = transactions_file_import(path=path, signature=signature(data), now=NOW)

    assert outcome.row.status == "REFUSED" and "En-tête" in outcome.row.refusal
    assert not CardTransaction.objects.exists()


def test_the_command_imports_a_file_with_its_signature_beside_it(tmp_path, card, capsys):
    path = write_signed(tmp_path, "tx.csv", file_bytes([line("TX1", card.pk, NOON)]))

    call_command("import-transactions", str(path), "--json")

    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["imported"], out["refused"]) == ("IMPORTED", 1, 0)


def test_the_command_exits_1_on_a_forged_file(tmp_path, card):
    path = write_signed(tmp_path, "tx.csv", file_bytes([line("TX1", card.pk, NOON)]), secret="x")

    with pytest.raises(SystemExit) as exit_code:
        call_command("import-transactions", str(path))

    assert exit_code.value.code == 1 and not CardTransaction.objects.exists()


def test_the_inbox_task_imports_signed_files_and_files_them(tmp_path, card, settings):
    settings.PROCESSOR_INBOX = str(tmp_path)
    write_signed(tmp_path, "a.csv", file_bytes([line("TX1", card.pk, NOON)]))
    write_signed(tmp_path, "b.csv", file_bytes([line("TX2", card.pk, NOON)]), secret="x")
    (tmp_path / "c.csv").write_bytes(file_bytes([line("TX3", card.pk, NOON)]))  # no .sig yet

    assert import_processor_files() == 2

    assert (tmp_path / "done" / "a.csv").is_file() and (tmp_path / "refused" / "b.csv").is_file()
    assert (tmp_path / "c.csv").is_file()
    assert list(CardTransaction.objects.values_list("reference", flat=True)) == ["TX1"]
    assert TransactionImport.objects.filter(status="REFUSED").count() == 1


def _event(event_id, data):
    return {"id": event_id, "type": "transaction.recorded", "data": data}


def _post(http, event, *, secret=None):
    body = json.dumps(event).encode()
    return http.post(
        reverse("fulfilment:partner_webhook", args=["processor"]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(body, secret or partner_secret("PROCESSOR"))},
    )


def _data(of, reference="RT1", **changes):
    data = {
        "reference": reference,
        "card": of.pk,
        "occurred_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat(),
        "amount_cents": 1150,
        "category": "SUPERMARKET",
        "result": "ACCEPTED",
        "balance_after_cents": 0,
    }
    return {**data, **changes}


def test_a_real_time_event_is_recorded_once_through_the_partner_endpoint(client, card):
    assert _post(client, _event("ev1", _data(card))).status_code == 200
    assert _post(client, _event("ev1", _data(card))).status_code == 200  # replayed
    assert _post(client, _event("ev2", _data(card))).status_code == 200  # same reference

    stored = CardTransaction.objects.get()
    assert (stored.reference, stored.amount_cents) == ("RT1", 1150)
    assert DailyUsage.objects.get().transaction_count == 1
    assert PartnerEvent.objects.get(event_id="ev2").outcome == "already recorded"


def test_a_bad_or_forged_event_changes_nothing(client, card):
    bad = _post(client, _event("ev1", _data(card, card=999_999)))
    forged = _post(client, _event("ev2", _data(card)), secret="forged")

    assert (bad.status_code, forged.status_code) == (400, 403)
    assert not CardTransaction.objects.exists() and not DailyUsage.objects.exists()
    assert PartnerEvent.objects.get(event_id="ev1").applied is False


def test_the_staff_read_a_files_report_in_the_back_office(tmp_path, card, issuer_agent):
    from django.test import Client as HttpClient

    from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY

    row = _import(tmp_path, [line("A", card.pk, NOON), line("B", 999_999, NOON)]).row
    http = HttpClient()
    http.force_login(issuer_agent)
    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()

    page = http.get(reverse("backoffice:statistics_transactionimport_change", args=[row.pk]))

    assert page.status_code == 200
    assert "ligne 3 · carte · Carte inconnue." in page.content.decode()
