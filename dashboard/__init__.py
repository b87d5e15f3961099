"""Oversight dashboard for administrative reform in Vietnamese local government."""
