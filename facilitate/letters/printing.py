"""The printable letters: each with its code, registration link and QR code."""

from collections.abc import Callable

import segno
from markupsafe import Markup

from facilitate.letters.services import format_code, letters_of
from facilitate.models import LetterDraw


def qr_svg(url: str, title: str) -> Markup:
    """Return a QR code for `url` as inline SVG that scales with its CSS width."""
    # Medium error correction survives a fold or a smudge; no style attributes, for the CSP.
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, title=title, svgclass="letter-qr", dark="#000"
    )
    # segno writes only numbers and path data, and escapes the title itself.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704


def letter_sheets(draw: LetterDraw, url_of: Callable[[str], str], qr_title: str) -> list[dict]:
    """Return per letter what the printed page shows; `url_of` maps a grouped code to a link."""
    sheets = []
    for letter in letters_of(draw):
        code = format_code(letter.code)
        url = url_of(code)
        sheets.append({"letter": letter, "code": code, "url": url, "qr": qr_svg(url, qr_title)})
    return sheets
