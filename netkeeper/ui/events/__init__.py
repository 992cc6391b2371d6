"""The Events view: conferences and meetups, whom to meet there, whom you met, follow-ups."""
