"""English messages for input problems found at the boundary (casekit.serialization)."""

EN: dict[str, str] = {
    "input.missing": "is required",
    "input.unknown_key": "is not a known field; remove it or check its spelling",
    "input.type": "must be {expected}",
}
