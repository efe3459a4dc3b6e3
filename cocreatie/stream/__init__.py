"""The room event log: where it is stored (Redis streams), and the fold that turns it into state."""
