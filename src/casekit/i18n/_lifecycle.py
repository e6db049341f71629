"""English messages for casekit.lifecycle, keyed by stable reason code."""

EN: dict[str, str] = {}
