"""Chaski retrieval."""
