"""Coral's external moderation phase: Townsquare's civility bands for a newsroom that keeps Coral.

Coral (coralproject/talk) POSTs each new or edited comment, signed, to
``/integrations/coral/phase/<site slug>``; we answer with the band the site's thresholds put it
in (docs/coral.md).

- ``models``: ``CoralSigningSecret`` (the secrets Coral signs with, several live at once while
  Coral rotates) and ``CoralPhaseSettings`` (a site's opt-in to let us reject outright).
- ``services``: ``coral_secret_create``, ``coral_secret_revoke``, ``coral_phase_settings_set``;
  ``selectors``: ``coral_secrets_live``, ``coral_phase_settings_for``.
- ``phase``: the contract — the signature check, the request's fields, dropping replays, and
  ``phase_answer`` (the decision, made by ``moderation.pipeline.civility_verdict``, as Coral's
  response shape).
- ``views`` / ``urls``: the endpoint; the ``coral-secret`` command. The admin pages are
  ``front.admin.coral``.

Depends on ``moderation`` (the policy and the civility verdict), ``civility`` (scoring) and
``sites``; nothing imports it.
"""
