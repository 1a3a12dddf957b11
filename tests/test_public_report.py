"""The printable public report: every section of the assembly, and nothing personal."""

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Letter, Registrant, User
from tests import factories
from tests.factories_report import DISSENT, report_assembly

URL = "/a/open-report/report"


@pytest.fixture
def world(app):
    return report_assembly()


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_report_has_a_table_of_contents_and_the_remit(world, client):
    page = _page(client)
    assert 'class="report-toc"' in page
    for anchor in ("remit-h", "process-h", "sittings-h", "evidence-h", "participation-h"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert "What should we do?" in page


def test_the_process_counts_every_step_and_links_the_lottery_record(world, client):
    page = _page(client)
    figures = page.split("data-figures>", 1)[1].split("</ul>", 1)[0]
    shown = [part.split("</strong>")[0] for part in figures.split("<strong>")[1:]]
    # letters, registrations, response rate (4 of 20), pool, drawn, confirmed, left, replaced
    assert shown == ["20", "17", "20%", "6", "6", "5", "1", "1"]
    assert "Target seats" in page  # the panel's table against its targets
    assert 'aria-labelledby="panel-1-title"' in page  # and its chart
    assert "/a/open-report/selection" in page


def test_sittings_show_published_experts_and_their_interests_only(world, client):
    page = _page(client)
    assert "Learning weekend" in page and "Town hall" in page
    assert "Dr Published Expert" in page and "Funded by the Heat Foundation" in page
    assert "Dr Hidden Expert" not in page and "Secret money" not in page
    assert "published.expert@private.example" not in page


def test_evidence_and_the_lobbying_register(world, client):
    page = _page(client)
    assert "Green Homes Network" in page and "Heat pumps in every school" in page
    assert "Please keep the old boilers." in page
    assert "Unpublished pending text." not in page
    assert "Gas Forever Association" in page and "Invitation to a dinner" in page
    for hidden in ("Anonymous Writer", "Pending Person", "Nadia Namedcontact"):
        assert hidden not in page


def test_who_took_part_in_each_sitting_and_ballot(world, client):
    page = _page(client)
    assert "5 members attended." in page
    assert "5 members voted." in page


def test_recommendations_with_votes_minority_statements_and_answers(world, client):
    page = _page(client)
    for number in (1, 2, 3):
        assert f"Recommendation title {number}" in page
    assert "passed" in page and "80" in page
    assert "Minority statements" in page and DISSENT in page
    assert 'aria-labelledby="vote-1-title"' in page  # the vote's chart
    assert "Budget." in page and "Tender out." in page
    assert "The authority has not answered yet." in page


def test_no_personal_data_in_the_report(world, client):
    page = _page(client)
    secrets = []
    for person in db.session.scalars(select(Registrant)):
        secrets += [person.first_name, person.last_name, person.email, person.address, person.phone]
    for letter in db.session.scalars(select(Letter)):
        secrets += [letter.recipient, letter.address, letter.code]
    for user in db.session.scalars(select(User)):
        secrets += [user.name, user.email]
    secrets += ["nadia@private.example", "anon@private.example", "pending@private.example"]
    secrets = [s for s in secrets if s]
    assert len(secrets) > 80
    leaked = [s for s in secrets if s in page]
    assert leaked == []


def test_an_unpublished_assembly_has_no_report(world, client):
    factories.assembly(slug="hidden-report")
    assert client.get("/a/hidden-report/report").status_code == 404
    assert client.get("/a/no-such-assembly/report").status_code == 404


def test_the_report_reads_in_another_language(world, client):
    page = client.get(URL + "?lang=de").get_data(as_text=True)
    assert '<html lang="de">' in page and "Lobbyregister" in page
