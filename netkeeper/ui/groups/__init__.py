"""The Groups view: networking groups, their members, meetings and commitments."""
