"""Services: every write the application makes goes through a function here."""
