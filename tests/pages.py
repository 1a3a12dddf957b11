"""Reading what a test needs from a rendered page."""


def csrf_token(response) -> str:
    """Return the first form's CSRF token on a rendered page."""
    return (
        response.get_data(as_text=True)
        .split('name="csrf_token"')[1]
        .split('value="')[1]
        .split('"')[0]
    )
