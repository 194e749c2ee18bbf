"""The account screens: sign-in and settings, two-factor, personal API tokens."""
