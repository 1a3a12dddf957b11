"""The e-mail that gives a new registrant their private link, online or registered by staff."""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from facilitate import mail
from facilitate.recipient_language import language_for


def send_confirmation(assembly, registrant, token: str) -> None:
    """Queue the registrant's private link, if they gave an e-mail address."""
    if not registrant.email:
        return
    link = url_for("registration.manage", token=token, _external=True)
    # Staff may take a registration in another language than the person's own.
    with force_locale(language_for(assembly, registrant)):
        subject = _("Your registration for %(t)s", t=assembly.title)
        body = render_template(
            "registration/email_confirmation.txt",
            assembly=assembly,
            registrant=registrant,
            link=link,
        )
    mail.queue_email(registrant.email, subject, body, assembly.id)
