"""Scale-out on the production profile: PostgreSQL tracker store and referral database,
Redis lock store, two Rasa servers, one action server, nginx. Conversations alternate their
turns between the two servers; then one server is killed and the rest go through nginx.
Every conversation must reach its outcome, no user turn may be lost or duplicated, and
every referral must be stored exactly once."""

import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import yaml
from sqlalchemy import create_engine, inspect, text

from bot.flow import REDACTED_SLOTS
from bot.storage import Store
from tests.scale.cluster import Cluster
from tools.vignettes import START, next_answer

VIGNETTES = yaml.safe_load((Path(__file__).resolve().parents[3] / "shared" / "vignettes" / "public.yml").read_text())
COPIES = 2


@pytest.fixture(scope="module")
def cluster(smtp):
    workdir = Path(tempfile.mkdtemp(prefix="prescreen-scale-", dir="/tmp"))
    c = Cluster(workdir, rasa_servers=2, smtp_port=smtp.port)
    try:
        c.start_postgres()
        store = Store(c.db_url)
        store.migrate()
        store.migrate()  # idempotent on PostgreSQL as on SQLite
        c.start_redis()
        c.start_apps()
        c.start_nginx()
    except Exception:
        c.stop()
        raise
    yield c
    c.stop()


class Driver:
    """One person from a vignette, one turn at a time."""

    def __init__(self, vignette):
        self.vignette, self.lang = vignette, vignette["language"]
        self.sender = f"scale-{vignette['id']}-{uuid.uuid4().hex[:8]}"
        self.answers = {k: (list(v) if isinstance(v, list) else [v]) for k, v in vignette["answers"].items()}
        self.message, self.asked = START[self.lang], None
        self.sent, self.expected_texts, self.done, self.slots = 0, [], False, {}

    def step(self, http, url, tracker_url, token):
        response = http.post(f"{url}/webhooks/rest/webhook", json={"sender": self.sender, "message": self.message},
                             timeout=120)
        response.raise_for_status()
        self.expected_texts.append("[redacted]" if self.asked in REDACTED_SLOTS else self.message)
        self.sent += 1
        tracker = http.get(f"{tracker_url}/conversations/{self.sender}/tracker", params={"token": token},
                           timeout=60).json()
        asked = tracker["slots"].get("requested_slot") if (tracker.get("active_loop") or {}).get("name") else None
        self.slots = tracker["slots"]
        if not asked or self.sent > 80:
            self.done = True
        else:
            self.asked, self.message = asked, next_answer(asked, self.answers, self.lang)


def run_rounds(drivers, choose_url, tracker_url, token, before_round=None):
    """Every active conversation takes one turn per round (4 at a time)."""
    http = requests.Session()
    round_no = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        while any(not d.done for d in drivers):
            if before_round:
                before_round(round_no)
            active = [d for d in drivers if not d.done]
            list(pool.map(lambda d: d.step(http, choose_url(d), tracker_url, token), active))
            round_no += 1


def test_conversations_survive_alternating_servers_and_a_dead_server(cluster, smtp):
    direct = [f"http://127.0.0.1:{p}" for p in cluster.rasa_ports]
    nginx = f"http://127.0.0.1:{cluster.nginx_port}"
    first = [Driver(v) for v in VIGNETTES for _ in range(COPIES)]
    # Phase 1: turn n of every conversation goes to server n % 2.
    run_rounds(first, lambda d: direct[d.sent % 2], direct[0], cluster.token)
    # Phase 2: through nginx; the second server is killed after three rounds.
    second = [Driver(v) for v in VIGNETTES for _ in range(COPIES)]

    def kill_second_server(round_no):
        if round_no == 3:
            cluster.rasa[1].proc.kill()
            cluster.rasa[1].proc.wait()

    run_rounds(second, lambda d: nginx, direct[0], cluster.token, kill_second_server)
    assert cluster.rasa[1].proc.poll() is not None  # it really died mid-run

    drivers = first + second
    for d in drivers:
        assert d.slots.get("prescreen_outcome") == d.vignette["expected_outcome"], d.sender
        for key, verdict in (d.vignette.get("expected_verdicts") or {}).items():
            assert d.slots["criteria_verdicts"].get(key) == verdict, (d.sender, key)
    # no user turn lost or duplicated, in any conversation
    http = requests.Session()
    for d in drivers:
        events = http.get(f"{direct[0]}/conversations/{d.sender}/tracker", params={"token": cluster.token},
                          timeout=60).json()["events"]
        assert [e["text"] for e in events if e["event"] == "user"] == d.expected_texts, d.sender
    # every referral stored exactly once
    referred = [d for d in drivers if d.vignette["expected_outcome"] != "emergency_stop"]
    engine = create_engine(cluster.db_url)
    with engine.connect() as c:
        codes = c.execute(text("select code from referrals")).scalars().all()
        screenings = c.execute(text("select count(*) from screenings")).scalar()
    assert sorted(codes) == sorted(d.slots["referral_code"] for d in referred)
    assert len(set(codes)) == len(codes) == len(referred)
    assert screenings == len(drivers)  # emergencies are recorded too, once each
    assert {"referrals", "screenings", "outbox", "audit_log", "pending_contacts"} <= set(inspect(engine).get_table_names())
    print(f"scale-out: {len(drivers)} conversations, {sum(d.sent for d in drivers)} turns")
