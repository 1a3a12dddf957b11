"""Recordings, livestreams and slides of expert sessions, published once the expert agrees."""

from sqlalchemy import select

from facilitate import permissions
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, Sitting, User
from facilitate.models.base import utcnow
from facilitate.models.sittings import MediaKind, SittingMedia


def _state(media: SittingMedia) -> dict:
    return {"kind": media.kind.value, "url": media.url, "agreed": media.agreed_at is not None}


def media_of(sitting: Sitting) -> list[SittingMedia]:
    """Return every media item of a sitting, for the team."""
    return list(
        db.session.scalars(
            select(SittingMedia).filter_by(sitting_id=sitting.id).order_by(SittingMedia.id)
        )
    )


def published_media(sitting: Sitting) -> list[SittingMedia]:
    """Return the items the public may see: agreed, of a public assembly's held-on sitting."""
    assembly = db.session.get(Assembly, sitting.assembly_id)
    if sitting.cancelled_at is not None or not permissions.can_view_public(assembly):
        return []
    return [m for m in media_of(sitting) if m.agreed_at is not None]


def add_media(
    sitting: Sitting, kind: MediaKind, url: str, title: str, expert_id: int | None, actor: User
) -> SittingMedia:
    """Attach a link to a sitting; it stays off public pages until the expert agrees."""
    media = SittingMedia(
        sitting_id=sitting.id, kind=kind, url=url, title=title, expert_id=expert_id
    )
    db.session.add(media)
    db.session.flush()
    record_action(
        actor,
        "sitting.media_add",
        sitting.assembly_id,
        target=f"media:{media.id}",
        after=_state(media),
    )
    return media


def set_media_agreement(media: SittingMedia, agreed: bool, actor: User) -> None:
    """Record whether the expert agreed to publish an item, which decides if the public sees it."""
    before = _state(media)
    media.agreed_at = utcnow() if agreed else None
    media.agreed_by_id = actor.id if agreed else None
    db.session.flush()
    record_action(
        actor,
        "sitting.media_agreement",
        media.sitting.assembly_id,
        target=f"media:{media.id}",
        before=before,
        after=_state(media),
    )


def remove_media(media: SittingMedia, actor: User) -> None:
    """Take an item off the sitting and any public page."""
    record_action(
        actor,
        "sitting.media_remove",
        media.sitting.assembly_id,
        target=f"media:{media.id}",
        before=_state(media),
    )
    db.session.delete(media)
    db.session.flush()
