"""An assembly in several languages: translation statuses, the ballot gate, what readers see."""

import pytest

from facilitate.ballots import services as ballots
from facilitate.ballots.services import BallotError
from facilitate.extensions import db
from facilitate.languages import services
from facilitate.models import (
    AssemblyStatus,
    RecommendationStatus,
    RecommendationVersion,
    Role,
)
from facilitate.models.audit import AuditEntry
from facilitate.models.base import utcnow
from facilitate.models.recommendations import Amendment
from facilitate.models.translations import ContentTranslation
from tests import factories
from tests.pages import csrf_token
from tests.worlds.deliberation import member, recommendation


@pytest.fixture
def world(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(
        organiser, slug="buergerrat", status=AssemblyStatus.VOTING, language="de"
    )
    assembly.working_languages = ["de", "fr"]
    translator = factories.user(email="traductrice@example.org")
    translator.locale = "en"
    factories.add_role(translator, assembly, Role.TRANSLATOR)
    schools = recommendation(assembly, "Schulen dämmen")
    db.session.commit()
    return {
        "organiser": organiser,
        "assembly": assembly,
        "translator": translator,
        "recommendation": schools,
    }


def _source(world, field="text"):
    return services.find_source(
        world["assembly"], "recommendation", world["recommendation"].id, field
    )


def _status(world, field="text"):
    return services.versions(world["assembly"], "fr", [_source(world, field)])[0]


def _translate_everything(assembly, actor=None):
    for source in services.sources(assembly):
        services.save(assembly, source, "fr", f"FR: {source.text}", current=True, actor=actor)
    db.session.commit()


def _new_version(rec, text):
    rec.versions.append(
        RecommendationVersion(number=len(rec.versions) + 1, title=rec.current.title, text=text)
    )
    db.session.commit()


def test_working_languages_put_the_authoritative_one_first(world):
    assembly = world["assembly"]
    assert assembly.working_languages == ["de", "fr"]
    assert assembly.is_multilingual
    assembly.working_languages = ["fr"]
    assert assembly.working_languages == ["de", "fr"]
    assert assembly.working_languages_csv == "fr"
    assembly.working_languages = []
    assert assembly.working_languages == ["de"] and not assembly.is_multilingual


def test_the_sources_cover_remit_recommendations_ballot_items_and_answers(world):
    assembly = world["assembly"]
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, None)
    ballots.add_item(ballot, "yes_no", "simple", [world["recommendation"].id])
    world["recommendation"].amendments.append(
        Amendment(base_version=1, title="Schulen dämmen", text="Bis 2028.")
    )
    db.session.commit()
    keys = {(s.kind, s.field) for s in services.sources(assembly)}
    assert {
        ("remit", "text"),
        ("recommendation", "title"),
        ("recommendation", "text"),
        ("ballot_item", "title"),
        ("amendment", "text"),
    } <= keys


def test_a_translation_is_missing_then_draft_then_current_then_outdated(world):
    assembly, source = world["assembly"], _source(world)
    assert _status(world).status == "missing"
    services.save(assembly, source, "fr", "Le conseil…", current=False, actor=world["translator"])
    db.session.commit()
    assert _status(world).status == "draft"
    services.save(assembly, source, "fr", "Le conseil devrait isoler", current=True, actor=None)
    db.session.commit()
    assert _status(world).status == "current"

    _new_version(world["recommendation"], "The council should insulate every school by 2028.")
    outdated = _status(world)
    assert outdated.status == "outdated"
    assert ("delete", "2030.") in {(s.op, s.text) for s in outdated.diff}
    assert ("insert", "2028.") in {(s.op, s.text) for s in outdated.diff}
    # The title did not change: its translation is not touched by the text's new version.
    assert _status(world, "title").status == "missing"


def test_saving_is_audited_and_refused_for_a_language_the_assembly_does_not_work_in(world):
    assembly, source = world["assembly"], _source(world)
    services.save(assembly, source, "fr", "Texte", current=True, actor=world["translator"])
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="translation.save")).one()
    assert entry.actor_id == world["translator"].id and ":fr" in entry.target
    with pytest.raises(services.TranslationRefused):
        services.save(assembly, source, "it", "Testo", current=True, actor=None)
    with pytest.raises(services.TranslationRefused):
        services.save(assembly, source, "de", "Text", current=True, actor=None)


def test_the_queue_puts_missing_and_outdated_before_current(world):
    assembly = world["assembly"]
    services.save(assembly, services.sources(assembly)[0], "fr", "Mandat", current=True, actor=None)
    db.session.commit()
    statuses = [v.status for v in services.queue(assembly, "fr")]
    assert statuses[-1] == "current" and statuses[0] == "missing"


def test_a_ballot_cannot_open_until_every_text_of_its_items_is_current(world):
    assembly = world["assembly"]
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, None)
    ballots.add_item(ballot, "yes_no", "simple", [world["recommendation"].id])
    db.session.commit()
    with pytest.raises(BallotError) as refused:
        ballots.open_ballot(ballot, utcnow(), None)
    message = str(refused.value)
    assert "Français" in message and "Schulen dämmen" in message and "missing" in message
    db.session.rollback()

    _translate_everything(assembly)
    ballots.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    assert ballot.status.value == "open"


def test_an_outdated_translation_closes_the_gate_again(world):
    assembly = world["assembly"]
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, None)
    ballots.add_item(ballot, "yes_no", "simple", [world["recommendation"].id])
    _translate_everything(assembly)
    _new_version(world["recommendation"], "A new text after an amendment.")
    with pytest.raises(BallotError, match="outdated"):
        ballots.open_ballot(ballot, utcnow(), None)


def test_a_ballot_of_a_one_language_assembly_needs_no_translation(world):
    assembly = world["assembly"]
    assembly.working_languages = []
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, None)
    ballots.add_item(ballot, "yes_no", "simple", [world["recommendation"].id])
    ballots.open_ballot(ballot, utcnow(), None)
    assert ballot.status.value == "open"


def _publish(world):
    world["recommendation"].status = RecommendationStatus.FINAL
    world["assembly"].status = AssemblyStatus.PUBLISHED
    db.session.commit()


def test_the_public_page_falls_back_to_the_authoritative_text_and_says_so(world, client):
    _publish(world)
    page = client.get("/a/buergerrat/recommendations/1?lang=fr").get_data(as_text=True)
    assert "Schulen dämmen" in page
    assert 'data-fell-back="fr"' in page and 'data-authoritative="de"' in page
    english = client.get("/a/buergerrat/recommendations/1?lang=en").get_data(as_text=True)
    assert "Not yet translated into English; shown in Deutsch (authoritative)." in english

    _translate_everything(world["assembly"])
    page = client.get("/a/buergerrat/recommendations/1?lang=fr").get_data(as_text=True)
    assert "FR: Schulen dämmen" in page
    assert "data-fell-back" not in page
    german = client.get("/a/buergerrat/recommendations/1?lang=de").get_data(as_text=True)
    assert "FR: Schulen dämmen" not in german and "Schulen dämmen" in german


def test_a_draft_translation_is_not_shown_to_readers(world, client):
    _publish(world)
    for field in ("title", "text"):
        services.save(
            world["assembly"], _source(world, field), "fr", "Brouillon", current=False, actor=None
        )
    db.session.commit()
    page = client.get("/a/buergerrat/recommendations/1?lang=fr").get_data(as_text=True)
    assert "Brouillon" not in page and 'data-fell-back="fr"' in page


def test_the_api_answers_in_the_language_asked_for_and_says_when_it_fell_back(world, client):
    _publish(world)
    url = "/api/v1/assemblies/buergerrat/recommendations"
    data = client.get(url, headers={"Accept-Language": "fr"}).get_json()
    first = data["recommendations"][0]
    assert first["requested_language"] == "fr"
    assert first["language"] == "de" and first["fell_back"] is True
    assert first["authoritative_language"] == "de" and first["title"] == "Schulen dämmen"

    _translate_everything(world["assembly"])
    first = client.get(url + "?lang=fr").get_json()["recommendations"][0]
    assert first["language"] == "fr" and first["fell_back"] is False
    assert first["title"] == "FR: Schulen dämmen"
    first = client.get(url + "?lang=de").get_json()["recommendations"][0]
    assert first["language"] == "de" and first["fell_back"] is False


def _edit_url(world, source_id=None, language="fr"):
    source_id = source_id or world["recommendation"].id
    return f"/assemblies/buergerrat/translations/{language}/recommendation/{source_id}/text"


def test_a_translator_sees_the_queue_and_saves_beside_the_source(world, client, login):
    login(world["translator"])
    index = client.get("/assemblies/buergerrat/translations/").get_data(as_text=True)
    assert "Français" in index and "missing" in index
    editor = client.get(_edit_url(world)).get_data(as_text=True)
    assert "<strong>insulate</strong>" in editor  # the source, rendered through the sanitiser
    response = client.post(
        _edit_url(world), data={"text": "<script>x</script>Isoler", "mark_current": "1"}
    )
    assert response.status_code == 302
    row = db.session.scalars(db.select(ContentTranslation)).one()
    assert row.status.value == "current" and row.translator_id == world["translator"].id

    _new_version(world["recommendation"], "The council should insulate every school by 2028.")
    editor = client.get(_edit_url(world)).get_data(as_text=True)
    assert "<ins>2028.</ins>" in editor and "<script>x" not in editor


def test_translations_of_another_assembly_or_language_are_not_found(world, client, login):
    other = factories.assembly(world["organiser"], slug="elsewhere", language="de")
    foreign = recommendation(other, "Anderswo")
    login(world["translator"])
    assert client.get(_edit_url(world, source_id=foreign.id)).status_code == 404
    assert client.get(_edit_url(world, language="it")).status_code == 404
    assert client.get(_edit_url(world, language="de")).status_code == 404
    assert client.get("/assemblies/nowhere/translations/").status_code == 404
    # A translator of one assembly is no one in another.
    assert client.get("/assemblies/elsewhere/translations/").status_code == 403


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EVALUATOR, Role.EXPERT, None])
def test_members_observers_and_strangers_may_not_translate(world, client, login, role):
    person = factories.user()
    if role is Role.MEMBER:
        member(world["assembly"], person)
    elif role is not None:
        factories.add_role(person, world["assembly"], role)
    login(person)
    assert client.get("/assemblies/buergerrat/translations/").status_code == 403
    assert client.post(_edit_url(world), data={"text": "x", "mark_current": "1"}).status_code == 403
    assert db.session.scalars(db.select(ContentTranslation)).first() is None


def test_a_translator_sees_no_internal_page_of_the_assembly(world, client, login):
    login(world["translator"])
    assert client.get("/assemblies/buergerrat").status_code == 403


@pytest.mark.csrf
def test_saving_a_translation_needs_the_form_token(world, client):
    form = {"email": world["translator"].email, "password": factories.PASSWORD}
    form["csrf_token"] = csrf_token(client.get("/auth/login"))
    assert client.post("/auth/login", data=form).status_code == 302
    response = client.post(_edit_url(world), data={"text": "Isoler", "mark_current": "1"})
    assert response.status_code == 400
    assert db.session.scalars(db.select(ContentTranslation)).first() is None
    token = csrf_token(client.get(_edit_url(world)))
    sent = {"text": "Isoler", "mark_current": "1", "csrf_token": token}
    assert client.post(_edit_url(world), data=sent).status_code == 302
    assert db.session.scalars(db.select(ContentTranslation)).one().text == "Isoler"


def test_organisers_set_the_working_languages_in_the_settings(world, client, login):
    login(world["organiser"])
    form = client.get("/assemblies/buergerrat/edit").get_data(as_text=True)
    assert (
        'checked id="working_languages-2" name="working_languages" type="checkbox" value="fr"'
        in form
    )
    assembly = world["assembly"]
    settings = {
        "title": assembly.title,
        "slug": assembly.slug,
        "remit": assembly.remit,
        "language": "de",
        "working_languages": ["fr", "it"],
        "time_zone": assembly.time_zone,
        "panel_size": assembly.panel_size,
        "registrations_per_code": 1,
        "minimum_age": 16,
        "privacy_notice_version": "1",
    }
    assert client.post("/assemblies/buergerrat/edit", data=settings).status_code == 302
    db.session.expire_all()
    assert assembly.working_languages == ["de", "fr", "it"]
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="assembly.update")).one()
    assert "it" in entry.after
    # A blank first value must not switch the choice check off and let an unknown code in.
    for sent in (["", "zz"], ["zz"]):
        response = client.post(
            "/assemblies/buergerrat/edit", data={**settings, "working_languages": sent}
        )
        assert response.status_code == 200
        db.session.expire_all()
        assert assembly.working_languages == ["de", "fr", "it"], sent
    # Nothing ticked: the authoritative language alone.
    settings.pop("working_languages")
    assert client.post("/assemblies/buergerrat/edit", data=settings).status_code == 302
    db.session.expire_all()
    assert assembly.working_languages == ["de"]


def test_the_demo_has_a_german_and_french_assembly_with_one_outdated_translation(runner, client):
    from facilitate.models import Assembly

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assembly = db.session.scalar(db.select(Assembly).filter_by(slug="buergerrat-wohnen"))
    assert assembly.language == "de" and assembly.working_languages == ["de", "fr"]
    statuses = {(v.source.kind, v.source.field): v.status for v in services.queue(assembly, "fr")}
    assert statuses[("remit", "text")] == "current"
    assert [v.status for v in services.queue(assembly, "fr")].count("outdated") == 1
    page = client.get("/a/buergerrat-wohnen/recommendations/1?lang=fr").get_data(as_text=True)
    assert "Utiliser les logements vides" in page
    page = client.get("/a/buergerrat-wohnen/recommendations/2?lang=fr").get_data(as_text=True)
    assert 'data-fell-back="fr"' in page and "auch für Studierende" in page


def test_members_read_the_ballot_and_the_recommendation_in_their_language(world, client, login):
    assembly = world["assembly"]
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, None)
    item = ballots.add_item(ballot, "yes_no", "simple", [world["recommendation"].id])
    _translate_everything(assembly)
    ballots.open_ballot(ballot, utcnow(), None)
    person, _seat = member(assembly, factories.user(email="membre@example.org"))
    person.locale = "fr"
    db.session.commit()
    login(person)
    url = f"/assemblies/buergerrat/ballots/{ballot.id}/items/{item.id}/vote"
    page = client.get(url).get_data(as_text=True)
    assert "FR: 1. Schulen dämmen" in page and "FR: The council should" in page
    page = client.get(f"/assemblies/buergerrat/recommendations/{world['recommendation'].id}")
    assert "FR: Schulen dämmen" in page.get_data(as_text=True)

    person.locale = "de"
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "FR:" not in page and "1. Schulen dämmen" in page


def test_a_translators_dashboard_leads_to_the_translations(world, client, login):
    login(world["translator"])
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/assemblies/buergerrat/translations/"' in page


def test_the_public_page_shows_the_remit_in_the_readers_language(world, client):
    assembly = world["assembly"]
    page = client.get("/a/buergerrat", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "What should we do?" in page and 'data-fell-back="fr"' in page
    services.save(
        assembly, services.remit_source(assembly), "fr", "Que faire ?", current=True, actor=None
    )
    db.session.commit()
    # A browser asking for French reads French: it is one of the assembly's working languages.
    page = client.get("/a/buergerrat", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Que faire ?" in page and "data-fell-back" not in page
    page = client.get("/a/buergerrat", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "What should we do?" in page


def test_the_public_description_is_translated_with_the_remit_never_half(world, client):
    assembly = world["assembly"]
    assembly.description = "Zwölf Sitzungen im Parlament."
    db.session.commit()
    keys = {s.key for s in services.sources(assembly)}
    assert ("assembly", assembly.id, "description") in keys
    services.save(
        assembly, services.remit_source(assembly), "fr", "Que faire ?", current=True, actor=None
    )
    db.session.commit()
    # The remit alone is ready: the page stays German whole rather than mix two languages.
    page = client.get("/a/buergerrat", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Zwölf Sitzungen" in page and "Que faire ?" not in page
    assert 'data-fell-back="fr"' in page
    description = services.find_source(assembly, "assembly", assembly.id, "description")
    services.save(assembly, description, "fr", "Douze séances.", current=True, actor=None)
    db.session.commit()
    page = client.get("/a/buergerrat", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Douze séances." in page and "Que faire ?" in page
    assert "Zwölf Sitzungen" not in page and "data-fell-back" not in page
    # The description changes: its French version is outdated, and the page falls back again.
    assembly.description = "Zwölf Sitzungen im Parlament, öffentlich."
    db.session.commit()
    changed = services.find_source(assembly, "assembly", assembly.id, "description")
    assert services.versions(assembly, "fr", [changed])[0].status == services.OUTDATED
    page = client.get("/a/buergerrat", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "öffentlich" in page and "Douze séances." not in page


def _translate(assembly, kind, object_id, field, text):
    source = services.find_source(assembly, kind, object_id, field)
    assert source is not None, (kind, object_id, field)
    services.save(assembly, source, "fr", text, current=True, actor=None)
    db.session.commit()


def test_a_member_reads_the_sitting_agenda_and_materials_in_their_language(world, client, login):
    from datetime import time

    from facilitate.models.sittings import AgendaItem
    from facilitate.models.sittings_content import Material
    from tests.worlds.deliberation import sitting

    assembly = world["assembly"]
    user, _member = member(assembly)
    user.locale = "fr"
    meeting = sitting(assembly, title="Zweites Wochenende")
    meeting.agenda.append(AgendaItem(at=time(9, 30), title="Begrüßung", note="Im Saal"))
    db.session.add(
        Material(
            assembly_id=assembly.id,
            sitting_id=meeting.id,
            title="Mietspiegel",
            summary="Die Mieten im Überblick",
            url="https://example.org/mieten",
        )
    )
    db.session.commit()
    item = meeting.agenda[0]
    paper = db.session.scalar(db.select(Material).filter_by(sitting_id=meeting.id))
    keys = {s.key for s in services.sources(assembly)}
    for key in (
        ("sitting", meeting.id, "title"),
        ("agenda", item.id, "title"),
        ("agenda", item.id, "note"),
        ("material", paper.id, "title"),
        ("material", paper.id, "summary"),
    ):
        assert key in keys, key
    login(user)
    url = f"/assemblies/buergerrat/sittings/{meeting.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Begrüßung" in page and "Mietspiegel" in page and 'data-fell-back="fr"' in page
    _translate(assembly, "sitting", meeting.id, "title", "Deuxième week-end")
    _translate(assembly, "agenda", item.id, "title", "Accueil")
    _translate(assembly, "agenda", item.id, "note", "Dans la salle")
    _translate(assembly, "material", paper.id, "title", "Miroir des loyers")
    # One text of the page is not translated yet: the whole page stays German.
    page = client.get(url).get_data(as_text=True)
    assert "Begrüßung" in page and "Accueil" not in page
    _translate(assembly, "material", paper.id, "summary", "Les loyers en bref")
    page = client.get(url).get_data(as_text=True)
    for french in ("Deuxième week-end", "Accueil", "Dans la salle", "Miroir des loyers"):
        assert french in page, french
    assert "Begrüßung" not in page and "data-fell-back" not in page
    # The library lists the same material in French too.
    library = client.get("/assemblies/buergerrat/sittings/library").get_data(as_text=True)
    assert "Miroir des loyers" in library and "Les loyers en bref" in library


def test_the_registration_form_asks_its_questions_in_the_readers_language(world, client):
    from facilitate.models.registration_form import RegistrantQuestionAnswer
    from tests.test_registration_form import add_questions, answers_for, register

    assembly = world["assembly"]
    assembly.status = AssemblyStatus.RECRUITING
    db.session.commit()
    factories.quotas(assembly)
    day, heard, before = add_questions(assembly)
    french = {"Accept-Language": "fr"}
    page = client.get("/a/buergerrat/register", headers=french).get_data(as_text=True)
    assert "How did you hear of us?" in page
    _translate(assembly, "question", day.id, "label", "Quel jour vous convient ?")
    _translate(assembly, "question", heard.id, "label", "Comment nous avez-vous connus ?")
    _translate(assembly, "question", before.id, "label", "Avez-vous déjà participé ?")
    _translate(assembly, "question", heard.id, "options", "Lettre\nRadio FM")
    # The kept blank form follows the translation at once: saving it changes the assembly.
    page = client.get("/a/buergerrat/register", headers=french).get_data(as_text=True)
    assert "Comment nous avez-vous connus ?" in page and "Radio FM" in page
    assert 'value="Radio"' in page  # the answer itself stays in the authoritative wording
    german = client.get("/a/buergerrat/register", headers={"Accept-Language": "de"})
    assert "How did you hear of us?" in german.get_data(as_text=True)
    response = register(client, assembly, **answers_for(assembly, "Samedi"))
    assert response.status_code == 302
    kept = db.session.scalar(db.select(RegistrantQuestionAnswer).filter_by(question_id=heard.id))
    assert kept.value == "Radio"
    # Options translated into a different number of lines cannot be matched: not shown.
    _translate(assembly, "question", heard.id, "options", "Lettre, radio")
    page = client.get("/a/buergerrat/register", headers=french).get_data(as_text=True)
    assert "Lettre, radio" not in page and "Letter" in page


def test_the_public_reads_answers_updates_and_expert_biographies_in_their_language(world, client):
    from datetime import date

    from facilitate.models import AuthorityResponse, ResponseStatus
    from facilitate.models.experts import Expert, ExpertAssignment
    from facilitate.models.recommendations import ImplementationUpdate
    from tests.worlds.deliberation import sitting

    assembly, schools = world["assembly"], world["recommendation"]
    answer = AuthorityResponse(
        recommendation_id=schools.id,
        status=ResponseStatus.ACCEPTED,
        justification="Wird umgesetzt.",
        responded_on=date(2027, 8, 1),
    )
    answer.updates.append(ImplementationUpdate(on=date(2027, 9, 1), progress=40, text="Läuft."))
    db.session.add(answer)
    meeting = sitting(assembly, title="Anhörung")
    expert = Expert(assembly_id=assembly.id, name="Dr. Maas", bio="Forscht zu Mieten.")
    expert.published = True
    db.session.add(expert)
    db.session.flush()
    db.session.add(ExpertAssignment(expert_id=expert.id, sitting_id=meeting.id))
    _publish(world)
    keys = {s.key for s in services.sources(assembly)}
    assert {("response", answer.id, "text"), ("update", answer.updates[0].id, "text")} <= keys
    assert ("expert", expert.id, "bio") in keys

    _translate_everything(assembly)
    french = {"Accept-Language": "fr"}
    page = client.get("/a/buergerrat/recommendations/1", headers=french).get_data(as_text=True)
    assert "FR: Wird umgesetzt." in page and "FR: Läuft." in page
    assembly_page = client.get("/a/buergerrat", headers=french).get_data(as_text=True)
    assert "FR: Forscht zu Mieten." in assembly_page and "FR: Anhörung" in assembly_page
    report = client.get("/a/buergerrat/report", headers=french).get_data(as_text=True)
    for text in ("FR: Schulen dämmen", "FR: Wird umgesetzt.", "FR: Läuft.", "FR: Forscht zu"):
        assert text in report, text
    german = client.get("/a/buergerrat/report", headers={"Accept-Language": "de"})
    assert "FR:" not in german.get_data(as_text=True)

    # The answer changes: its translation is outdated, so the answers fall back together.
    answer.justification = "Wird ab 2028 umgesetzt."
    db.session.commit()
    page = client.get("/a/buergerrat/recommendations/1", headers=french).get_data(as_text=True)
    assert "Wird ab 2028 umgesetzt." in page and "FR: Läuft." not in page
