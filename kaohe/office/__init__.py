"""Office features: manual scores and adjustments (第六条) and the manual-score sheet."""
