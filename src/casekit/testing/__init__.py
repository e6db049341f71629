"""Tools for testing code built on casekit: hypothesis strategies (needs the ``testing`` extra)."""
