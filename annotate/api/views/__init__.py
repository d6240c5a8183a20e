"""API views: read through selectors, write through services, nothing else."""
