"""Run work in threads released together, each with its own app context, session and connection."""

import threading

from facilitate.extensions import db


def at_once(app, work, calls, timeout: float = 30) -> list[Exception]:
    """Call work(*args) for every args in `calls`, all in threads started by one barrier.

    Return the exceptions the calls raised (a thread's exception would otherwise vanish).
    """
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(args):
        try:
            with app.app_context():
                barrier.wait()
                try:
                    work(*args)
                finally:
                    db.session.remove()
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(args,)) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return errors
