"""Insights: relationship strength, network health, diversity, activity, missing
information, the map of who knows whom, paths to a target and the Today list.

Every module computes from SQL into plain dataclasses; nothing here imports Qt.
"""
