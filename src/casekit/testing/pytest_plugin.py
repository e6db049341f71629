"""casekit's pytest plugin (placeholder while it is built)."""
