"""The price of an order: a worked example, then the rules of DOMAIN.md as properties."""

import random
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from titresto.clients.services import ContractTerms
from titresto.core.rules import rules_from_row
from titresto.orders.pricing import PriceLine, PricingTerms, line_price, price

TERMS = PricingTerms(
    commission_basis_points=150,  # 1,50 %
    commission_min_cents=500,
    card_fee_cents=500,
    delivery_fee_cents=1200,
    home_delivery_fee_cents=350,
    fee_vat_basis_points=2000,
)


def test_a_worked_example_priced_by_hand():
    breakdown = price(
        TERMS,
        [
            PriceLine(20, 1000, 6000, card=True, parcel=("point", 1)),
            PriceLine(18, 955, 5500),  # 5,2525 € of employer share per titre → 5,25 €
            PriceLine(0, 1000, 6000, card=True, ships_home=True, parcel=("home", "N3")),
        ],
    )

    assert breakdown.as_dict() == {
        "lines": 3,
        "titres": 38,
        "face_value_cents": 20000 + 17190,
        "employer_share_cents": 12000 + 18 * 525,
        "employee_share_cents": 8000 + 17190 - 18 * 525,
        "commission_cents": 300 + 258,  # 257,85 rounds up
        "commission_minimum_applied": False,
        "cards": 2,
        "card_fees_cents": 1000,
        "parcels": 2,
        "delivery_fees_cents": 2400,
        "home_cards": 1,
        "home_delivery_fees_cents": 350,
        "fees_excl_vat_cents": 558 + 1000 + 2400 + 350,
        "fee_vat_basis_points": 2000,
        "vat_cents": 862,  # 861,60
        "total_cents": 37190 + 4308 + 862,
    }


def test_the_minimum_commission_applies_to_a_small_order_and_not_to_an_empty_one():
    small = price(TERMS, [PriceLine(1, 600, 5000)])
    assert (small.commission_cents, small.commission_minimum_applied) == (500, True)
    empty = price(TERMS, [])
    assert (empty.commission_cents, empty.total_cents) == (0, 0)


def test_cards_to_one_point_travel_in_one_parcel_and_home_cards_each_pay_the_home_fee():
    lines = [PriceLine(5, 1000, 6000, card=True, parcel=("point", 7)) for _ in range(40)]
    lines += [
        PriceLine(5, 1000, 6000, card=True, ships_home=True, parcel=("home", n)) for n in range(3)
    ]
    lines += [PriceLine(5, 1000, 6000)]  # no card: no parcel
    breakdown = price(TERMS, lines)
    assert (breakdown.cards, breakdown.parcels, breakdown.home_cards) == (43, 4, 3)
    assert breakdown.delivery_fees_cents == 4 * 1200
    assert breakdown.home_delivery_fees_cents == 3 * 350


def test_the_terms_come_from_the_contract_and_the_vat_rate_from_the_rules(db):
    from titresto.core.models import RuleSet

    rules = rules_from_row(RuleSet.objects.order_by("-valid_from").first())
    terms = PricingTerms.of(ContractTerms(commission_rate=Decimal("2.25")), rules)
    assert (terms.commission_basis_points, terms.fee_vat_basis_points) == (225, 2000)


def _half_up(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


lines_strategy = st.lists(
    st.builds(
        PriceLine,
        titres=st.integers(0, 31),
        face_value_cents=st.integers(500, 2500),
        employer_share_basis_points=st.integers(5000, 6000),
        card=st.booleans(),
        ships_home=st.booleans(),
        parcel=st.one_of(st.none(), st.integers(0, 5)),
    ),
    max_size=60,
)
terms_strategy = st.builds(
    PricingTerms,
    commission_basis_points=st.integers(0, 1000),
    commission_min_cents=st.integers(0, 5000),
    card_fee_cents=st.integers(0, 1000),
    delivery_fee_cents=st.integers(0, 3000),
    home_delivery_fee_cents=st.integers(0, 1000),
    fee_vat_basis_points=st.sampled_from([0, 550, 1000, 2000]),
)


@given(terms_strategy, lines_strategy)
def test_totals_are_the_sums_of_lines_rounded_half_up_one_by_one(terms, lines):
    breakdown = price(terms, lines)

    face = sum(line.titres * line.face_value_cents for line in lines)
    employer = sum(
        line.titres
        * _half_up(Decimal(line.face_value_cents) * line.employer_share_basis_points / 10_000)
        for line in lines
    )
    commission = sum(
        _half_up(
            Decimal(line.titres * line.face_value_cents) * terms.commission_basis_points / 10_000
        )
        for line in lines
    )
    assert breakdown.face_value_cents == face
    assert breakdown.employer_share_cents == employer
    assert breakdown.employee_share_cents == face - employer
    assert sum(line_price(terms, line).commission_cents for line in lines) == commission
    if lines:
        assert breakdown.commission_cents == max(commission, terms.commission_min_cents)
        assert breakdown.commission_minimum_applied == (commission < terms.commission_min_cents)


@given(terms_strategy, lines_strategy)
def test_vat_is_taken_on_the_fees_only(terms, lines):
    breakdown = price(terms, lines)

    fees = (
        breakdown.commission_cents
        + breakdown.card_fees_cents
        + breakdown.delivery_fees_cents
        + breakdown.home_delivery_fees_cents
    )
    assert breakdown.fees_excl_vat_cents == fees
    assert breakdown.vat_cents == _half_up(Decimal(fees) * terms.fee_vat_basis_points / 10_000)
    assert breakdown.total_cents == breakdown.face_value_cents + fees + breakdown.vat_cents


@given(terms_strategy, lines_strategy)
def test_fees_count_cards_parcels_and_homes(terms, lines):
    breakdown = price(terms, lines)

    cards = [line for line in lines if line.card]
    parcels = {line.parcel for line in cards if line.parcel is not None}
    assert breakdown.cards == len(cards)
    assert breakdown.card_fees_cents == len(cards) * terms.card_fee_cents
    assert breakdown.parcels == len(parcels)
    assert breakdown.home_cards == sum(line.ships_home for line in cards)


@given(terms_strategy, lines_strategy, st.randoms(use_true_random=False))
def test_the_order_of_the_lines_does_not_change_the_price(terms, lines, rng: random.Random):
    shuffled = list(lines)
    rng.shuffle(shuffled)
    assert price(terms, shuffled) == price(terms, lines)


@given(
    face=st.integers(min_value=0, max_value=3000),
    basis_points=st.integers(min_value=5000, max_value=6000),
    cap=st.integers(min_value=500, max_value=900),
)
def test_the_over_cap_threshold_agrees_with_the_rounded_share(face, basis_points, cap):
    from titresto.orders.pricing import over_cap_from, share_of

    assert (face * basis_points >= over_cap_from(cap)) == (share_of(face, basis_points) > cap)
