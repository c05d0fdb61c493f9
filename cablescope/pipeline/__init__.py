"""Wiring of the stages: read, repair, parse, merge, store."""
