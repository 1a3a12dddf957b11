"""Demonstration data: three assemblies (one in German and French) and a login for every role."""

import random
from datetime import date

from facilitate.assemblies import services as assembly_services
from facilitate.auth import services as auth_services
from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    Membership,
    Registrant,
    RegistrantAnswer,
    Role,
    User,
)
from facilitate.quotas import services as quota_services
from facilitate.registration.services import new_reference

#: (role, email, password) — for local demonstration only.
DEMO_LOGINS = (
    ("admin", "admin@example.org", "demo-admin-password"),
    ("organiser", "organiser@example.org", "demo-organiser-password"),
    ("facilitator", "facilitator@example.org", "demo-facilitator-password"),
    ("expert", "expert@example.org", "demo-expert-password"),
    ("member", "member@example.org", "demo-member-password"),
    ("evaluator", "evaluator@example.org", "demo-evaluator-password"),
    ("translator", "translator@example.org", "demo-translator-password"),
)

CLIMATE_QUOTAS = {
    "gender": [("female", 50.6), ("male", 48.4), ("non-binary or other", 1.0)],
    "age": [("16-29", 19.0), ("30-44", 24.0), ("45-59", 26.0), ("60+", 31.0)],
    "area": [("Eupen", 38.0), ("St. Vith", 20.0), ("Kelmis", 14.0), ("other", 28.0)],
    "education": [("lower secondary or less", 31.0), ("upper secondary", 40.0), ("degree", 29.0)],
}


def _user(role: str, email: str, password: str, method: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(email=email))
    if user is None:
        name = {"admin": "Ada Admin", "organiser": "Olga Organiser"}.get(
            role, role.title() + " Demo"
        )
        user = auth_services.create_user(
            email,
            name,
            password,
            method,
            is_admin=role == "admin",
            can_organise=role == "organiser",
        )
    return user


#: Self-selection skews real pools: older and more educated residents answer more often.
POOL_SKEW = {"age": (0.6, 0.9, 1.2, 1.3), "education": (0.6, 1.0, 1.5)}
FIRST_NAMES = ("Anna", "Luc", "Marie", "Jonas", "Sofia", "Paul", "Lea", "Noah", "Emma", "Elias")
LAST_NAMES = ("Schmitz", "Lambert", "Kessler", "Dubois", "Meyer", "Renard", "Jansen", "Weber")


def _demo_pool(assembly, size: int) -> None:
    """Add a pool of fictitious registrants, skewed as self-selected pools are."""
    rng = random.Random(2027)  # demo data only: fixed so every demo looks the same
    for n in range(size):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        street = f"{rng.randint(1, 80)} {rng.choice(('Kirchstraße', 'Rue Haute', 'Marktplatz'))}"
        registrant = Registrant(
            assembly_id=assembly.id,
            reference=new_reference(),
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{n}@example.org".lower(),
            address=street,
            postcode=str(4700 + rng.randint(0, 90)),
            date_of_birth=date(rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28)),
            household_key=f"demo-{n}",
            consent_version="1",
            needs_access=rng.random() < 0.05,
            dietary="vegetarian" if rng.random() < 0.1 else "",
        )
        for category in assembly.categories:
            weights = POOL_SKEW.get(category.name, (1,) * len(category.values))
            shares = [
                (v.population_share or 1) * w
                for v, w in zip(category.values, weights, strict=False)
            ]
            value = rng.choices(category.values, weights=shares)[0]
            registrant.answers.append(RegistrantAnswer(category_id=category.id, value_id=value.id))
        db.session.add(registrant)
    db.session.flush()


def seed(method: str) -> bool:
    """Create the demo data unless it is there; return whether anything was created."""
    from facilitate.models import Assembly

    if db.session.scalar(db.select(Assembly).filter_by(slug="climate-2027")) is not None:
        return False
    users = {role: _user(role, email, pw, method) for role, email, pw in DEMO_LOGINS}
    climate = assembly_services.create_assembly(
        {
            "slug": "climate-2027",
            "title": "Citizens' Assembly on Climate and Housing",
            "remit": "How should our region cut emissions from homes by 2035, fairly for everyone?",
            "description": (
                "Forty residents drawn by lot meet over **four weekends** to hear experts, "
                "deliberate and recommend.\n\n- Hearings in spring\n- Recommendations by June"
            ),
            "language": "en",
            "panel_size": 40,
            "recruitment_opens_on": date(2027, 1, 10),
            "recruitment_closes_on": date(2027, 2, 14),
            "selection_on": date(2027, 2, 21),
            "first_sitting_on": date(2027, 3, 13),
            "last_sitting_on": date(2027, 5, 29),
            "handover_on": date(2027, 6, 15),
        },
        users["organiser"],
    )
    for category, values in CLIMATE_QUOTAS.items():
        quota_services.add_category(climate, category, values, actor=None)
    quota_services.compute_bounds(climate, tolerance=1, actor=None)
    for role in (Role.FACILITATOR, Role.EXPERT, Role.MEMBER, Role.EVALUATOR):
        db.session.add(Membership(user_id=users[role.value].id, assembly_id=climate.id, role=role))
    assembly_services.change_status(climate, AssemblyStatus.RECRUITING, users["organiser"])
    _demo_pool(climate, size=420)

    mobility = assembly_services.create_assembly(
        {
            "slug": "mobility-2028",
            "title": "Bürgerversammlung Mobilität",
            "remit": "Wie kommen alle in unserer Region ohne eigenes Auto gut ans Ziel?",
            "description": "Eine Bürgerversammlung in Vorbereitung.",
            "language": "de",
            "panel_size": 30,
        },
        users["organiser"],
    )
    quota_services.add_category(
        mobility, "Geschlecht", [("weiblich", 51.0), ("männlich", 49.0)], actor=None
    )
    db.session.flush()
    from facilitate.council.demo import seed_council

    seed_council(users["admin"], users["organiser"], users["member"])
    from facilitate.languages.demo import seed_bilingual

    seed_bilingual(users["organiser"], users["translator"])
    return True
