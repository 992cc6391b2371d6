"""Widgets for people in context: the detail pane's section, the editor's People tab,
"Before you talk", ways to give back, introductions and My profile."""
