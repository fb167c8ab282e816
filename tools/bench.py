"""`make bench`: load, latency, memory, training and start-up figures for the assistant, with
Rasa's own starter bot (`rasa init --no-prompt`, trained in a temporary folder) driven the
same way as the baseline. Prints figures and writes results/bench/; never fails on speed.

Usage: python -m tools.bench [--patients 1,10,50]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import requests
import yaml

from tests.e2e.servers import BIN, ROOT, Process, Stack
from tests.smtp import free_port
from tools.vignettes import START, next_answer

OUT = ROOT / "results" / "bench"
P01 = next(v for v in yaml.safe_load((ROOT.parent / "shared" / "vignettes" / "public.yml").read_text())
           if v["id"] == "P01")
STARTER_MESSAGES = ["hello", "I am feeling great", "are you a bot?", "I am sad", "yes", "no", "bye"]


def pct(values: List[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))]


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def timed_send(http: requests.Session, url: str, sender: str, message: str, latencies: List[float],
               errors: List[str], lock: threading.Lock) -> bool:
    """One message to the REST channel; its latency, or the error, is recorded. False on error."""
    began = time.perf_counter()
    try:
        http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                  timeout=120).raise_for_status()
    except requests.RequestException as exc:
        with lock:
            errors.append(type(exc).__name__)
        return False
    with lock:
        latencies.append(time.perf_counter() - began)
    return True


def screening(url: str, token: str, latencies: List[float], errors: List[str], lock: threading.Lock) -> int:
    """One simulated patient doing the full P01 screening through the REST channel."""
    http = requests.Session()
    sender = f"bench-{uuid.uuid4().hex}"
    answers = {k: [v] for k, v in P01["answers"].items()}
    message, turns = START["en"], 0
    while turns < 60:
        if not timed_send(http, url, sender, message, latencies, errors, lock):
            return turns
        turns += 1
        tracker = http.get(f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=60).json()
        asked = tracker["slots"].get("requested_slot") if (tracker.get("active_loop") or {}).get("name") else None
        if not asked:
            return turns
        message = next_answer(asked, answers, "en")
    return turns


def starter_chat(url: str, turns: int, latencies: List[float], errors: List[str], lock: threading.Lock) -> int:
    http = requests.Session()
    sender = f"starter-{uuid.uuid4().hex}"
    for i in range(turns):
        if not timed_send(http, url, sender, STARTER_MESSAGES[i % 7], latencies, errors, lock):
            return i
    return turns


def load(run_one, k: int) -> Dict[str, float]:
    latencies: List[float] = []
    errors: List[str] = []
    lock = threading.Lock()
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=k) as pool:
        turns = sum(pool.map(lambda _: run_one(latencies, errors, lock), range(k)))
    elapsed = time.perf_counter() - began
    ms = [x * 1000 for x in latencies]
    return {"patients": k, "turns": turns, "errors": len(errors), "turns_per_s": turns / elapsed if elapsed else 0,
            "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99)}


def timed(cmd: List[str], cwd: Path, env: Dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", default="1,10,50")
    args = parser.parse_args()
    ks = [int(k) for k in args.patients.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="prescreen-bench-"))
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    results: Dict[str, object] = {}

    # Training from nothing (own cache folder), model size.
    cache_env = dict(env, RASA_CACHE_DIRECTORY=str(work / "cache"))
    results["training_s"] = timed([str(BIN / "rasa"), "train", "--out", str(work / "models"), "--fixed-model-name",
                                   "bench", "--quiet"], ROOT, cache_env)
    results["model_mb"] = (work / "models" / "bench.tar.gz").stat().st_size / 1e6

    # Our assistant: start-up time to ready, load, memory.
    (work / "ours").mkdir()
    stack = Stack(work / "ours", smtp_port=free_port())
    began = time.perf_counter()
    stack.start()
    results["ready_s"] = time.perf_counter() - began
    ours = [load(lambda lat, err, lock: screening(stack.url, stack.token, lat, err, lock), k) for k in ks]
    results["rasa_peak_mb"] = peak_rss_mb(stack.rasa.proc.pid)
    results["actions_peak_mb"] = peak_rss_mb(stack.actions.proc.pid)
    turns_per_patient = max(1, round(ours[0]["turns"] / max(1, ours[0]["patients"])))
    stack.stop()

    # Rasa's starter bot, trained in a temporary folder, driven the same way.
    starter_dir = work / "starter"
    starter_dir.mkdir()
    results["starter_training_s"] = timed([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(starter_dir)],
                                          starter_dir, dict(env, RASA_CACHE_DIRECTORY=str(work / "cache2")))
    port = free_port()
    starter = Process("starter", [str(BIN / "rasa"), "run", "-i", "127.0.0.1", "-p", str(port), "--enable-api",
                                  "-m", str(starter_dir / "models")], env, work)
    began = time.perf_counter()
    starter.proc = subprocess.Popen(starter.args, cwd=starter_dir, env=env, stdout=open(work / "starter.log", "wb"),
                                    stderr=subprocess.STDOUT)
    Stack._wait(f"http://127.0.0.1:{port}/status", starter, timeout=240)
    results["starter_ready_s"] = time.perf_counter() - began
    url = f"http://127.0.0.1:{port}"
    base = [load(lambda lat, err, lock: starter_chat(url, turns_per_patient, lat, err, lock), k) for k in ks]
    results["starter_peak_mb"] = peak_rss_mb(starter.proc.pid)
    starter.stop()

    results["load"] = ours
    results["starter_load"] = base
    for o, b in zip(ours, base, strict=True):
        o["p50_ratio_to_starter"] = o["p50_ms"] / b["p50_ms"] if b["p50_ms"] else float("nan")
        o["p95_ratio_to_starter"] = o["p95_ms"] / b["p95_ms"] if b["p95_ms"] else float("nan")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    chart(ours, base)
    print(report(results))
    shutil.rmtree(work, ignore_errors=True)
    return 0


def report(r: Dict) -> str:
    lines = [f"training (from nothing): {r['training_s']:.0f} s   model: {r['model_mb']:.1f} MB   "
             f"ready: {r['ready_s']:.0f} s (starter bot: {r['starter_ready_s']:.0f} s)",
             f"peak memory: rasa {r['rasa_peak_mb']:.0f} MB, action server {r['actions_peak_mb']:.0f} MB "
             f"(starter bot rasa {r['starter_peak_mb']:.0f} MB)", "",
             f"{'patients':>8} {'turns/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}  "
             f"{'p50 x starter':>13} {'p95 x starter':>13}   starter p50/p95 ms"]
    for o, b in zip(r["load"], r["starter_load"], strict=True):
        lines.append(f"{o['patients']:>8} {o['turns_per_s']:>8.1f} {o['p50_ms']:>8.0f} {o['p95_ms']:>8.0f} "
                     f"{o['p99_ms']:>8.0f} {o['errors']:>6}  {o['p50_ratio_to_starter']:>13.2f} "
                     f"{o['p95_ratio_to_starter']:>13.2f}   {b['p50_ms']:.0f}/{b['p95_ms']:.0f}")
    return "\n".join(lines)


def chart(ours: List[Dict], base: List[Dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = [o["patients"] for o in ours]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for rows, label, style in ((ours, "pre-screener", "-o"), (base, "Rasa starter bot", "--s")):
        ax.plot(ks, [r["p50_ms"] for r in rows], style, label=f"{label} p50")
        ax.plot(ks, [r["p95_ms"] for r in rows], style, alpha=0.5, label=f"{label} p95")
    ax.set_xlabel("simultaneous patients")
    ax.set_ylabel("turn latency (ms)")
    ax.set_xscale("log")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(OUT / "latency.png", dpi=120)


if __name__ == "__main__":
    sys.exit(main())
