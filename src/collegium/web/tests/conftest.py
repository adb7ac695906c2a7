import pytest


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    from collegium.web.tests.scenario import build

    return build(world)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def _login(person):  # type: ignore[no-untyped-def]
        client.logout()
        client.force_login(person)  # the login form itself is tested once, with its throttling
        return client

    return _login


@pytest.fixture
def world_tx(transactional_db):  # type: ignore[no-untyped-def]
    """The test world committed for real, so that the live server's thread sees it."""
    from collegium.core.testing import make_world

    return make_world()


from collegium.web.tests.browser import browser, open_page  # noqa: E402,F401 - fixtures for the journeys
