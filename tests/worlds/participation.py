"""The who-took-part routes reuse the sitting and ballot other worlds made for assembly `b`."""


def extend(b, values: dict) -> None:
    # Nothing new: adding attendance or voter rows here would change what the check-in and
    # vote routes answer in the walk. Fail loudly if the worlds they rely on stop providing ids.
    assert "sitting_id" in values and "ballot_id" in values
