"""Chaski models."""
