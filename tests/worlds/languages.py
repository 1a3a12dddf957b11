"""A second working language of assembly `b`, and its remit, for the translation routes."""

from facilitate.extensions import db


def extend(b, values: dict) -> None:
    b.working_languages = [b.language, "fr" if b.language != "fr" else "de"]
    db.session.commit()
    values["language"] = b.working_languages[1]
    values.update(source_kind="remit", source_id=b.id, source_field="text")
