"""The only way to reach one document: the actor's client's, or 404 (the same answer for
« missing » and « not yours »); a statement without `STATEMENTS_VIEW`, 403. Every refusal is
logged, since a document's address is where portals leak."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

from titresto.billing.models import Document
from titresto.core.actors import Actor
from titresto.core.capabilities import Capability

security_log = logging.getLogger("titresto.security")


def access_document(*, actor: Actor, public_id: str) -> Document:
    document = Document.objects.filter(public_id=public_id).select_related("order").first()
    if document is None or document.client_id != actor.client.pk:
        security_log.warning(
            "document refused (404): %s asked by user %s for client %s, %s",
            public_id,
            actor.user.pk,
            actor.client.pk,
            "unknown" if document is None else f"belongs to client {document.client_id}",
        )
        raise Http404
    if document.kind == Document.Kind.STATEMENT and not actor.can(Capability.STATEMENTS_VIEW):
        security_log.warning(
            "document refused (403): statement %s asked by user %s without %s",
            document.number,
            actor.user.pk,
            Capability.STATEMENTS_VIEW,
        )
        raise PermissionDenied
    return document
