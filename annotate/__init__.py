"""Source-reliability annotation: the Django app and its functional core."""
