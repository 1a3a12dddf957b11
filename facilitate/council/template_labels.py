"""What every council page's template may use, registered on each council blueprint."""

from facilitate.council import ballots as ballot_services
from facilitate.council.reading import option_title
from facilitate.models.ballots import THRESHOLD_LABELS
from facilitate.models.council import (
    CANDIDATE_SOURCE_LABELS,
    STAFF_ROLE_LABELS,
    STEP_KIND_LABELS,
    TOPIC_SOURCE_LABELS,
    TOPIC_STATUS_LABELS,
)
from facilitate.models.recommendations import RESPONSE_STATUS_LABELS


def template_labels() -> dict:
    """Give every council template the labels and the quorum rule it shows."""
    return {
        "TOPIC_LABELS": TOPIC_STATUS_LABELS,
        "TOPIC_SOURCE_LABELS": TOPIC_SOURCE_LABELS,
        "STEP_LABELS": STEP_KIND_LABELS,
        "RESPONSE_LABELS": RESPONSE_STATUS_LABELS,
        "CANDIDATE_SOURCE_LABELS": CANDIDATE_SOURCE_LABELS,
        "THRESHOLD_LABELS": THRESHOLD_LABELS,
        "STAFF_ROLE_LABELS": STAFF_ROLE_LABELS,
        "quorum_needed": ballot_services.quorum_needed,
        "option_title": option_title,
    }
