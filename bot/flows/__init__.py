"""The conversation's flows, each an explicit state machine."""
