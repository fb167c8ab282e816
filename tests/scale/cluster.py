"""The production profile on loopback: a throwaway PostgreSQL (initdb into a temporary
folder), Redis, one action server, N Rasa servers and nginx in front of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, List

from tests.e2e.servers import MODEL, ROOT, SERVE, Process, Stack
from tests.smtp import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(args: List[str]) -> List[str]:
    """initdb and postgres refuse to run as root: use the postgres account when we are root."""
    return ["runuser", "-u", "postgres", "--"] + args if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, workdir: Path, rasa_servers: int = 2, smtp_port: int = 0):
        self.workdir = workdir
        workdir.chmod(0o777)
        self.pg_port, self.redis_port, self.action_port = free_port(), free_port(), free_port()
        self.nginx_port = free_port()
        self.rasa_ports = [free_port() for _ in range(rasa_servers)]
        self.token = "scale-token"
        self.db_url = f"postgresql+psycopg2://prescreen@127.0.0.1:{self.pg_port}/prescreen"
        self.processes: List[Process] = []
        self.rasa: List[Process] = []
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "SITE_CONTACT", "PRESCREEN_DB"))}
        env.update({
            "PRESCREEN_DB_URL": self.db_url, "SANIC_HOST": "127.0.0.1", "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONPATH": str(ROOT), "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(self.pg_port), "TRACKER_DB_NAME": "rasa",
            "TRACKER_DB_USER": "prescreen", "TRACKER_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.redis_port), "SITE_CONTACT_EMAIL": "coordinator@example.org",
        })
        if smtp_port:
            env.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port)})
        self.env = env

    # -- parts ---------------------------------------------------------------------------
    def start_postgres(self) -> None:
        data = self.workdir / "pg"
        sock = self.workdir / "pgsock"
        for d in (data, sock):
            d.mkdir(mode=0o777)
            shutil.chown(d, "postgres") if os.geteuid() == 0 else None
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "prescreen", "--auth=trust",
                                     "-E", "UTF8", "--no-locale"]), check=True, capture_output=True)
        pg = Process("postgres", _as_postgres([str(PG_BIN / "postgres"), "-D", str(data), "-p", str(self.pg_port),
                                               "-k", str(sock), "-c", "listen_addresses=127.0.0.1",
                                               "-c", "fsync=off", "-c", "max_connections=200"]), self.env, self.workdir)
        pg.start()
        self.processes.append(pg)
        for _ in range(120):
            if subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.pg_port)],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        for db in ("rasa", "prescreen"):
            subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "prescreen", db],
                           check=True, capture_output=True)

    def start_redis(self) -> None:
        redis = Process("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], self.env, self.workdir)
        redis.start()
        self.processes.append(redis)

    def start_apps(self) -> None:
        actions = Process("actions", [*SERVE, "actions", "--actions", "actions", "-p", str(self.action_port)],
                          self.env, self.workdir)
        actions.start()
        self.processes.append(actions)
        for port in self.rasa_ports:
            rasa = Process(f"rasa-{port}", [*SERVE, "rasa", "run", "--enable-api", "--auth-token", self.token,
                                            "-i", "127.0.0.1", "-p", str(port), "-m", str(MODEL),
                                            "--endpoints", str(ROOT / "endpoints.production.yml"),
                                            "--credentials", str(ROOT / "credentials.yml")], self.env, self.workdir)
            rasa.start()
            self.rasa.append(rasa)
            self.processes.append(rasa)
        Stack._wait(f"http://127.0.0.1:{self.action_port}/health", actions)
        for port, rasa in zip(self.rasa_ports, self.rasa, strict=True):
            Stack._wait(f"http://127.0.0.1:{port}/status?token={self.token}", rasa, 240)

    def start_nginx(self) -> None:
        tmp = self.workdir / "nginx"
        tmp.mkdir()
        values: Dict[str, str] = {
            "NGINX_PID": str(tmp / "nginx.pid"), "NGINX_LOG_DIR": str(tmp), "NGINX_TMP": str(tmp),
            "RASA_UPSTREAMS": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;"
                                        for p in self.rasa_ports),
            "WEB_UPSTREAM": f"127.0.0.1:{self.rasa_ports[0]}", "NGINX_LISTEN": f"127.0.0.1:{self.nginx_port}",
        }
        conf = (ROOT / "deploy" / "nginx.conf.template").read_text()
        for key, value in values.items():
            conf = conf.replace("${" + key + "}", value)
        (tmp / "nginx.conf").write_text(conf)
        nginx = Process("nginx", ["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
                        self.env, self.workdir)
        nginx.start()
        self.processes.append(nginx)
        time.sleep(1)
        if nginx.proc.poll() is not None:
            raise RuntimeError(f"nginx did not start:\n{nginx.log_tail()}")

    def start(self) -> "Cluster":
        self.start_postgres()
        self.start_redis()
        self.start_apps()
        self.start_nginx()
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
