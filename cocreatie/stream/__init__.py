"""The room event log: where it is stored, and the fold that turns it into state."""
