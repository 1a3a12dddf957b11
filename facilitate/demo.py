"""Demonstration data: two assemblies and a login for every role."""

from datetime import date

from facilitate.assemblies import services as assembly_services
from facilitate.auth import services as auth_services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Membership, Role, User
from facilitate.quotas import services as quota_services

#: (role, email, password) — for local demonstration only.
DEMO_LOGINS = (
    ("admin", "admin@example.org", "demo-admin-password"),
    ("organiser", "organiser@example.org", "demo-organiser-password"),
    ("facilitator", "facilitator@example.org", "demo-facilitator-password"),
    ("expert", "expert@example.org", "demo-expert-password"),
    ("member", "member@example.org", "demo-member-password"),
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
        quota_services.add_category(climate, category, values)
    quota_services.compute_bounds(climate, tolerance=1)
    for role in (Role.FACILITATOR, Role.EXPERT, Role.MEMBER):
        db.session.add(Membership(user_id=users[role.value].id, assembly_id=climate.id, role=role))
    assembly_services.change_status(climate, AssemblyStatus.RECRUITING, users["organiser"])

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
    quota_services.add_category(mobility, "Geschlecht", [("weiblich", 51.0), ("männlich", 49.0)])
    db.session.flush()
    return True
