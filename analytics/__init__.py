"""Chaski analytics."""
