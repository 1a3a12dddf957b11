"""Record a download of personal data: a GET that must still leave a trace."""

from facilitate.audit.services import record_action


def record_download(actor, action: str, assembly, filename: str, **details) -> None:
    """Append the entry naming the file; the request's unit of work commits it, GET or not."""
    record_action(actor, action, assembly, target=f"file:{filename}", after=details or None)
