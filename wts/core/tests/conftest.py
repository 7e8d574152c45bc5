import pytest
from django.utils import timezone


@pytest.fixture
def open_world(world):
    """The shared world with its round open for entry now (servers in subprocesses run on real time)."""
    now = timezone.now()
    round_ = world.round
    round_.entry_opens_at = now - timezone.timedelta(days=10)
    round_.entry_closes_at = now + timezone.timedelta(days=1)
    round_.confirm_opens_at = now - timezone.timedelta(days=1)
    round_.confirm_closes_at = now + timezone.timedelta(days=10)
    round_.save()
    return world
