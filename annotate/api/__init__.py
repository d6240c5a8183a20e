"""The REST API (Django REST framework): serializers and views over the same services."""
