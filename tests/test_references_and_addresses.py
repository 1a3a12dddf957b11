"""Registrants' pseudonymous references and household keys: the import's fast paths keep
what the one-at-a-time versions promise."""

import re
from collections import Counter

from facilitate.households import address_key, normalise_address
from facilitate.registration.services import _REFERENCE_ALPHABET, new_reference, new_references

REFERENCE = re.compile(rf"^R[{_REFERENCE_ALPHABET}]{{9}}$")


def test_references_drawn_in_bulk_look_like_single_ones_and_do_not_repeat():
    drawn = new_references(20_000)
    assert len(drawn) == 20_000 and len(set(drawn)) == 20_000
    assert all(REFERENCE.match(r) for r in drawn)
    assert REFERENCE.match(new_reference())


def test_every_letter_is_as_likely_in_every_place():
    drawn = new_references(31_000)
    for place in range(1, 10):
        counts = Counter(r[place] for r in drawn)
        assert set(counts) == set(_REFERENCE_ALPHABET)
        # 1,000 expected per letter; the standard deviation is about 31: six either side.
        assert all(810 < n < 1190 for n in counts.values()), (place, counts)


def test_addresses_written_two_ways_share_a_key_with_or_without_accents():
    assert address_key("Rue Haute 12", "4700") == address_key("rue  haute, 12", "4700")
    assert address_key("Hauptstraße 3", "4700") == address_key("Hauptstrasse 3", "4700")
    assert address_key("Chaussée de Liège 1") == address_key("chaussee de liege 1")
    # Letters outside a–z still split words as before, so keys stored earlier still match.
    assert normalise_address("Søndergade 5") == "s ndergade 5"
    assert address_key("") == ""
