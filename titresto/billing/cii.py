"""A document's content as the EN 16931 CII XML that Factur-X embeds, built with drafthorse.

drafthorse (a maintained model of the CII schema) serialises only the elements the chosen
profile allows and in the schema's order, so the XML is shaped by the library and checked
against factur-x's own EN 16931 XSD before a document is stored. The business rules the XSD
cannot see (sums, VAT breakdowns, parties) hold because the PDF and the XML are drawn from
one `Content`, and the tests check them on the XML read back from the PDF.
"""

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document as CiiDocument
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.references import AdditionalReferencedDocument
from drafthorse.models.tradelines import LineItem

from titresto.billing.content import PAYMENT_MEANS, Content, Party

EN16931 = "urn:cen.eu:en16931:2017"
SIREN_SCHEME = "0002"  # ISO 6523 ICD of the French SIREN
UNIT = "C62"  # UN/ECE rec. 20: one (a titre, a card, a parcel)
CENT = Decimal("0.01")


def euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def percent(basis_points: int) -> Decimal:
    return (Decimal(basis_points) / 100).quantize(CENT)


def _party(target, party: Party, *, with_vat: bool) -> None:
    target.name = party.name
    target.legal_organization.id = (SIREN_SCHEME, party.siren)
    target.legal_organization.trade_name = party.name
    target.address.line_one = party.address_line1
    if party.address_line2:
        target.address.line_two = party.address_line2
    target.address.postcode = party.postcode
    target.address.city_name = party.city
    target.address.country_id = party.country
    # BR-O-02: a document « not subject to VAT » names no VAT identifier.
    if with_vat and party.vat_number:
        target.tax_registrations.add(TaxRegistration(id=("VA", party.vat_number)))


def _line(content_line) -> LineItem:
    item = LineItem()
    item.document.line_id = str(content_line.position)
    item.product.name = content_line.label
    item.agreement.net.amount = euros(content_line.unit_price_cents)
    item.delivery.billed_quantity = (Decimal(content_line.quantity), UNIT)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = content_line.vat_category
    if content_line.vat_rate_basis_points is not None:  # BR-O-05: no rate for category O
        item.settlement.trade_tax.rate_applicable_percent = percent(
            content_line.vat_rate_basis_points
        )
    item.settlement.monetary_summation.total_amount = euros(content_line.total_cents)
    return item


def cii_xml(content: Content) -> bytes:
    document = CiiDocument()
    document.context.guideline_parameter.id = EN16931
    document.header.id = content.number
    document.header.type_code = content.type_code
    document.header.issue_date_time = content.issue_date
    for subject, text in content.notes:
        note = IncludedNote()
        note.subject_code = subject
        note.content = text
        document.header.notes.add(note)
    if content.reason:
        note = IncludedNote()
        note.subject_code = "ACD"  # UNTDID 4451: reason
        note.content = content.reason
        document.header.notes.add(note)

    trade = document.trade
    with_vat = content.is_subject_to_vat
    _party(trade.agreement.seller, content.seller, with_vat=with_vat)
    _party(trade.agreement.buyer, content.buyer, with_vat=with_vat)
    trade.agreement.buyer_reference = content.order_number
    trade.agreement.buyer_order.issuer_assigned_id = content.order_number
    if content.contract_number:
        trade.agreement.contract.issuer_assigned_id = content.contract_number
    for reference in content.references:
        related = AdditionalReferencedDocument()
        related.issuer_assigned_id = reference.number
        related.type_code = "916"  # UNTDID 1001: related document
        trade.agreement.additional_references.add(related)
    trade.delivery.event.occurrence = content.service_date

    settlement = trade.settlement
    settlement.currency_code = "EUR"
    if content.payment_reference:
        settlement.payment_reference = content.payment_reference
    means = PaymentMeans()
    means.type_code = PAYMENT_MEANS[content.payment_method]
    if content.payment_method == "TRANSFER":  # BR-61: a transfer names the account
        means.payee_account.iban = content.iban
    settlement.payment_means.add(means)
    for breakdown in content.breakdowns:
        tax = ApplicableTradeTax()
        tax.calculated_amount = euros(breakdown.tax_cents)
        tax.type_code = "VAT"
        if breakdown.exemption_reason:
            tax.exemption_reason = breakdown.exemption_reason
        tax.basis_amount = euros(breakdown.basis_cents)
        tax.category_code = breakdown.category
        if breakdown.exemption_code:
            tax.exemption_reason_code = breakdown.exemption_code
        if breakdown.rate_basis_points is not None:
            tax.rate_applicable_percent = percent(breakdown.rate_basis_points)
        settlement.trade_tax.add(tax)
    terms = PaymentTerms()
    terms.description = _terms_text(content)
    terms.due = content.due_date
    settlement.terms.add(terms)
    if content.corrects is not None:
        settlement.invoice_referenced_document.issuer_assigned_id = content.corrects.number
        if content.corrects.issue_date:
            settlement.invoice_referenced_document.issue_date_time = content.corrects.issue_date

    summation = settlement.monetary_summation
    summation.line_total = euros(content.total_excl_vat_cents)
    summation.charge_total = euros(0)
    summation.allowance_total = euros(0)
    summation.tax_basis_total = euros(content.total_excl_vat_cents)
    summation.tax_total = (euros(content.vat_cents), "EUR")
    summation.grand_total = euros(content.total_cents)
    summation.prepaid_total = euros(content.paid_cents)
    summation.due_amount = euros(content.due_cents)

    for line in content.lines:
        trade.items.add(_line(line))
    return document.serialize(schema="FACTUR-X_EN16931")


def _terms_text(content: Content) -> str:
    if content.due_cents <= 0:
        return "Payée à la commande."
    return f"Payable par virement avec la référence {content.payment_reference}."
