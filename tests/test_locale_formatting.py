"""Numbers and percentages are written as the reader's language writes them."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from flask_babel import refresh
from sqlalchemy import select

from facilitate import numbers
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, MemberStatus, Sitting
from facilitate.models.members import TravelClaim
from facilitate.models.selection import SelectionRun
from facilitate.models.sittings import AgendaItem
from facilitate.models.sittings_content import Material
from tests import factories, factories_public


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "12.5%"), ("de", "12,5\xa0%"), ("fr", "12,5\xa0%"), ("nl", "12,5%")],
)
def test_percent_follows_the_locale(app, lang, expected):
    app.config["LANGUAGES"] = [*app.config["LANGUAGES"], "nl"]
    with app.test_request_context(f"/?lang={lang}"):
        refresh()  # the app fixture's context would keep the first locale chosen
        assert numbers.percent(12.5) == expected


def test_percent_rounds_and_drops_trailing_zeros(app):
    with app.test_request_context("/?lang=en"):
        refresh()
        assert numbers.percent(33.3333) == "33.3%"
        assert numbers.percent(50.0) == "50%"
        assert numbers.percent(2 / 3 * 100, digits=0) == "67%"
        assert numbers.percent(None) == "—"


def test_number_follows_the_locale(app):
    with app.test_request_context("/?lang=de"):
        refresh()
        assert numbers.number(1234.5) == "1.234,5"
    with app.test_request_context("/?lang=en"):
        refresh()
        assert numbers.number(1234.5) == "1,234.5"


def test_pool_chart_writes_shares_in_german(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="deutsch")
    factories.quotas(
        assembly,
        {"gender": [("female", 52.5, 9, 11), ("male", 47.5, 9, 11)]},
    )
    login(organiser)

    german = client.get("/assemblies/deutsch/pool/?lang=de").get_data(as_text=True)
    english = client.get("/assemblies/deutsch/pool/?lang=en").get_data(as_text=True)

    assert "52,5\xa0%" in german and "52.5" not in german
    assert "52.5%" in english


# --- pages, in each language the interface offers -----------------------------------------

LANGS = ("de", "fr", "nl", "it")
NBSP, NNBSP = "\xa0", "\u202f"
#: 37.5 % as each language writes it (rounded to one decimal).
SHARE = {"de": f"37,5{NBSP}%", "fr": f"37,5{NBSP}%", "nl": "37,5%", "it": "37,5%"}
#: 5 seats among 30 people: a chance of 16.67 %.
CHANCE = {"de": f"16,67{NBSP}%", "fr": f"16,67{NBSP}%", "nl": "16,67%", "it": "16,67%"}
#: 1234.50 euros.
MONEY = {
    "de": f"1.234,50{NBSP}€",
    "fr": f"1{NNBSP}234,50{NBSP}€",
    "nl": f"€{NBSP}1.234,50",
    "it": f"1.234,50{NBSP}€",
}
#: 12 345 bytes.
SIZE = {"de": "12,3 kB", "fr": f"12,3{NNBSP}ko", "nl": "12,3 kB", "it": "12,3 kB"}


@pytest.mark.parametrize("lang", LANGS)
def test_public_panel_writes_population_shares_in_the_language(client, lang):
    assembly = factories_public.published_assembly()
    assembly.categories[1].values[0].population_share = 37.5
    db.session.commit()

    page = client.get(f"/a/open-data?lang={lang}").get_data(as_text=True)

    assert SHARE[lang] in page
    assert "37.5" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_selection_run_writes_chances_in_the_language(app, client, login, lang):
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user(can_organise=True)
    factories.drawable_assembly(organiser)
    login(organiser)
    form = {"algorithm": "leximin", "households": "y", "panels": "100", "seed": "42"}
    assert client.post("/assemblies/draw/selection/runs", data=form).status_code == 302
    run = db.session.scalar(select(SelectionRun))

    page = client.get(f"/assemblies/draw/selection/runs/{run.id}?lang={lang}")
    text = page.get_data(as_text=True)

    assert CHANCE[lang] in text
    assert "16.67" not in text and "16,67 %%" not in text
    listing = client.get(f"/assemblies/draw/selection/?lang={lang}").get_data(as_text=True)
    assert CHANCE[lang] in listing and "16.67" not in listing


def _sitting_with_a_member(lang_of_organiser=None):
    organiser = factories.user(can_organise=True)
    organiser.locale = lang_of_organiser
    assembly = factories.quotas(
        factories.assembly(organiser, slug="meet", status=AssemblyStatus.SITTING, panel_size=4)
    )
    seat = factories.seat_panel(assembly, size=1)[0]
    member = Member(
        assembly_id=assembly.id,
        seat_id=seat.id,
        registrant_id=seat.registrant_id,
        status=MemberStatus.CONFIRMED,
    )
    sitting = Sitting(
        assembly_id=assembly.id,
        title="Opening",
        starts_at=datetime(2031, 5, 10, 8, tzinfo=UTC),
        ends_at=datetime(2031, 5, 10, 14, tzinfo=UTC),
        place="Town hall",
    )
    db.session.add_all([member, sitting])
    db.session.flush()
    return organiser, assembly, member, sitting


@pytest.mark.parametrize("lang", LANGS)
def test_allowances_are_sums_of_money_in_the_language(client, login, lang):
    organiser, _assembly, member, sitting = _sitting_with_a_member()
    db.session.add(
        TravelClaim(
            assembly_id=member.assembly_id,
            member_id=member.id,
            sitting_id=sitting.id,
            description="Train",
            amount_cents=123450,
        )
    )
    db.session.commit()
    login(organiser)

    page = client.get(f"/assemblies/meet/sittings/allowances?lang={lang}").get_data(as_text=True)

    assert MONEY[lang] in page
    assert "1234.50" not in page and "1,234.50" not in page


def test_the_account_language_chooses_the_format_without_asking(client, login):
    organiser, _assembly, member, sitting = _sitting_with_a_member(lang_of_organiser="it")
    db.session.add(
        TravelClaim(assembly_id=member.assembly_id, member_id=member.id, amount_cents=123450)
    )
    db.session.commit()
    login(organiser)

    page = client.get("/assemblies/meet/sittings/allowances").get_data(as_text=True)

    assert MONEY["it"] in page and "1234.50" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_material_sizes_and_agenda_times_in_the_language(client, login, lang):
    organiser, assembly, _member, sitting = _sitting_with_a_member()
    db.session.add_all(
        [
            Material(
                assembly_id=assembly.id,
                sitting_id=sitting.id,
                title="Briefing",
                filename="briefing.txt",
                content_type="text/plain",
                content=b"x" * 12345,
                size=12345,
            ),
            AgendaItem(sitting_id=sitting.id, at=time(14, 30), title="Questions"),
        ]
    )
    db.session.commit()
    login(organiser)

    page = client.get(f"/assemblies/meet/sittings/{sitting.id}?lang={lang}").get_data(as_text=True)

    assert SIZE[lang] in page and "12 KB" not in page
    assert "14:30" in page
    english = client.get(f"/assemblies/meet/sittings/{sitting.id}?lang=en").get_data(as_text=True)
    assert "12.3 kB" in english and "2:30\u202fPM" in english


@pytest.mark.parametrize("lang", LANGS)
def test_evaluation_shows_audit_times_as_people_read_them(client, login, lang):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="evaluated", time_zone="Europe/Brussels")
    entry = record_action(organiser, "assembly.update", assembly, "assembly:evaluated")
    db.session.commit()
    login(organiser)

    page = client.get(f"/assemblies/evaluated/evaluation?lang={lang}").get_data(as_text=True)

    assert entry.created_at.isoformat() not in page
    local = format_datetime(
        entry.created_at, "short", tzinfo=ZoneInfo("Europe/Brussels"), locale=lang
    )
    assert local in page
