"""URL matrix cases for « COMMANDER » and « Suivi de mes commandes »."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import DeliveryPointFactory, actor_for
from tests.matrix import Case, World
from titresto.delivery.models import DeliveryPoint
from titresto.orders.services.imports import import_upload
from titresto.orders.services.orders import order_submit, order_transition
from titresto.orders.services.payments import ReturnUrls, payment_start
from titresto.orders.tests.order_helpers import PERIOD, draft_with
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person


class Rewound(SimpleUploadedFile):
    """The matrix sends one case as several visitors: each request reads the file whole."""

    def read(self, *args: object) -> bytes:
        self.seek(0)
        return super().read(*args)  # type: ignore[arg-type]


def matrix_cases(world: World) -> list[Case]:
    admin = actor_for(world.client_admin)
    DeliveryPointFactory(client=world.tenant, code="SIEGE")
    draft = draft_with(admin, count=2)
    line = draft.lines.order_by("position").first()
    assert line is not None
    to_submit = draft_with(admin, count=1)
    to_cancel = draft_with(admin, count=1)
    to_pay = order_submit(actor=admin, order=draft_with(admin, count=1), now=timezone.now())
    waiting = {}
    for event in ("approve", "reject"):
        order = draft_with(admin, count=1)
        waiting[event] = order_transition(
            order, "submit_for_approval", by=admin, now=timezone.now()
        )

    def upload() -> str:
        return import_upload(
            actor=admin,
            filename="commande.csv",
            data=csv_bytes([new_person()]),
            load_period=PERIOD,
            load_date=None,
            now=timezone.now(),
        ).public_id

    def attempt():
        order = order_submit(actor=admin, order=draft_with(admin, count=1), now=timezone.now())
        urls = ReturnUrls(success="http://testserver/ok", cancel="http://testserver/ko")
        return payment_start(
            actor=admin, order=order, return_urls=lambda _attempt: urls, now=timezone.now()
        )

    returned, abandoned_attempt, shown_checkout, cancelled_checkout = (
        attempt(),
        attempt(),
        attempt(),
        attempt(),
    )
    shown, confirmed, abandoned = upload(), upload(), upload()
    period = PERIOD.isoformat()

    def on(name: str, order_id: str, **options: object) -> Case:
        return Case(name, kwargs={"public_id": order_id}, tenant_object=True, **options)  # type: ignore[arg-type]

    post = {"method": "post", "ok_statuses": (302,)}
    return [
        Case("orders:list"),
        Case("orders:list", data={"numero": "CMD", "statut": "DRAFT"}, label="search"),
        Case("orders:new"),
        Case("orders:import_new"),
        Case(
            "orders:import_new",
            method="post",
            data={
                "file": Rewound("c.csv", csv_bytes([new_person("N0009")])),
                "load_period": period,
            },
            ok_statuses=(302,),
            label="upload",
        ),
        Case("orders:export", kwargs={"kind": "csv"}, label="csv"),
        Case("orders:export", kwargs={"kind": "xlsx"}, data={"detail": "1"}, label="detail"),
        Case("orders:template", kwargs={"kind": "csv"}, label="csv"),
        Case("orders:template", kwargs={"kind": "xlsx"}, label="xlsx"),
        Case("orders:import_list"),
        on("orders:import_detail", shown),
        on("orders:import_report", shown),
        on("orders:import_confirm", confirmed, **post),
        on("orders:import_abandon", abandoned, **post),
        Case("orders:unit_start", data={"load_period": period}, **post),
        on("orders:detail", draft.public_id),
        on("orders:draft", draft.public_id),
        on("orders:draft_add", draft.public_id, data={"all": "1", "titres": "10"}, **post),
        on("orders:draft_titres", draft.public_id, data={"titres": "12"}, **post),
        on(
            "orders:draft_new_person",
            draft.public_id,
            data={
                "nouveau-matricule": "N0200",
                "nouveau-civility": "M",
                "nouveau-last_name": "Roux",
                "nouveau-first_name": "Jean",
                "nouveau-birth_date": "01/02/1980",
                "nouveau-delivery_point": DeliveryPoint.objects.get(
                    client=world.tenant, code="SIEGE"
                ).public_id,
                "titres": "10",
            },
            **post,
        ),
        Case(
            "orders:draft_line",
            kwargs={"public_id": draft.public_id, "position": line.position},
            data={"titres": "5", "face_value": "10,00", "employer_share": "60"},
            tenant_object=True,
            **post,  # type: ignore[arg-type]
        ),
        on("orders:submit", to_submit.public_id, **post),
        on("orders:approve", waiting["approve"].public_id, **post),
        on("orders:reject", waiting["reject"].public_id, data={"reason": "Mauvais mois"}, **post),
        on("orders:cancel", to_cancel.public_id, **post),
        on("orders:duplicate", to_pay.public_id, **post),
        on("orders:transfer", to_pay.public_id, **post),
        on("orders:pay", to_pay.public_id, **post),
        *(
            Case(
                name,
                kwargs={"public_id": chosen.order.public_id, "attempt_id": chosen.public_id},
                tenant_object=True,
                ok_statuses=(302,),
            )
            for name, chosen in (
                ("orders:payment_return", returned),
                ("orders:payment_abandon", abandoned_attempt),
            )
        ),
        # The provider's pages and webhook: public, the checkout known by its reference.
        Case("payments:sandbox_checkout", kwargs={"reference": shown_checkout.provider_reference}),
        Case(
            "payments:sandbox_challenge",
            kwargs={"reference": shown_checkout.provider_reference},
            ok_statuses=(302,),  # no challenge asked yet: back to the card form
        ),
        Case(
            "payments:sandbox_cancel",
            kwargs={"reference": cancelled_checkout.provider_reference},
            **post,  # type: ignore[arg-type]
        ),
        Case(
            "payments:webhook",
            kwargs={"provider": "sandbox"},
            method="post",
            ok_statuses=(400,),  # unsigned: refused, nothing stored
        ),
    ]
