"""Check an uploaded document by its content, not only by its name."""

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitate.refusals import Refused

#: Extension -> (content type, leading bytes or None for text).
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "txt": ("text/plain", None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_HINT = _l("PDF, Word (DOCX), OpenDocument (ODT), plain text, PNG or JPEG; up to %(mb)d MB.")
#: Default largest document, overridable with EVIDENCE_MAX_BYTES.
MAX_BYTES = 10 * 1024 * 1024


class DocumentRefused(Refused):
    """The document is of a type or size we do not take; the message says which."""


def check_document(filename: str, data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Return the document's content type, or raise DocumentRefused."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED:
        raise DocumentRefused(
            _(
                "Documents must be PDF, DOCX, ODT, TXT, PNG or JPEG (this one is “%(n)s”).",
                n=filename,
            )
        )
    if not data:
        raise DocumentRefused(_("The document is empty."))
    if len(data) > max_bytes:
        raise DocumentRefused(
            _("The document is too large: at most %(mb)d MB.", mb=max_bytes // (1024 * 1024))
        )
    content_type, magic = ALLOWED[extension]
    if magic is None:
        if b"\x00" in data[:4096]:
            raise DocumentRefused(_("This does not look like a text file."))
    elif not data.startswith(magic):
        raise DocumentRefused(_("The file's content does not match its name “%(n)s”.", n=filename))
    return content_type


def document_response(submission) -> Response:
    """Send a stored document as a download the browser will not run."""
    name = f"submission-{submission.number}.{submission.filename.rsplit('.', 1)[-1].lower()}"
    return Response(
        submission.content,
        mimetype=submission.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
