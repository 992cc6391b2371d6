"""Networking groups: what they are for, who is in them, their meetings and the
promises made there.

- `groups.py`: the group itself, its members and roles, who matches its criteria;
- `meetings.py`: logging a meeting (one interaction with everyone present),
  attendance, the next meeting from the group's rhythm;
- `commitments.py`: accountability — who promised what by when, and whether it was kept;
- `due.py`: the group items of the due list (the next meeting, my open commitments).
"""
