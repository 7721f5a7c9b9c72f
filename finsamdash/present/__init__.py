"""Presentation: the house theme, figures and tables (Swedish labels from finsamdash.wording)."""
