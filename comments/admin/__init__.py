"""The comments admin: the moderation queue and change page, the audit log, reports, policy settings."""

from . import comments, policy, records  # noqa: F401  (registers the admins)
