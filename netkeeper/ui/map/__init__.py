"""The Network map page: who knows whom, me in the centre (issue 15, item 7)."""
