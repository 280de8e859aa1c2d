"""The privacy rule of « Statistiques d'utilisation carte »: the employer sees aggregates of
groups of at least five beneficiaries, never one person's purchases.

A breakdown's group (a merchant category, a weekday, an hour, a refusal reason, a month) whose
figures may come from fewer than `MINIMUM` beneficiaries is folded into « Autres ». How many
distinct beneficiaries a group has over a period is not additive over days, so the rule takes
a lower bound that is: the largest number of distinct cards of any one rollup row in the group
(a row counts distinct cards exactly for its day and key). It may fold a group that had five
people spread over days, never show one that had fewer. A lone folded group takes the
smallest shown one with it, so that « Autres » never stands for a single known group.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MINIMUM = 5
OTHERS = _("Autres (moins de 5 bénéficiaires chacun)")


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int
    amount_cents: int
    cards_at_least: int

    @property
    def amount(self) -> float:
        """Euros, for the charts (the tables show the exact text)."""
        return self.amount_cents / 100


def fold(groups: Sequence[Group], *, minimum: int = MINIMUM) -> tuple[list[Group], bool]:
    """The groups shown, those under the minimum merged into one « Autres » group at the end;
    and whether anything was folded."""
    shown = [group for group in groups if group.cards_at_least >= minimum]
    small = [group for group in groups if group.cards_at_least < minimum and group.count]
    if not small:
        return shown, False
    if len(small) == 1 and shown:
        # « Autres » made of one group would name it by elimination: the smallest shown group
        # joins it (complementary suppression).
        smallest = min(shown, key=lambda group: (group.count, group.amount_cents))
        shown = [group for group in shown if group is not smallest]
        small.append(smallest)
    others = Group(
        key="OTHERS",
        label=str(OTHERS),
        count=sum(group.count for group in small),
        amount_cents=sum(group.amount_cents for group in small),
        cards_at_least=max(group.cards_at_least for group in small),
    )
    return [*shown, others], True
