"""What a member is told when a write meant to happen once did not happen this time.

A double click, a second device or a dropped connection all end in the same place: the
request's write fails at the flush. Either an earlier request already recorded it (the unique
row won the race: say so, nothing is lost) or nothing was recorded (a lock held too long, a
lost connection: say that too, so the member tries again). Ballots and surveys both ask.
"""

import logging
from collections.abc import Callable

from flask import flash, redirect

from facilitate.extensions import db

log = logging.getLogger(__name__)


def lost_race(recorded: Callable[[], bool], *, already, failed, back: str, what: str):
    """Roll back, tell the member which of the two it was, and send them back to `back`.

    `already` and `failed` are lazy strings: translating picks the reader's language, which
    reads their account, and nothing may touch the session before the rollback.
    """
    db.session.rollback()
    if recorded():
        flash(str(already), "error")
    else:
        log.warning("%s was not recorded", what, exc_info=True)
        flash(str(failed), "error")
    return redirect(back)
