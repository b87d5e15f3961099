"""All SQL of the dashboard, one module per subject. Values are always bound parameters."""
