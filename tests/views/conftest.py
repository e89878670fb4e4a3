import pytest

from partnerships.models import Agreement
from tests.helpers import DEFINITIVE, MOU


@pytest.fixture
def mou(demo) -> Agreement:
    """The demo's non-binding Microsoft–OpenAI MOU."""
    return Agreement.objects.get(slug=MOU)


@pytest.fixture
def definitive(demo) -> Agreement:
    """The demo's definitive agreement that superseded the MOU."""
    return Agreement.objects.get(slug=DEFINITIVE)
