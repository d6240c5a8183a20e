"""Selectors: reads shaped for the views, the API, exports and statistics."""
