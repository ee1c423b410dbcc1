"""Policies shared by the flake8 plugin, the hooks and ``djarch check``.

Each module answers one question the same way for every entry point: which
codes are enabled where (``selection``), which comments silence a finding
(``noqa``), which findings are already accepted (``baseline``) and how a
finding is printed (``flake8_djarch.report_formats``).
"""
