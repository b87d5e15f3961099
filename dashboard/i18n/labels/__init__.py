"""Interface labels per subject, merged by dashboard.i18n. Each value is (Vietnamese, English)."""
