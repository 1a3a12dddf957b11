"""Published ballot results per recommendation, as the public pages show them."""

from facilitate.ballots.queries import published_results
from facilitate.models import Assembly


def vote_results(assembly: Assembly) -> dict[int, dict]:
    """Return {recommendation id: its latest published ballot item} ({} before any)."""
    found = {}
    for ballot in published_results(assembly):
        for item in ballot["items"]:
            if item.get("recommendation_id") is not None:
                # Later ballots (e.g. a final vote after amendments) replace earlier ones.
                found[item["recommendation_id"]] = {**item, "ballot": ballot["title"]}
    return found
