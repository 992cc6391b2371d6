"""Storage: Peewee models on SQLite. Imports only peewee and the standard library."""
