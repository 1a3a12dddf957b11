"""Demo data: a German and French citizens' council modelled on Ost-Belgien's.

German is authoritative; the French texts are current except one recommendation amended after
it was translated, so the translator's queue and the public fallback both have something to show.
"""

from facilitate.assemblies import services as assembly_services
from facilitate.extensions import db
from facilitate.languages import services
from facilitate.models import (
    AssemblyStatus,
    Membership,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    Role,
    User,
)

REMIT = (
    "Wie kann die Deutschsprachige Gemeinschaft Wohnen für alle bezahlbar machen?",
    "Comment la Communauté germanophone peut-elle rendre le logement abordable pour tous ?",
)
DESCRIPTION = (
    "Ein Bürgerrat nach dem Vorbild Ostbelgiens, auf Deutsch und Französisch.",
    "Un conseil citoyen sur le modèle de l’Ostbelgien, en allemand et en français.",
)
#: (German title, German text, French title, French text)
RECOMMENDATIONS = (
    (
        "Leerstand nutzen",
        "Die Gemeinden erfassen leerstehende Wohnungen und vermitteln sie an Familien.",
        "Utiliser les logements vides",
        "Les communes recensent les logements vides et les proposent aux familles.",
    ),
    (
        "Mietbeihilfe ausweiten",
        "Die Mietbeihilfe gilt für alle Haushalte unter dem mittleren Einkommen.",
        "Étendre l'aide au loyer",
        "L'aide au loyer s'applique à tous les ménages sous le revenu médian.",
    ),
)
#: The second recommendation's text after an amendment its French version has not caught up with.
AMENDED = (
    "Die Mietbeihilfe gilt für alle Haushalte unter dem mittleren Einkommen, auch für Studierende."
)


def seed_bilingual(organiser: User, translator: User) -> None:
    """Create the bilingual assembly with its translations, one of them outdated."""
    assembly = assembly_services.create_assembly(
        {
            "slug": "buergerrat-wohnen",
            "title": "Bürgerrat Wohnen · Conseil citoyen Logement",
            "remit": REMIT[0],
            "description": DESCRIPTION[0],
            "language": "de",
            "working_languages": ["de", "fr"],
            "panel_size": 24,
        },
        organiser,
    )
    db.session.add(Membership(user_id=translator.id, assembly_id=assembly.id, role=Role.TRANSLATOR))
    made = []
    for number, (title, text, _fr_title, _fr_text) in enumerate(RECOMMENDATIONS, start=1):
        recommendation = Recommendation(
            assembly_id=assembly.id, number=number, status=RecommendationStatus.FINAL
        )
        recommendation.versions = [
            RecommendationVersion(number=1, title=title, text=text, change_note="drafted")
        ]
        db.session.add(recommendation)
        made.append(recommendation)
    db.session.flush()
    french = {
        ("remit", assembly.id, "text"): REMIT[1],
        ("assembly", assembly.id, "description"): DESCRIPTION[1],
    }
    for recommendation, (_t, _x, fr_title, fr_text) in zip(made, RECOMMENDATIONS, strict=True):
        french[("recommendation", recommendation.id, "title")] = fr_title
        french[("recommendation", recommendation.id, "text")] = fr_text
    for source in services.sources(assembly):
        if source.key in french:
            services.save(
                assembly, source, "fr", french[source.key], current=True, actor=translator
            )
    made[1].versions.append(
        RecommendationVersion(
            number=2, title=RECOMMENDATIONS[1][0], text=AMENDED, change_note="amendment 1 accepted"
        )
    )
    # Published directly: the demo shows the result, not the steps that lead there.
    assembly.status = AssemblyStatus.PUBLISHED
    db.session.flush()
