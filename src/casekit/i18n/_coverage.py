"""English messages for casekit.coverage, keyed by stable reason code."""

EN: dict[str, str] = {}
