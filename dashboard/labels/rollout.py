"""Labels of the rollout page and its exports: key -> (Vietnamese, English)."""

LABELS: dict[str, tuple[str, str]] = {}
