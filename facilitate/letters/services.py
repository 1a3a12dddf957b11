"""Draw invitation letters and hand out their codes; these operations flush, the view commits."""

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.letters.addresses import Address, BadInput, read_addresses
from facilitate.letters.lottery import Drawn, draw_rows
from facilitate.models import Assembly, Letter, LetterDraw

#: Letters and digits nobody mistakes for another: no 0/O, 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
GROUP = 4

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise_code(text: str) -> str:
    """Return a code as stored: upper case, without spaces or hyphens."""
    return _SEPARATORS.sub("", text or "").upper()


def format_code(code: str) -> str:
    """Return a code grouped for reading aloud and typing: XXXX-XXXX-XXXX."""
    normal = normalise_code(code)
    return "-".join(normal[i : i + GROUP] for i in range(0, len(normal), GROUP))


def new_code() -> str:
    """Return a fresh random code of CODE_LENGTH characters from ALPHABET."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _unused_codes(count: int) -> list[str]:
    """Return `count` distinct codes that no letter of any assembly has yet."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {new_code() for _ in range(count - len(codes))} - codes
        ordered = sorted(batch)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            batch -= set(db.session.scalars(select(Letter.code).where(Letter.code.in_(chunk))))
        codes |= batch
    return list(codes)


def draw_letters(
    assembly: Assembly,
    data: bytes,
    filename: str,
    count: int,
    *,
    seed: str = "",
    columns: dict[str, str] | None = None,
    stratify: str = "",
    user_id: int | None = None,
) -> LetterDraw:
    """Draw `count` letters from an address file and record the draw; raise BadInput."""
    addresses, used = read_addresses(data, filename, columns or {}, stratify)
    check_count(count, len(addresses))
    seed = seed.strip() or secrets.token_hex(16)
    labels = [a.stratum for a in addresses] if used["stratify"] else None
    drawn = draw_rows(len(addresses), count, seed, labels)
    method = "stratified" if used["stratify"] else "simple"
    upload = Upload(data, filename, addresses, used)
    return record_draw(assembly, upload, count, seed, drawn, method=method, user_id=user_id)


@dataclass(frozen=True)
class Upload:
    """An address file as read: its bytes, name, rows and the columns used."""

    data: bytes
    filename: str
    addresses: list[Address]
    used: dict[str, str]


def check_count(count: int, rows: int) -> None:
    """Refuse a number of letters below 1 or above the rows of the file."""
    if count < 1:
        raise BadInput([_("Ask for at least one letter.")], "count")
    if count > rows:
        message = _(
            "You asked for %(n)d letters but the file has only %(m)d addresses.", n=count, m=rows
        )
        raise BadInput([message], "count")


def record_draw(
    assembly: Assembly,
    upload: Upload,
    count: int,
    seed: str,
    drawn: Drawn,
    *,
    method: str,
    wave: int = 1,
    design: dict | None = None,
    user_id: int | None = None,
) -> LetterDraw:
    """Record a draw and its letters, with what repeating it needs, and audit it."""
    addresses = upload.addresses
    draw = LetterDraw(
        assembly_id=assembly.id,
        source_filename=(upload.filename or "")[-255:],
        source_sha256=hashlib.sha256(upload.data).hexdigest(),
        source_rows=len(addresses),
        requested=count,
        drawn=len(drawn.rows),
        seed=seed,
        stratify_column=upload.used["stratify"],
        strata=json.dumps(drawn.strata, ensure_ascii=False, sort_keys=True),
        wave=wave,
        method=method,
        design=json.dumps(
            {"columns": upload.used, **drawn.design, **(design or {})},
            ensure_ascii=False,
            sort_keys=True,
        ),
        created_by_id=user_id,
    )
    db.session.add(draw)
    db.session.flush()
    allowed = max(assembly.registrations_per_code or 1, 1)
    for row, code in zip(drawn.rows, _unused_codes(len(drawn.rows)), strict=True):
        address = addresses[row]
        db.session.add(
            Letter(
                assembly_id=assembly.id,
                draw_id=draw.id,
                code=code,
                recipient=address.recipient,
                address=address.address,
                postcode=address.postcode,
                area=address.area,
                household_key=address_key(address.address, address.postcode),
                stratum=address.stratum.strip()[:120],
                source_row=row,
                registrations_allowed=allowed,
            )
        )
    db.session.flush()
    # The same names as the routes, so the log reads like the registry of audited actions.
    action = "letters.draw" if method in ("simple", "stratified") else f"letters.{method}_draw"
    record_action(user_id, action, assembly, f"draw:{draw.id}", after={"seed": seed, "wave": wave})
    return draw


def design_of(draw: LetterDraw) -> dict:
    """Return the recorded design of a draw (columns, weights, places…) as a dict."""
    return json.loads(draw.design or "{}")


def strata_of(draw: LetterDraw) -> list[dict]:
    """Return the recorded strata as rows of label, size and letters drawn."""
    strata = json.loads(draw.strata or "{}")
    return [{"label": label, **counts} for label, counts in sorted(strata.items())]


def draws_with_usage(assembly: Assembly) -> list[tuple[LetterDraw, int, int]]:
    """Return the assembly's draws, newest first, with their letters and codes used."""
    used = func.sum(case((Letter.registrations_used > 0, 1), else_=0))
    counts = (
        select(Letter.draw_id, func.count(Letter.id), used)
        .where(Letter.assembly_id == assembly.id)
        .group_by(Letter.draw_id)
    )
    by_draw = {
        draw_id: (letters, used or 0) for draw_id, letters, used in db.session.execute(counts)
    }
    draws = db.session.scalars(
        select(LetterDraw)
        .filter_by(assembly_id=assembly.id)
        .order_by(LetterDraw.created_at.desc(), LetterDraw.id.desc())
    )
    return [(draw, *by_draw.get(draw.id, (0, 0))) for draw in draws]


def letters_of(draw: LetterDraw) -> list[Letter]:
    """Return the draw's letters whose addresses have not been erased, in file order."""
    return list(
        db.session.scalars(
            select(Letter).filter_by(draw_id=draw.id, erased_at=None).order_by(Letter.id)
        )
    )


MAIL_MERGE_HEADER = ["code", "recipient", "address", "postcode", "area", "registration_url"]


def mail_merge_rows(draw: LetterDraw, url_of: Callable[[str], str]) -> Iterator[list[str]]:
    """Yield a row per letter in MAIL_MERGE_HEADER's order; `url_of` maps a grouped code."""
    for letter in letters_of(draw):
        code = format_code(letter.code)
        yield [code, letter.recipient, letter.address, letter.postcode, letter.area, url_of(code)]
