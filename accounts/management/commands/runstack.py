import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import Agency


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("No free port")


class Command(BaseCommand):
    help = (
        "Development stack for `make run`: migrate, seed the demo if the database is empty, then "
        "run the web server, a Celery worker and Celery beat until Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        logins = settings.BASE_DIR / ".data" / "demo-logins.json"
        if not Agency.objects.exists():
            self.stdout.write(
                "Empty database: loading the demo (agencies, people, cameras, reads)…"
            )
            call_command("seed_demo", out=str(logins), force=True)
        port = _free_port(port)
        # Children join this process's servers (embedded ones included) through the environment.
        env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, "REDIS_URL": settings.REDIS_URL}
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "alpr_governance",
                "worker",
                "-l",
                "warning",
                "--concurrency",
                "2",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "alpr_governance",
                "beat",
                "-l",
                "warning",
                "--schedule",
                str(settings.BASE_DIR / ".data" / "celerybeat-schedule"),
            ],
        }
        children = {
            name: subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR, start_new_session=True)
            for name, cmd in commands.items()
        }
        self.stdout.write(
            self.style.SUCCESS(f"\n  ALPR Access Governance: http://127.0.0.1:{port}/")
        )
        self.stdout.write(f"  Demo logins (username, password, TOTP secret): {logins}")
        self.stdout.write("  Ctrl-C stops the web server, the worker and beat.\n")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with {child.returncode}; stopping.")
                        stopping = True
                time.sleep(0.5)
        finally:
            for child in children.values():
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
            self.stdout.write("Stopped.")
