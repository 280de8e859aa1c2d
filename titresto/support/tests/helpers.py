"""Test helpers of the service clients: FAQ rows written through their services."""

from django.utils import timezone

from titresto.accounts.models import User
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.services import faq_category_save, faq_question_save


def faq_category(staff: User, *, title: str = "Commandes", is_public: bool = False) -> FaqCategory:
    return faq_category_save(
        category=FaqCategory(title_fr=title, title_en=f"{title} (en)", is_public=is_public),
        staff=staff,
        now=timezone.now(),
    )


def faq_question(
    staff: User,
    category: FaqCategory,
    *,
    question: str = "Comment payer ?",
    answer: str = "Par carte ou par virement.",
    english: str = "",
    is_published: bool = True,
) -> FaqQuestion:
    return faq_question_save(
        question=FaqQuestion(
            category=category,
            question_fr=question,
            answer_fr=answer,
            question_en=english,
            answer_en=f"{english} answer" if english else "",
            is_published=is_published,
        ),
        staff=staff,
        now=timezone.now(),
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def xlsx_bytes() -> bytes:
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write(0, 0, "matricule")
    workbook.close()
    return buffer.getvalue()
