"""The e-mails readers receive from the readers app: plain text, short, saying why."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from townsquare.lib.i18n import language_for
from townsquare.readers.models import EmailVerification

# Per purpose: the subject, and what the link lets the reader do.
PURPOSE_MAIL = {
    EmailVerification.Purpose.DATA_RIGHTS: (
        gettext_lazy("Your data on %(site)s"),
        gettext_lazy(
            "Someone (we hope you) asked to see, download or erase what %(site)s holds about "
            "this e-mail address: the comments posted with it and what happened to them."
        ),
    ),
    EmailVerification.Purpose.READER_SIGN_IN: (
        gettext_lazy("Sign in to %(site)s"),
        gettext_lazy(
            "Someone (we hope you) asked to sign in to %(site)s with this e-mail address, to see "
            "their comments and choose which replies reach them by e-mail. There is no "
            "password: this link is the sign-in."
        ),
    ),
    EmailVerification.Purpose.REPLY_OPT_IN: (
        gettext_lazy("Confirm e-mails about replies on %(site)s"),
        gettext_lazy(
            "A comment was just posted on %(site)s with this e-mail address, asking to be "
            "e-mailed when someone replies. Nothing is sent until you confirm it is your "
            "address; confirming also signs you in to see your comments."
        ),
    ),
}


def verification_mail_send(*, verification_id: int, language: str = "") -> bool:
    """Mail the link for one verification, unless it was used or has expired meanwhile.

    In ``language``, the one the reader's request was answered in (``verification_send`` passes
    it on), else the installation's. Errors from the mail server are raised, so the task backend
    records the failure and can retry it; nothing else depends on the mail having gone.
    """
    from townsquare.readers.services import verification_url

    verification = EmailVerification.objects.filter(
        pk=verification_id, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if verification is None:
        return False
    with translation.override(language_for(requested=language)):
        subject, body = _verification_mail(verification, url=verification_url(verification))
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [verification.email])
    return True


def _verification_mail(verification: EmailVerification, *, url: str) -> tuple[str, str]:
    subject, what = PURPOSE_MAIL[verification.purpose]
    site = settings.SITE_NAME
    minutes = settings.VERIFICATION_LINK_MINUTES
    body = (
        _("Hello,")
        + "\n\n"
        + what % {"site": site}
        + "\n\n"
        + _("To continue, open this link within %(minutes)d minutes. It works once:")
        % {"minutes": minutes}
        + f"\n{url}\n\n"
        + _(
            "If you did not ask for this, ignore this e-mail: nothing happens unless the link "
            "is opened and confirmed."
        )
        + f"\n\n— {site}\n"
    )
    return subject % {"site": site}, body
