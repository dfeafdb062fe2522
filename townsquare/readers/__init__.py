"""Readers: e-mailed verification links, verified addresses and reader sessions, newsroom
sign-on accounts and who may comment, readers' data download and erasure.

- ``models``: verification links (signed, single use, one purpose each) and reader sessions.
- ``services``: ``verification_send``, ``verification_confirm``, ``reader_session_start``,
  ``reader_data_erase``; ``selectors``: ``reader_data_for``, ``reader_comments``,
  ``verification_marks``.
- ``session``: what a reader proved, for the data-rights pages and as a reader session
  (``reader_session_email``); ``middleware``: tells the lower layers who a verified reader is.
- ``registry``: what the apps above register for data rights (sections and erasers).
- ``sso``: newsroom single sign-on (Coral-compatible HMAC tokens: ``sso_token_read``,
  ``sso_sign_in``, ``sso_sign_out``, ``sso_secret_rotate``); ``commenting``: who may comment on
  a story (``commenting_check``, called by the posting use case).
- ``oidc``: signing in with the site's OpenID provider (``oidc_sign_in_start``,
  ``oidc_sign_in_finish``: Authlib's code flow with PKCE; the account as ``sso``'s).
- ``mail``: the readers' e-mails; ``tasks``: thin task wrappers.

The pages ("Your comments", "Your data", the link's landing page) are ``front.views.readers``;
the sign-on callback ``front.views.sso``, the OpenID sign-in ``front.views.oidc``; the admin
``front.admin.readers``.
"""
