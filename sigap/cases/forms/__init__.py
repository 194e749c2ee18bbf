"""Case forms, one module per area (intake, work, records, lists)."""
