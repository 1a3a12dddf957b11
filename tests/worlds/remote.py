"""A media link on assembly `b`'s sitting for the taking-part-from-a-distance routes."""

from facilitate.extensions import db
from facilitate.models.sittings import MediaKind, SittingMedia


def extend(b, values: dict) -> None:
    # The sitting the members world made, so the media route finds its parent.
    media = SittingMedia(
        sitting_id=values["sitting_id"], kind=MediaKind.RECORDING, url="https://video.example.org/1"
    )
    db.session.add(media)
    db.session.commit()
    values.update(media_id=media.id)
