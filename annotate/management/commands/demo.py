"""Create the demo project, its sample article and demo users."""

from django.core.management.base import BaseCommand

from annotate.services.demo import ensure_demo


class Command(BaseCommand):
    help = "Create the demo project with the sample article and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give the demo users new passwords."
        )

    def handle(self, *args, reset_passwords=False, **options):
        passwords = ensure_demo(reset_passwords=reset_passwords)
        if not passwords:
            self.stdout.write(
                "Demo users exist already; their passwords were printed when they were made. "
                "New ones: python manage.py demo --reset-passwords"
            )
            return
        self.stdout.write(self.style.SUCCESS("Demo logins (shown once):"))
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<12} {password}")
