"""Static files: whitenoise, with a one-year cache for the files whose names carry a hash."""

from __future__ import annotations

from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise marks hashed files (``app.3f2a….css``, from the manifest storage) ``immutable``;
    a year is the longest cache browsers and proxies are asked to honour (RFC 9111 practice), and a
    new release has new names anyway. Files without a hash keep ``WHITENOISE_MAX_AGE`` (60 s)."""

    FOREVER = ONE_YEAR
