"""Delivery of digests: the ledger loop (``deliverer``), one message to one chat with Telegram's
errors translated (``sender``), and the bot's one pacing layer, its rate limiter (``pacing``)."""

from bot.delivery.deliverer import Deliverer, DeliveryOutcome, DeliveryReport
from bot.delivery.pacing import Pacer, Pacing
from bot.delivery.sender import Recipient, Sender

__all__ = [
    "Deliverer",
    "DeliveryOutcome",
    "DeliveryReport",
    "Pacer",
    "Pacing",
    "Recipient",
    "Sender",
]
