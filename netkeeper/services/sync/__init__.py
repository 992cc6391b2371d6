"""Two-way CardDAV sync.

- `remote.py`: the small interface the engine talks to (list, changes, fetch,
  put, delete with ETags) and the errors a server can answer with;
- `carddav.py`: that interface over HTTP and WebDAV XML (requests, ElementTree),
  plus discovery and address-book creation;
- `cards.py`: a card's sync form, its hash, and the field-level three-way merge;
- `local.py`: reading contacts as sync cards and writing server cards back;
- `state.py`: the account, per-item records, conflicts and the run log;
- `engine.py`: the algorithm, with no HTTP in it, so tests drive it against an
  in-memory fake as well as real servers;
- `secrets.py`: the password in the OS keyring, with the fallbacks.
"""
