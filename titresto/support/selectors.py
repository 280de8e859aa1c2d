"""Every read of the service clients. The FAQ is the issuer's, not a tenant's: what an actor
reads of it depends only on being a signed-in manager (the public part is for everyone)."""

from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Prefetch, Q

from titresto.core.actors import Actor
from titresto.core.pagination import PAGE_SIZE, Page, page_bounds
from titresto.orders.models import Order
from titresto.support.models import ContactRequest, FaqCategory, FaqQuestion, SupportMessage
from titresto.support.search import search_terms


@dataclass(frozen=True)
class FaqSection:
    category: FaqCategory
    questions: list[FaqQuestion]


@dataclass(frozen=True)
class FaqPage:
    sections: list[FaqSection]
    query: str
    found: int


def _readable_categories(actor: Actor | None) -> Q:
    readable = Q(is_published=True)
    return readable if actor is not None else readable & Q(is_public=True)


def faq_page(*, actor: Actor | None, query: str = "") -> FaqPage:
    """The published FAQ this reader may see, filtered by the words of `query` (each word must
    appear, without regard to accents or case). Two queries, whatever its size."""
    questions = FaqQuestion.objects.filter(is_published=True).order_by("position", "id")
    terms = search_terms(query)
    if terms:
        questions = questions.filter(
            reduce(and_, (Q(search_text__contains=term) for term in terms))
        )
    categories = (
        FaqCategory.objects.filter(_readable_categories(actor))
        .order_by("position", "id")
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="shown"))
    )
    sections = [FaqSection(category, category.shown) for category in categories if category.shown]
    return FaqPage(sections, query=" ".join(terms), found=sum(len(s.questions) for s in sections))


def faq_question_readable(*, actor: Actor | None, question_id: int) -> FaqQuestion | None:
    """A published question of a category this reader may see, or None."""
    return FaqQuestion.objects.filter(
        pk=question_id,
        is_published=True,
        category__in=FaqCategory.objects.filter(_readable_categories(actor)),
    ).first()


def request_page(*, actor: Actor, number: int) -> Page:
    """The client's requests, latest first, 50 a page."""
    requests = ContactRequest.objects.filter(client=actor.client)
    total = requests.count()
    number, page_count, offset = page_bounds(total=total, number=number)
    rows = list(
        requests.select_related("order").order_by("-created_at", "-id")[offset : offset + PAGE_SIZE]
    )
    return Page(rows=rows, total=total, number=number, page_count=page_count)


def request_thread(*, contact: ContactRequest, for_client: bool) -> list[SupportMessage]:
    """The thread oldest first, with its files; the client never reads internal notes."""
    messages = SupportMessage.objects.filter(request=contact, client_id=contact.client_id)
    if for_client:
        messages = messages.exclude(kind=SupportMessage.Kind.NOTE)
    return list(
        messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def request_order_choices(*, actor: Actor, limit: int = 100) -> list[Order]:
    """The client's latest orders, for « Commande concernée »."""
    return list(Order.objects.filter(client=actor.client).order_by("-created_at", "-id")[:limit])
