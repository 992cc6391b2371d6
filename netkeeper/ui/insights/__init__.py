"""The Today page, the Insights page and their QPainter charts."""
