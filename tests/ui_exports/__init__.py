"""Tests of the export page and its downloads."""
