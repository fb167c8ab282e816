"""Start a real Rasa server and action server on loopback for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Optional

import requests

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "prescreen.tar.gz"
# Both servers start through the wrapper that keeps conversation content out of their logs.
SERVE = [str(BIN / "python"), "-m", "rasa_addons.serve"]


class Process:
    def __init__(self, name: str, args, env: Dict[str, str], log_dir: Path):
        self.name, self.args, self.env = name, args, env
        self.log_path = log_dir / f"{name}.log"
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class Stack:
    """Action server + Rasa server with their own databases in a temporary folder."""

    def __init__(self, workdir: Path, smtp_port: int, token: str = "e2e-secret-token", debug: bool = False):
        """``debug``: every process logs at DEBUG level (the privacy test searches those logs)."""
        self.workdir, self.token = workdir, token
        self.rasa_port, self.action_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.db_path = workdir / "prescreen.db"
        self.tracker_db = workdir / "rasa-tracker.db"
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            "tracker_store:\n  type: rasa_addons.tracker_store.RedactingSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{self.tracker_db}"\n'
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "SITE_CONTACT", "PRESCREEN_"))}
        env.update({
            "PRESCREEN_DB_URL": f"sqlite:///{self.db_path}", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port),
            "SITE_CONTACT_EMAIL": "coordinator@example.org", "SANIC_HOST": "127.0.0.1", "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "LOG_LEVEL": "DEBUG" if debug else "INFO",
            "CRISIS_LINE": "12356",
            "PRESCREEN_DATA_KEY_FILE": os.environ.get("PRESCREEN_DATA_KEY_FILE", str(workdir / "data-keys")),
        })
        level = ["--debug"] if debug else []
        self.actions = Process("actions", [*SERVE, "actions", "--actions", "actions", "-p", str(self.action_port), *level],
                               env, workdir)
        self.rasa = Process("rasa", [*SERVE, "rasa", "run", "--enable-api", "--auth-token", token, "-i", "127.0.0.1",
                                     "-p", str(self.rasa_port), "-m", str(MODEL), "--endpoints", str(endpoints),
                                     "--credentials", str(ROOT / "credentials.yml"), *level], env, workdir)

    def start(self) -> "Stack":
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make model` (make test does it)")
        self.actions.start()
        self.start_rasa()
        self._wait(f"http://127.0.0.1:{self.action_port}/health", self.actions)
        return self

    def start_web(self, rasa_url: Optional[str] = None, **extra_env: str) -> "Process":
        """The patient page and chat proxy, in front of this stack's Rasa (or another URL)."""
        port = free_port()
        env = dict(self.actions.env, RASA_URL=rasa_url or self.url, WEB_PORT=str(port),
                   RASA_TRACKER_DB_URL=f"sqlite:///{self.tracker_db}", **extra_env)
        web = Process(f"web-{port}", [str(BIN / "python"), "-m", "web", "--port", str(port)], env, self.workdir)
        web.url = f"http://127.0.0.1:{port}"
        web.start()
        self._wait(f"{web.url}/en/", web)
        return web

    def start_rasa(self) -> None:
        self.rasa.start()
        self._wait(f"{self.url}/status?token={self.token}", self.rasa, timeout=180)

    def restart_rasa(self) -> None:
        self.rasa.stop()
        self.start_rasa()

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()

    @staticmethod
    def _wait(url: str, process: Process, timeout: float = 120) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if process.proc.poll() is not None:
                raise RuntimeError(f"{process.name} exited:\n{process.log_tail()}")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{process.name} did not start in {timeout}s:\n{process.log_tail()}")
