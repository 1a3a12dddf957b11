"""The printable letters: each with its code, registration link and QR code."""

from collections.abc import Callable

import segno
from markupsafe import Markup

from facilitate.languages.reading import read
from facilitate.languages.services import remit_source
from facilitate.letters.services import format_code, letters_of
from facilitate.models import Assembly, LetterDraw


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


def letter_languages(assembly: Assembly) -> tuple[dict[str, str], list[str]]:
    """Return the languages a letter is printed in, each with its remit, and those left out.

    A household's language is not in an address file, so a letter of a multilingual assembly
    speaks every working language whose remit is translated and current: a letter that
    explained the assembly in French but put the question in German would not be read.
    """
    source = [remit_source(assembly)]
    printed, left_out = {}, []
    for language in assembly.working_languages:
        reading = read(assembly, source, language)
        if reading.fell_back:
            left_out.append(language)
        else:
            printed[language] = reading["text"]
    return printed, left_out
