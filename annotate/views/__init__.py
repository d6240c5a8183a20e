"""Browser UI views: thin, they read through selectors and write through services."""
