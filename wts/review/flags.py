"""The flags now live in ``wts.workflow.flags``, below both the review and the entry pages, so a
district officer sees at entry the same flags its director will see. Kept here for the review's
own modules and the apps above it."""

from wts.workflow.flags import (  # noqa: F401
    MAD_SCALE,
    MIN_PEERS,
    ItemStats,
    RoundFlagger,
    flags_for_report,
    flags_for_reports,
    previous_round,
    previous_values,
)
