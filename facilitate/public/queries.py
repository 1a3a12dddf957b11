"""What the public may see, as queries reused by every public page."""

from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.assemblies import PUBLIC_STATUSES


def public_assemblies() -> list[Assembly]:
    """Return the announced assemblies, newest first."""
    query = (
        db.select(Assembly)
        .where(Assembly.status.in_(PUBLIC_STATUSES))
        .order_by(Assembly.created_at.desc())
    )
    return list(db.session.scalars(query))


def public_assembly(slug: str) -> Assembly | None:
    """Return the assembly if the public may see it."""
    return db.session.scalar(
        db.select(Assembly).where(Assembly.slug == slug, Assembly.status.in_(PUBLIC_STATUSES))
    )
