"""The evidence library: uploaded documents (checked by type and size) and links."""

from pathlib import PurePath

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Assembly, Sitting, User
from facilitate.models.sittings_content import Material
from facilitate.refusals import Refused

#: Largest document accepted, in bytes.
MAX_BYTES = 10 * 1024 * 1024

#: Extension → (content type, leading bytes the file must start with; b"" for text).
ACCEPTED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain; charset=utf-8", (b"",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}


class MaterialError(Refused):
    """The upload was refused; the message says why."""


def check_document(filename: str, content: bytes) -> str:
    """Return the content type for an accepted document, or raise MaterialError."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise MaterialError(
            _l("Upload a PDF, Word, PowerPoint, Excel, OpenDocument, text or image file.")
        )
    if not content:
        raise MaterialError(_l("The file is empty."))
    if len(content) > MAX_BYTES:
        raise MaterialError(_l("The file is larger than 10 MB."))
    content_type, signatures = ACCEPTED[suffix]
    if suffix == ".txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise MaterialError(_l("The text file is not UTF-8 text.")) from None
    elif not any(content.startswith(sig) for sig in signatures):
        raise MaterialError(_l("The file's content does not match its type."))
    return content_type


def add_material(
    assembly: Assembly,
    sitting: Sitting | None,
    user: User,
    data: dict,
    expert_id: int | None = None,
) -> Material:
    """Add a document (data: filename, content) or a link (data: url) with a summary."""
    material = Material(
        assembly_id=assembly.id,
        sitting_id=sitting.id if sitting else None,
        title=data["title"].strip(),
        summary=data.get("summary", "").strip(),
        uploaded_by_id=user.id,
        expert_id=expert_id,
    )
    if data.get("content"):
        material.content_type = check_document(data["filename"], data["content"])
        material.filename = PurePath(data["filename"]).name[-255:]
        material.content = data["content"]
        material.size = len(data["content"])
    elif data.get("url"):
        material.url = data["url"].strip()
    else:
        raise MaterialError(_l("Choose a file or give a link."))
    db.session.add(material)
    db.session.flush()
    return material


def delete_material(material: Material) -> None:
    """Remove an item from the library."""
    db.session.delete(material)
    db.session.flush()


def materials_for(assembly: Assembly, sitting: Sitting | None = None) -> list[Material]:
    """Return the library (or one sitting's materials), newest first."""
    query = select(Material).filter_by(assembly_id=assembly.id).order_by(Material.id.desc())
    if sitting is not None:
        query = query.filter_by(sitting_id=sitting.id)
    return list(db.session.scalars(query))
