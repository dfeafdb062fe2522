"""Staff accounts: moderator and administrator roles, sign-in with throttling."""
