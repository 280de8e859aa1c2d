"""Paid orders for billing's tests, and the CII XML read back as figures."""

from decimal import Decimal

from django.utils import timezone
from lxml import etree

from titresto.core.actors import Actor
from titresto.orders.models import Order
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def paid_order(actor: Actor, count: int = 3, method: str = "CARD") -> Order:
    order = payable(actor, count=count)
    return order_mark_paid(order=order, by="Sandbox", method=method, now=timezone.now())


class Cii:
    """An invoice's XML, read the way an accounting platform reads it."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)

    def all(self, path: str) -> list:
        return self.root.xpath(path, namespaces=NS)

    def text(self, path: str) -> str | None:
        found = self.all(path)
        return found[0].text if found else None

    def amount(self, path: str) -> Decimal:
        text = self.text(path)
        assert text is not None, f"missing {path}"
        return Decimal(text)

    def summation(self, name: str) -> Decimal:
        return self.amount(f"//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{name}")

    @property
    def line_amounts(self) -> list[Decimal]:
        return [
            Decimal(node.text)
            for node in self.all("//ram:IncludedSupplyChainTradeLineItem//ram:LineTotalAmount")
        ]

    @property
    def breakdowns(self) -> list:
        return self.all("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax")

    @property
    def line_taxes(self) -> list:
        return self.all(
            "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
            "/ram:ApplicableTradeTax"
        )


def en16931_violations(xml: bytes) -> list[str]:
    """The EN 16931 business rules our documents could break (sums, VAT breakdowns, rounding,
    parties and dates), checked as a validator would on what it receives."""
    cii = Cii(xml)
    broken = []

    def rule(name: str, holds: bool) -> None:
        if not holds:
            broken.append(name)

    rule(
        "BR-01",
        cii.text("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
        == "urn:cen.eu:en16931:2017",
    )
    rule("BR-02", bool(cii.text("//rsm:ExchangedDocument/ram:ID")))
    rule("BR-03", bool(cii.text("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")))
    rule("BR-04", cii.text("//rsm:ExchangedDocument/ram:TypeCode") in {"380", "381", "325"})
    rule("BR-05", cii.text("//ram:InvoiceCurrencyCode") == "EUR")
    for role, name_rule, address_rule, country_rule in (
        ("SellerTradeParty", "BR-06", "BR-08", "BR-09"),
        ("BuyerTradeParty", "BR-07", "BR-10", "BR-11"),
    ):
        rule(name_rule, bool(cii.text(f"//ram:{role}/ram:Name")))
        rule(address_rule, bool(cii.all(f"//ram:{role}/ram:PostalTradeAddress")))
        rule(country_rule, bool(cii.text(f"//ram:{role}/ram:PostalTradeAddress/ram:CountryID")))
    rule(
        "BR-CO-26",
        bool(cii.text("//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"))
        or bool(cii.all("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration")),
    )
    rule("BR-16", len(cii.line_amounts) > 0)
    for item in cii.all("//ram:IncludedSupplyChainTradeLineItem"):
        rule("BR-21", bool(item.xpath(".//ram:LineID", namespaces=NS)))
        quantity = item.xpath(".//ram:BilledQuantity", namespaces=NS)
        rule("BR-22", bool(quantity))
        rule("BR-23", bool(quantity) and bool(quantity[0].get("unitCode")))
        rule("BR-25", bool(item.xpath(".//ram:SpecifiedTradeProduct/ram:Name", namespaces=NS)))
        price = item.xpath(".//ram:NetPriceProductTradePrice/ram:ChargeAmount", namespaces=NS)
        rule("BR-26", bool(price))
        rule("BR-27", bool(price) and Decimal(price[0].text) >= 0)
        category = item.xpath(".//ram:ApplicableTradeTax/ram:CategoryCode", namespaces=NS)
        rule("BR-CO-04", bool(category))
        rate = item.xpath(".//ram:ApplicableTradeTax/ram:RateApplicablePercent", namespaces=NS)
        if category and category[0].text == "S":
            rule("BR-S-05", bool(rate) and Decimal(rate[0].text) > 0)
        if category and category[0].text == "O":
            rule("BR-O-05", not rate)
    for node in cii.all("//*[contains(local-name(), 'Amount')]"):
        rule("BR-DEC (two decimals)", Decimal(node.text).as_tuple().exponent >= -2)

    line_total = cii.summation("LineTotalAmount")
    tax_basis = cii.summation("TaxBasisTotalAmount")
    tax_total = cii.summation("TaxTotalAmount")
    grand = cii.summation("GrandTotalAmount")
    prepaid = cii.summation("TotalPrepaidAmount")
    due = cii.summation("DuePayableAmount")
    charges = cii.summation("ChargeTotalAmount")
    allowances = cii.summation("AllowanceTotalAmount")
    rule("BR-CO-10", line_total == sum(cii.line_amounts))
    rule("BR-CO-13", tax_basis == line_total - allowances + charges)
    breakdowns = cii.breakdowns
    rule("BR-CO-18", len(breakdowns) >= 1)
    taxes = [Decimal(b.xpath("ram:CalculatedAmount", namespaces=NS)[0].text) for b in breakdowns]
    rule("BR-CO-14", tax_total == sum(taxes))
    rule("BR-CO-15", grand == tax_basis + tax_total)
    rule("BR-CO-16", due == grand - prepaid)
    if due > 0:
        rule(
            "BR-CO-25",
            bool(
                cii.text("//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")
            ),
        )
    categories = [b.xpath("ram:CategoryCode", namespaces=NS)[0].text for b in breakdowns]
    line_categories = [t.xpath("ram:CategoryCode", namespaces=NS)[0].text for t in cii.line_taxes]
    for breakdown, category, tax in zip(breakdowns, categories, taxes, strict=True):
        basis = Decimal(breakdown.xpath("ram:BasisAmount", namespaces=NS)[0].text)
        rate_nodes = breakdown.xpath("ram:RateApplicablePercent", namespaces=NS)
        reason = breakdown.xpath("ram:ExemptionReason|ram:ExemptionReasonCode", namespaces=NS)
        lines_of_category = [
            amount
            for amount, line_category in zip(cii.line_amounts, line_categories, strict=True)
            if line_category == category
        ]
        if category == "S":
            rate = Decimal(rate_nodes[0].text)
            rule("BR-S-08", basis == sum(lines_of_category))
            rule(
                "BR-S-09 / BR-CO-17",
                tax == (basis * rate / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"),
            )
            rule("BR-S-10", not reason)
            rule(
                "BR-S-02",
                bool(
                    cii.all(
                        "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"
                    )
                ),
            )
        if category == "O":
            rule("BR-O-08", basis == sum(lines_of_category))
            rule("BR-O-09", tax == 0)
            rule("BR-O-10", bool(reason))
            rule("BR-O-11", len(breakdowns) == 1)
            rule("BR-O-02", not cii.all("//ram:SpecifiedTaxRegistration"))
    rule("BR-O-01", line_categories.count("O") == 0 or categories.count("O") == 1)
    rule("BR-S-01", "S" not in line_categories or "S" in categories)
    if cii.text("//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") in {"30", "58"}:
        rule("BR-61", bool(cii.text("//ram:PayeePartyCreditorFinancialAccount/ram:IBANID")))
    return broken
