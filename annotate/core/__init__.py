"""The functional core: plain Python over plain data. Nothing here imports Django."""
