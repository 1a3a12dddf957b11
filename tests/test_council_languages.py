"""A council in several languages: statuses, the ballot gate, what readers see, who translates."""

from datetime import UTC, date, datetime

import pytest

from facilitate.audit.registry import ACTIONS
from facilitate.council import ballots as ballot_services
from facilitate.council import services as council_services
from facilitate.council import topics as topic_services
from facilitate.council.forms import rules_text
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.languages import services
from facilitate.languages.services import TranslationRefused
from facilitate.models import User
from facilitate.models.audit import AuditEntry
from facilitate.models.council import (
    CouncilBallot,
    CouncilMeeting,
    StaffRole,
    TopicSource,
)
from facilitate.models.translations import ContentTranslation
from tests import factories
from tests.pages import csrf_token
from tests.worlds.council import seated_council

QUEUE = "/council/rat/translations/"


@pytest.fixture
def world(app):
    council = seated_council("rat", language="de", description="Der Bürgerrat tagt öffentlich.")
    council.working_languages = ["de", "fr"]
    translator = factories.user(email="traductrice@example.org", name="Traductrice")
    translator.locale = "en"
    council_services.add_staff(council, translator, StaffRole.TRANSLATOR)
    topic = topic_services.propose_topic(
        council,
        {
            "title": "Schulwege sichern",
            "description": "Sichere Wege zur Schule.",
            "source": TopicSource.GOVERNMENT,
            "proposed_by": "Ministerin Schmitz",
        },
    )
    meeting = CouncilMeeting(
        council_id=council.id, held_on=date.today(), title="Sitzung", agenda="Tagesordnung"
    )
    db.session.add(meeting)
    db.session.commit()
    member = db.session.scalars(db.select(User).filter_by(email="seat0@example.org")).one()
    return {
        "council": council,
        "translator": translator,
        "topic": topic,
        "meeting": meeting,
        "member": member,
        "secretary": council.staff[0].user,
    }


def _source(world, kind="council_topic", object_id=None, field="title"):
    object_id = object_id or world["topic"].id
    return services.find_source(world["council"], kind, object_id, field)


def _status(world, **key):
    return services.versions(world["council"], "fr", [_source(world, **key)])[0].status


def _translate_everything(council, actor=None, but=()):
    for source in services.sources(council):
        if source.key not in but:
            services.save(council, source, "fr", f"FR: {source.text}", current=True, actor=actor)
    db.session.commit()


def _edit_url(world, language="fr", kind="council_topic", object_id=None, field="title"):
    object_id = object_id or world["topic"].id
    return f"{QUEUE}{language}/{kind}/{object_id}/{field}"


def _ballot(world, **data) -> CouncilBallot:
    data = {"question": "Schulwege aufgreifen?", **data}
    ballot = ballot_services.open_ballot(world["council"], world["meeting"], data, None)
    db.session.commit()
    return ballot


# --- Texts and their statuses ------------------------------------------------------------


def test_the_council_keeps_its_working_languages_authoritative_first(world):
    council = world["council"]
    assert council.working_languages == ["de", "fr"] and council.is_multilingual
    council.working_languages = ["fr", "de", "fr", ""]
    assert council.working_languages == ["de", "fr"]


def test_the_sources_cover_description_topics_meetings_and_ballots(world):
    ballot = _ballot(world)
    keys = {s.key for s in services.sources(world["council"])}
    topic, meeting = world["topic"].id, world["meeting"].id
    assert {
        ("council", world["council"].id, "description"),
        ("council_topic", topic, "title"),
        ("council_topic", topic, "description"),
        ("council_meeting", meeting, "title"),
        ("council_meeting", meeting, "agenda"),
        ("council_ballot", ballot.id, "question"),
    } <= keys
    # Unpublished minutes and empty texts are nobody's reading yet.
    assert ("council_meeting", meeting, "minutes") not in keys
    assert ("council_topic", topic, "mandate") not in keys


def test_a_translation_is_missing_then_draft_then_current_then_outdated(world):
    council = world["council"]
    assert _status(world) == "missing"
    services.save(council, _source(world), "fr", "Sécuriser", current=False, actor=None)
    assert _status(world) == "draft"
    services.save(council, _source(world), "fr", "Sécuriser", current=True, actor=None)
    assert _status(world) == "current"
    world["topic"].title = "Schulwege sicher machen"
    db.session.commit()
    version = services.versions(council, "fr", [_source(world)])[0]
    assert version.status == "outdated"
    assert any(s.op == "insert" and "machen" in s.text for s in version.diff)


def test_council_and_assembly_translations_of_the_same_key_stay_apart(world):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="gleich", language="de")
    assembly.working_languages = ["de", "fr"]
    db.session.commit()
    services.save(world["council"], _source(world), "fr", "Conseil", current=True, actor=None)
    db.session.commit()
    rows = db.session.scalars(db.select(ContentTranslation)).all()
    assert [(r.council_id, r.assembly_id) for r in rows] == [(world["council"].id, None)]
    assert services.versions(assembly, "fr")[0].status == "missing"


def test_saving_is_audited_and_refused_outside_the_working_languages(world):
    services.save(world["council"], _source(world), "fr", "Sécuriser", current=True, actor=None)
    db.session.commit()
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="translation.save")).one()
    assert entry.assembly_id is None
    assert entry.target == f"council:{world['council'].id}/translation:council_topic:" + (
        f"{world['topic'].id}:title:fr"
    )
    with pytest.raises(TranslationRefused):
        services.save(world["council"], _source(world), "it", "Sicuri", current=True, actor=None)
    assert "languages.council_edit" in ACTIONS and "council_manage.start_ballot" in ACTIONS


# --- The ballot gate ---------------------------------------------------------------------


def test_a_ballot_waits_until_its_question_is_current_in_every_language(world):
    ballot = _ballot(world)
    assert ballot.opened_at is None and not ballot.is_open
    term = council_services.sitting_terms(world["council"], date.today())[0]
    with pytest.raises(CouncilRefused, match="not open yet"):
        ballot_services.cast_vote(ballot, term, "yes", date.today())
    db.session.rollback()
    with pytest.raises(CouncilRefused, match="is missing in Français"):
        ballot_services.start_ballot(ballot, datetime.now(UTC), None)
    db.session.rollback()

    question = services.find_source(world["council"], "council_ballot", ballot.id, "question")
    services.save(world["council"], question, "fr", "Aborder ?", current=False, actor=None)
    with pytest.raises(CouncilRefused, match="is draft in Français"):
        ballot_services.start_ballot(ballot, datetime.now(UTC), None)
    db.session.rollback()

    services.save(world["council"], question, "fr", "Aborder ?", current=True, actor=None)
    ballot_services.start_ballot(ballot, datetime.now(UTC), None)
    db.session.commit()
    assert ballot.is_open
    assert db.session.scalars(db.select(AuditEntry).filter_by(action="council.ballot.open")).one()
    ballot_services.cast_vote(ballot, term, "yes", date.today())


def test_a_choice_between_topics_also_waits_for_the_topics_titles(world):
    other = topic_services.propose_topic(
        world["council"], {"title": "Radwege", "source": TopicSource.GOVERNMENT}
    )
    for topic in (world["topic"], other):
        topic.status = topic.status.SUBMITTED
    ballot = _ballot(world, topics=[world["topic"], other])
    _translate_everything(world["council"], but={("council_topic", other.id, "title")})
    gaps = services.council_ballot_gaps(world["council"], ballot)
    assert len(gaps) == 1 and "Radwege" in str(gaps[0])
    # An outdated title closes the gate as a missing one does.
    _translate_everything(world["council"])
    assert services.council_ballot_gaps(world["council"], ballot) == []
    other.title = "Radwege bauen"
    db.session.commit()
    assert "outdated" in str(services.council_ballot_gaps(world["council"], ballot)[0])


def test_a_ballot_of_a_one_language_council_opens_at_once(world):
    world["council"].working_languages = ["de"]
    db.session.commit()
    ballot = _ballot(world)
    assert ballot.is_open


def test_the_secretariat_opens_a_waiting_ballot_from_its_page(world, client, login):
    ballot = _ballot(world)
    login(world["secretary"])
    page = client.get("/council/rat/manage/").get_data(as_text=True)
    assert "waiting for its translations" in page and "is missing in Français" in page
    start = f"/council/rat/manage/ballots/{ballot.id}/open"
    client.post(start)
    db.session.expire_all()
    assert ballot.opened_at is None
    _translate_everything(world["council"])
    assert client.post(start).status_code == 302
    db.session.expire_all()
    assert ballot.opened_at is not None


# --- What readers see --------------------------------------------------------------------


def test_the_public_page_falls_back_to_the_authoritative_texts_and_says_so(world, client):
    services.save(world["council"], _source(world), "fr", "Sécuriser", current=True, actor=None)
    db.session.commit()
    page = client.get("/council/rat?lang=fr").get_data(as_text=True)
    # One text missing: every text in German, never "Sécuriser" beside German.
    assert "Schulwege sichern" in page and "Sécuriser" not in page
    assert 'data-fell-back="fr"' in page

    _translate_everything(world["council"])
    page = client.get("/council/rat?lang=fr").get_data(as_text=True)
    assert "FR: Schulwege sichern" in page and "FR: Der Bürgerrat tagt" in page
    assert "FR: Sitzung" in page and "data-fell-back" not in page
    german = client.get("/council/rat?lang=de").get_data(as_text=True)
    assert "FR: " not in german and "data-fell-back" not in german


def test_topic_and_meeting_pages_read_in_the_readers_language(world, client):
    topic_page = f"/council/rat/topics/{world['topic'].id}?lang=fr"
    meeting_page = f"/council/rat/meetings/{world['meeting'].id}?lang=fr"
    for address in (topic_page, meeting_page):
        assert 'data-fell-back="fr"' in client.get(address).get_data(as_text=True)
    _translate_everything(world["council"])
    page = client.get(topic_page).get_data(as_text=True)
    assert "FR: Sichere Wege" in page and "data-fell-back" not in page
    page = client.get(meeting_page).get_data(as_text=True)
    assert "FR: Tagesordnung" in page and "data-fell-back" not in page
    # A draft is not shown: the page falls back whole.
    services.save(
        world["council"],
        _source(world, field="description"),
        "fr",
        "Brouillon",
        current=False,
        actor=None,
    )
    db.session.commit()
    page = client.get(topic_page).get_data(as_text=True)
    assert "Brouillon" not in page and "FR: " not in page and 'data-fell-back="fr"' in page


def test_members_read_ballots_and_options_in_their_language(world, client, login):
    for topic in (world["topic"],):
        topic.status = topic.status.SUBMITTED
    ballot = _ballot(world, topics=[world["topic"]])
    _translate_everything(world["council"])
    ballot_services.start_ballot(ballot, datetime.now(UTC), None)
    db.session.commit()
    world["member"].locale = "fr"
    db.session.commit()
    login(world["member"])
    page = client.get("/council/rat/members/").get_data(as_text=True)
    assert "FR: Schulwege aufgreifen?" in page and "data-fell-back" not in page

    world["member"].locale = "en"
    db.session.commit()
    page = client.get("/council/rat/members/").get_data(as_text=True)
    assert "Schulwege aufgreifen?" in page and "FR: " not in page
    assert 'data-fell-back="en"' in page


def test_a_choice_reads_its_topics_in_the_members_language(world, client, login):
    other = topic_services.propose_topic(
        world["council"], {"title": "Radwege", "source": TopicSource.GOVERNMENT}
    )
    for topic in (world["topic"], other):
        topic.status = topic.status.SUBMITTED
    ballot = _ballot(world, topics=[world["topic"], other])
    _translate_everything(world["council"])
    ballot_services.start_ballot(ballot, datetime.now(UTC), None)
    world["member"].locale = "fr"
    db.session.commit()
    login(world["member"])
    page = client.get("/council/rat/members/").get_data(as_text=True)
    assert "FR: Radwege" in page and "FR: Schulwege sichern" in page


# --- Who translates ----------------------------------------------------------------------


def test_a_translator_sees_the_queue_and_saves_beside_the_source(world, client, login):
    login(world["translator"])
    queue = client.get(QUEUE).get_data(as_text=True)
    assert "Français" in queue and "missing" in queue
    # Texts only: no member, proposer or secretary is named to the translator.
    for personal in ("Ministerin Schmitz", "Member 0", "seat0@example.org"):
        assert personal not in queue
    editor = client.get(_edit_url(world)).get_data(as_text=True)
    assert "Schulwege sichern" in editor and "Ministerin Schmitz" not in editor
    response = client.post(_edit_url(world), data={"text": "Sécuriser", "mark_current": "1"})
    assert response.status_code == 302
    row = db.session.scalars(db.select(ContentTranslation)).one()
    assert (row.council_id, row.assembly_id) == (world["council"].id, None)
    assert row.translator_id == world["translator"].id and row.status.value == "current"
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="translation.save")).one()
    assert entry.actor_id == world["translator"].id


def test_a_translator_sees_no_internal_page_of_the_council(world, client, login):
    login(world["translator"])
    for address in ("/council/rat/manage/", "/council/rat/members/", "/council/rat/manage/pool"):
        assert client.get(address).status_code == 403, address


def test_texts_of_another_council_or_language_are_not_found(world, client, login):
    other = council_services.create_council(
        {"slug": "anderer", "name": "Anderer Rat", "language": "de", "quota_rules": {}},
        world["secretary"],
    )
    other.working_languages = ["de", "fr"]
    council_services.add_staff(other, world["translator"], StaffRole.TRANSLATOR)
    foreign = topic_services.propose_topic(
        other, {"title": "Anderswo", "source": TopicSource.GOVERNMENT}
    )
    db.session.commit()
    login(world["translator"])
    # Another council's text through this council's address, a language it does not work in.
    assert client.get(_edit_url(world, object_id=foreign.id)).status_code == 404
    assert (
        client.post(
            _edit_url(world, object_id=foreign.id), data={"text": "x", "mark_current": "1"}
        ).status_code
        == 404
    )
    assert client.get(_edit_url(world, language="it")).status_code == 404
    assert client.get(_edit_url(world, language="de")).status_code == 404
    assert client.get("/council/nowhere/translations/").status_code == 404
    assert db.session.scalars(db.select(ContentTranslation)).first() is None


def test_a_translator_of_one_council_is_no_one_in_another(world, client, login):
    other = council_services.create_council(
        {"slug": "anderer", "name": "Anderer Rat", "language": "de", "quota_rules": {}},
        world["secretary"],
    )
    other.working_languages = ["de", "fr"]
    stranger = factories.user(email="other-translator@example.org")
    council_services.add_staff(other, stranger, StaffRole.TRANSLATOR)
    db.session.commit()
    login(stranger)
    # The council is public, so it is not hidden; its texts are not this translator's.
    assert client.get(QUEUE).status_code == 403
    response = client.post(_edit_url(world), data={"text": "x", "mark_current": "1"})
    assert response.status_code == 403
    assert client.get("/council/anderer/translations/").status_code == 200


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_members_and_strangers_may_not_translate(world, client, login, who):
    person = world["member"] if who == "member" else factories.user()
    login(person)
    assert client.get(QUEUE).status_code == 403
    assert client.post(_edit_url(world), data={"text": "x", "mark_current": "1"}).status_code == 403
    assert db.session.scalars(db.select(ContentTranslation)).first() is None


def test_strangers_are_sent_to_sign_in(world, client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.csrf
def test_saving_a_translation_needs_the_form_token(world, client):
    form = {"email": world["translator"].email, "password": factories.PASSWORD}
    form["csrf_token"] = csrf_token(client.get("/auth/login"))
    assert client.post("/auth/login", data=form).status_code == 302
    response = client.post(_edit_url(world), data={"text": "Sécuriser", "mark_current": "1"})
    assert response.status_code == 400
    assert db.session.scalars(db.select(ContentTranslation)).first() is None
    token = csrf_token(client.get(_edit_url(world)))
    sent = {"text": "Sécuriser", "mark_current": "1", "csrf_token": token}
    assert client.post(_edit_url(world), data=sent).status_code == 302


# --- Settings ----------------------------------------------------------------------------


def _settings(council, **changes) -> dict:
    skip = ("quota_rules", "allow_overstay", "working_languages")
    data = {f: str(getattr(council, f)) for f in council_services.SETTINGS if f not in skip}
    return {**data, "slug": council.slug, "rules": rules_text(council.quota_rules), **changes}


def test_the_secretariat_sets_the_working_languages_in_the_settings(world, client, login):
    council = world["council"]
    login(world["secretary"])
    form = client.get("/council/rat/manage/settings").get_data(as_text=True)
    assert 'name="working_languages" type="checkbox" value="fr"' in form
    sent = _settings(council, working_languages=["fr", "it"])
    assert client.post("/council/rat/manage/settings", data=sent).status_code == 302
    db.session.expire_all()
    assert council.working_languages == ["de", "fr", "it"]
    # A blank first value must not switch the choice check off and let an unknown code in.
    for codes in (["", "zz"], ["zz"]):
        sent = _settings(council, working_languages=codes)
        assert client.post("/council/rat/manage/settings", data=sent).status_code == 200
        db.session.expire_all()
        assert council.working_languages == ["de", "fr", "it"], codes
    assert client.post("/council/rat/manage/settings", data=_settings(council)).status_code == 302
    db.session.expire_all()
    assert council.working_languages == ["de"]


def test_the_secretariat_gives_the_council_a_translator(world, client, login):
    person = factories.user(email="uebersetzer@example.org")
    db.session.commit()
    login(world["secretary"])
    sent = {"email": person.email, "role": "translator"}
    assert client.post("/council/rat/manage/staff", data=sent).status_code == 302
    client.post("/auth/logout")
    login(person)
    assert client.get(QUEUE).status_code == 200
    assert client.get("/council/rat/manage/").status_code == 403


def test_the_demo_council_works_in_german_and_french_with_one_outdated_text(app, client):
    from facilitate.demo import seed
    from facilitate.models.council import Council

    seed("pbkdf2:sha256:1000")
    db.session.commit()
    council = db.session.scalar(db.select(Council).filter_by(slug="buergerrat"))
    assert council.working_languages == ["en", "de", "fr"]
    german = {v.source.key: v.status for v in services.versions(council, "de")}
    french = {v.source.key: v.status for v in services.versions(council, "fr")}
    assert german[("council", council.id, "description")] == "current"
    assert sorted(french.values()).count("outdated") == 1
    page = client.get("/council/buergerrat?lang=de").get_data(as_text=True)
    assert 'data-fell-back="de"' in page


def test_convened_assemblies_recommendations_read_in_their_own_languages(world, client):
    """The council page shows each convened assembly's recommendations and answers through
    that assembly's translations: all in the reader's language, or all in its own."""
    from facilitate.models import ResponseStatus
    from facilitate.models.council import CouncilAssembly
    from tests import factories_public

    organiser = factories.user(can_organise=True, email="orga@example.org")
    assembly = factories.assembly(organiser, slug="wohnen", language="de")
    assembly.working_languages = ["de", "fr"]
    rec = factories_public.recommendation(
        assembly, 1, title="Mieten deckeln", response=ResponseStatus.REJECTED
    )
    db.session.add(
        CouncilAssembly(
            council_id=world["council"].id, assembly_id=assembly.id, convened_on=date.today()
        )
    )
    db.session.commit()
    title, answer = (
        services.find_source(assembly, "recommendation", rec.id, "title"),
        services.find_source(assembly, "response", rec.response.id, "text"),
    )
    services.save(assembly, title, "fr", "Plafonner les loyers", current=True, actor=None)
    db.session.commit()

    page = client.get("/council/rat?lang=fr").get_data(as_text=True)
    # The answer is not yet in French: the assembly's texts all stay German, with the note.
    assert "Mieten deckeln" in page and "Plafonner les loyers" not in page
    # Two notes: the council's own texts are not translated here either.
    assert page.count('data-fell-back="fr"') == 2

    services.save(assembly, answer, "fr", "Le budget manque.", current=True, actor=None)
    db.session.commit()
    page = client.get("/council/rat?lang=fr").get_data(as_text=True)
    assert "Plafonner les loyers" in page and "Le budget manque." in page
    assert "Mieten deckeln" not in page and page.count('data-fell-back="fr"') == 1
    german = client.get("/council/rat?lang=de").get_data(as_text=True)
    assert "Mieten deckeln" in german and "Plafonner" not in german
