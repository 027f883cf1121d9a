"""Chaski bot."""
