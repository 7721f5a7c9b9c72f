"""Every Swedish sentence and label a board member or director reads, in one place (one status table)."""
