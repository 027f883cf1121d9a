"""Chaski webhooks."""
