"""The e-mails readers receive from the readers app: plain text, short, saying why."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from townsquare.readers.models import EmailVerification

# Per purpose: the subject, and what the link lets the reader do.
PURPOSE_MAIL = {
    EmailVerification.Purpose.DATA_RIGHTS: (
        "Your data on {site}",
        "Someone (we hope you) asked to see, download or erase what {site} holds about this "
        "e-mail address: the comments posted with it and what happened to them.",
    ),
    EmailVerification.Purpose.READER_SIGN_IN: (
        "Sign in to {site}",
        "Someone (we hope you) asked to sign in to {site} with this e-mail address, to see "
        "their comments and choose which replies reach them by e-mail. There is no password: "
        "this link is the sign-in.",
    ),
    EmailVerification.Purpose.REPLY_OPT_IN: (
        "Confirm e-mails about replies on {site}",
        "A comment was just posted on {site} with this e-mail address, asking to be e-mailed "
        "when someone replies. Nothing is sent until you confirm it is your address; confirming "
        "also signs you in to see your comments.",
    ),
}


def verification_mail_send(*, verification_id: int) -> bool:
    """Mail the link for one verification, unless it was used or has expired meanwhile.

    Errors from the mail server are raised, so the task backend records the failure and can
    retry it; nothing else depends on the mail having gone.
    """
    from townsquare.readers.services import verification_url

    verification = EmailVerification.objects.filter(
        pk=verification_id, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if verification is None:
        return False
    subject, what = PURPOSE_MAIL[verification.purpose]
    site = settings.SITE_NAME
    minutes = settings.VERIFICATION_LINK_MINUTES
    body = (
        f"Hello,\n\n{what.format(site=site)}\n\n"
        f"To continue, open this link within {minutes} minutes. It works once:\n"
        f"{verification_url(verification)}\n\n"
        "If you did not ask for this, ignore this e-mail: nothing happens unless the link is "
        "opened and confirmed.\n\n"
        f"— {site}\n"
    )
    send_mail(subject.format(site=site), body, settings.DEFAULT_FROM_EMAIL, [verification.email])
    return True
