"""Serializers: request and response shapes only. Rules live in the services."""
