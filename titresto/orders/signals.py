"""What the orders tell the apps above them, which they may not import.

`order_paid` is sent once an order's payment has committed (`sender` = Order, `order_id`):
fulfilment starts from it. `order_awaits_transfer` is sent once the manager's choice of a bank
transfer has committed (`order_id`): billing issues the pro-forma from it.
"""

from django.dispatch import Signal

order_paid = Signal()
order_awaits_transfer = Signal()
