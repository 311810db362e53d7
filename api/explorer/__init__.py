"""The auditors' graph explorer and dashboard: static pages served under /explorer (see routes.py)."""
