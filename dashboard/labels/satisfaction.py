"""Labels of the satisfaction page and its exports: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {}
