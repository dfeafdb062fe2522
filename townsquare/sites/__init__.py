"""Sites: the newsroom sites one installation serves, with the origins their pages live on."""
