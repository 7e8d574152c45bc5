"""Signals of the round lifecycle. The catalog sits above rounds (its items belong to a round), so
rounds cannot call it: a new round announces itself and the catalog gives it its form, inside the
same transaction."""

from django.dispatch import Signal

# Sent by create_round inside its transaction with round=, acting_user=, source=. A receiver
# answers a dict: "message" (Thai, added to the audit row's message) and data for the audit row;
# an exception rolls the round back.
round_created = Signal()
