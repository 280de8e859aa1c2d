"""A document's content as a Factur-X PDF: WeasyPrint renders the branded PDF/A-3b, factur-x
embeds the CII XML as `factur-x.xml` (profile EN 16931), after checking it against the XSD."""

from dataclasses import dataclass
from hashlib import sha256

import facturx
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from titresto.billing.cii import cii_xml
from titresto.billing.content import Content


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    xml: bytes

    @property
    def pdf_sha256(self) -> str:
        return sha256(self.pdf).hexdigest()

    @property
    def xml_sha256(self) -> str:
        return sha256(self.xml).hexdigest()


def document_html(content: Content) -> str:
    with translation.override("fr"):
        return render_to_string(
            "billing/pdf/document.html",
            {
                "c": content,
                "issuer_name": settings.ISSUER["name"],
                "issuer_product": settings.ISSUER["product"],
                "brand_color": settings.ISSUER["brand_color"],
            },
        )


def pdf_of(html: str) -> bytes:
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")


def render(content: Content) -> Rendered:
    """The PDF with its XML embedded; a document whose XML breaks the XSD is never made."""
    xml = cii_xml(content)
    pdf = facturx.generate_from_binary(
        pdf_of(document_html(content)),
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        lang="fr-FR",
        pdf_metadata={
            "author": content.seller.name,
            "keywords": "Factur-X",
            "title": f"{content.title} {content.number}",
            "subject": f"{content.title} {content.number} — {content.buyer.name}",
        },
    )
    return Rendered(pdf=pdf, xml=xml)


def render_plain(html: str) -> bytes:
    """A document that is not an invoice (a statement): the PDF/A alone."""
    return pdf_of(html)
