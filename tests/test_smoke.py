from tests import factories


def test_home_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No assemblies yet" in response.get_data(as_text=True)


def test_organiser_dashboard(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, title="Water assembly")
    login(organiser)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Water assembly" in page
