"""File formats at the boundary. Nothing here knows about the database or Qt."""
