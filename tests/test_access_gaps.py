"""Interpretation a sitting needs and the formats its materials lack, from members' answers."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, MemberStatus, Role, Sitting
from facilitate.models.sittings_content import Material, MaterialFormat
from facilitate.sittings import access_gaps
from tests import factories

EASY, AUDIO, LARGE = MaterialFormat.EASY_READ, MaterialFormat.AUDIO, MaterialFormat.LARGE_PRINT


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.quotas(
        factories.assembly(
            organiser, slug="meet", status=AssemblyStatus.SITTING, panel_size=5, language="de"
        )
    )


def _member(assembly, seat, locale=None, status=MemberStatus.CONFIRMED, **said):
    user = factories.user(email=seat.registrant.email)
    user.locale = locale
    factories.add_role(user, assembly, Role.MEMBER)
    for name, value in said.items():
        setattr(seat.registrant, name, value)
    member = Member(
        assembly_id=assembly.id,
        seat_id=seat.id,
        registrant_id=seat.registrant_id,
        user_id=user.id,
        status=status,
    )
    db.session.add(member)
    return user


@pytest.fixture
def members(assembly):
    """Five drawn people: four confirmed with their own needs, one who has not confirmed."""
    seats = factories.seat_panel(assembly, size=5)
    users = [
        _member(assembly, seats[0]),
        _member(assembly, seats[1], locale="fr", other_needs="Large print, please"),
        _member(assembly, seats[2], needs_interpreting="Turkish"),
        _member(assembly, seats[3], needs_interpreting="Türkisch", other_needs="Leichte Sprache"),
        _member(assembly, seats[4], locale="it", status=MemberStatus.SELECTED, other_needs="audio"),
    ]
    db.session.commit()
    return users


@pytest.fixture
def sitting(assembly):
    made = Sitting(
        assembly_id=assembly.id,
        title="Opening",
        starts_at=datetime(2031, 5, 10, 8, tzinfo=UTC),
        ends_at=datetime(2031, 5, 10, 14, tzinfo=UTC),
        place="Town hall",
    )
    db.session.add(made)
    db.session.commit()
    return made


def _material(sitting, title="Briefing", formats=("standard",)):
    made = Material(
        assembly_id=sitting.assembly_id, sitting_id=sitting.id, title=title, url="https://x.org/"
    )
    made.formats = formats
    db.session.add(made)
    db.session.commit()
    return made


@pytest.mark.parametrize(
    ("words", "key"),
    [("Turkish", "tr"), ("türkisch", "tr"), (" turc ", "tr"), ("Arabisch", "ar"), ("tr", "tr")],
)
def test_a_language_named_in_any_interface_language_is_one_language(app, words, key):
    assert access_gaps.language_key(words) == key


def test_words_that_name_no_language_stay_as_written(app):
    assert access_gaps.language_key("Flemish  sign language") == "Flemish sign language"


@pytest.mark.parametrize(
    ("said", "formats"),
    [
        ("I need easy-read papers", {EASY}),
        ("Leichte Sprache und Großdruck", {EASY, LARGE}),
        ("version audio ou braille", {AUDIO, MaterialFormat.BRAILLE}),
        ("grote letters", {LARGE}),
        ("vegetarian", set()),
    ],
)
def test_formats_asked_for_in_members_own_words(app, said, formats):
    assert access_gaps.formats_asked(said) == formats


def test_gaps_count_confirmed_members_against_the_sitting(assembly, members, sitting):
    briefing = _material(sitting)
    _material(sitting, "Easy version", formats=("easy_read", "large_print"))

    gaps = access_gaps.access_gaps(sitting, assembly, "en")

    assert gaps.members == 4  # the one who has not confirmed is left out
    reads = {lang.key: lang.members for lang in gaps.languages}
    assert reads == {"de": 3, "fr": 1, "tr": 2}
    assert [lang.key for lang in gaps.sitting_languages] == ["de"]
    assert {lang.name: lang.members for lang in gaps.interpretation} == {"Turkish": 2, "French": 1}
    assert gaps.format_needs == {EASY: 1, LARGE: 1}
    assert [(g.material, g.missing) for g in gaps.materials] == [(briefing, {EASY: 1, LARGE: 1})]


def test_a_sitting_held_in_two_languages_needs_less_interpretation(assembly, members, sitting):
    sitting.own_languages = ["de", "fr", "de"]
    db.session.commit()
    assert sitting.languages_csv == "de,fr"

    gaps = access_gaps.access_gaps(sitting, assembly, "de")

    assert [(lang.key, lang.name) for lang in gaps.interpretation] == [("tr", "Türkisch")]


def test_recording_the_formats_closes_the_gap(assembly, members, sitting):
    briefing = _material(sitting)
    access_gaps.set_material_formats(briefing, ["standard", "easy_read", "large_print"])
    db.session.commit()

    assert briefing.formats == {MaterialFormat.STANDARD, EASY, LARGE}
    assert access_gaps.access_gaps(sitting, assembly, "en").materials == []


def test_organisers_see_the_gaps_members_do_not(client, login, organiser, members, sitting):
    _material(sitting)
    url = f"/assemblies/meet/sittings/{sitting.id}"
    login(organiser)

    page = client.get(f"{url}?lang=de").get_data(as_text=True)
    section = page.split('id="access-h"')[1].split("</section>")[0]
    assert "Türkisch: 2" in section and "Französisch: 1" in section

    client.post("/auth/logout")
    login(members[0])
    page = client.get(url).get_data(as_text=True)
    assert 'id="access-h"' not in page and "Turkish" not in page


def test_organisers_record_a_materials_formats(client, login, organiser, members, sitting):
    briefing = _material(sitting)
    url = f"/assemblies/meet/sittings/materials/{briefing.id}/formats"

    login(members[0])
    assert client.post(url, data={"formats": ["audio"]}).status_code == 403
    client.post("/auth/logout")
    login(organiser)
    response = client.post(url, data={"formats": ["standard", "audio"]})
    assert response.status_code == 302
    db.session.refresh(briefing)
    assert briefing.formats == {MaterialFormat.STANDARD, AUDIO}
    assert client.post(url, data={"formats": ["smell"]}).status_code == 302
    db.session.refresh(briefing)
    assert briefing.formats == {MaterialFormat.STANDARD, AUDIO}  # an unknown format changes nothing

    page = client.get(f"/assemblies/meet/sittings/{sitting.id}?lang=en").get_data(as_text=True)
    assert "Also in: Audio" in page


def test_another_assemblys_material_is_not_found(client, login, organiser, sitting):
    other = factories.assembly(organiser, slug="other")
    foreign = Material(assembly_id=other.id, title="Theirs", url="https://x.org/")
    db.session.add(foreign)
    db.session.commit()
    login(organiser)

    response = client.post(f"/assemblies/meet/sittings/materials/{foreign.id}/formats")

    assert response.status_code == 404


def test_the_sitting_form_records_its_languages(client, login, organiser, assembly, sitting):
    login(organiser)
    data = {
        "title": "Opening",
        "kind": "plenary",
        "mode": "in_person",
        "day": "2031-05-10",
        "starts": "10:00",
        "ends": "16:00",
        "place": "Town hall",
        "allowance": "0",
        "table_size": "7",
        "languages": ["de", "nl"],
    }
    response = client.post(f"/assemblies/meet/sittings/{sitting.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    db.session.refresh(sitting)
    assert sitting.own_languages == ["de", "nl"]
    form = client.get(f"/assemblies/meet/sittings/{sitting.id}/edit").get_data(as_text=True)
    assert 'value="nl" checked' in form or 'checked id="languages-3"' in form
    assert db.session.scalar(select(Sitting.languages_csv)) == "de,nl"


def test_an_empty_or_unknown_format_is_refused_without_change(client, login, organiser, sitting):
    briefing = _material(sitting)
    url = f"/assemblies/meet/sittings/materials/{briefing.id}/formats"
    login(organiser)
    assert client.post(url, data={"formats": ["audio"]}).status_code == 302
    for sent in ([""], ["standard", ""], ["smell"]):
        assert client.post(url, data={"formats": sent}).status_code == 302
        db.session.refresh(briefing)
        assert briefing.formats == {AUDIO}, sent
    # Nothing ticked is a choice too: the material exists in no recorded format.
    assert client.post(url, data={}).status_code == 302
    db.session.refresh(briefing)
    assert briefing.formats == set()
