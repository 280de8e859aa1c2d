"""The FAQ: public before sign-in (activation, sign-in), the rest for signed-in managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.core.capabilities import Capability
from titresto.core.parsing import parse_id
from titresto.support.access import access_faq_question
from titresto.support.selectors import faq_page
from titresto.support.services import faq_feedback_record

# The questions this browser already answered « utile ? » for: one answer per question.
FEEDBACK_SESSION_KEY = "support_faq_feedback"
QUERY_MAX = 100


@login_not_required
def faq(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:QUERY_MAX]
    actor = getattr(request, "actor", None)
    context = {
        "page": faq_page(actor=actor, query=query),
        "answered": set(request.session.get(FEEDBACK_SESSION_KEY, [])),
        "support_requests_allowed": actor is not None and actor.can(Capability.SUPPORT_REQUESTS),
    }
    return render(request, "support/faq.html", context)


@login_not_required
@require_POST
def faq_feedback(request: HttpRequest, question_id: str) -> HttpResponse:
    """« Cette réponse vous a-t-elle aidé ? » — counted once per question and browser."""
    question = access_faq_question(
        actor=getattr(request, "actor", None), question_id=parse_id(question_id)
    )
    answered = list(request.session.get(FEEDBACK_SESSION_KEY, []))
    if question.pk not in answered and request.POST.get("helpful") in ("oui", "non"):
        faq_feedback_record(question=question, helpful=request.POST["helpful"] == "oui")
        request.session[FEEDBACK_SESSION_KEY] = [*answered, question.pk][-200:]
        messages.success(
            request, _("Merci pour votre avis : il aide nos équipes à améliorer la FAQ.")
        )
    return redirect(f"{reverse('support:faq')}#question-{question.pk}")
