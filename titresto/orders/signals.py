"""What the orders tell the apps above them, which they may not import.

`order_paid` is sent once an order's payment has committed (`sender` = Order, `order_id`):
fulfilment starts from it.
"""

from django.dispatch import Signal

order_paid = Signal()
