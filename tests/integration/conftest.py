import pytest

from sbserver import Server


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        yield s
