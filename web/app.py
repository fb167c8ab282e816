"""The patient site: the page in English and Chinese, its static files, and a proxy for the
chat webhook only. The Rasa HTTP API and the action server are never reachable from here.

Run: python -m web [--port 8080]   (RASA_URL says where Rasa's REST channel is)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict

import aiohttp
from aiohttp import web

from bot.logs import configure as configure_logging
from bot.privacy import delete_referral, forget_conversation
from bot.ratelimit import RateLimiter
from bot.storage import get_store
from bot.trial import get_trial
from portal.app import add_routes as add_portal_routes
from web.page import render_page

STATIC = Path(__file__).resolve().parent / "static"
MAX_MESSAGE_CHARS = 1000
SENDER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every response, errors included; no server banner."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        exc.headers["Server"] = "prescreen"
        raise
    response.headers.update(SECURITY_HEADERS)
    response.headers["Server"] = "prescreen"  # no version banner
    if request.path.startswith(("/chat", "/coordinator")):
        response.headers["Cache-Control"] = "no-store"
    return response


def pick_language(request: web.Request) -> str:
    accept = request.headers.get("Accept-Language", "").lower()
    return "zh" if accept.startswith("zh") or ",zh" in accept.replace(" ", "") else "en"


async def root(request: web.Request) -> web.Response:
    raise web.HTTPFound(f"/{pick_language(request)}/")


async def page(request: web.Request) -> web.Response:
    language = request.match_info["lang"]
    return web.Response(text=render_page(get_trial(), language), content_type="text/html", charset="utf-8")


async def _json_object(request: web.Request) -> Dict[str, Any]:
    """The request's JSON object; empty when the body is not JSON or not an object (every
    handler then answers "bad_request" because its fields are missing)."""
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


async def chat(request: web.Request) -> web.Response:
    """Forward one message to Rasa's REST channel; anything odd gets a clear JSON error."""
    body = await _json_object(request)
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER.match(sender) or not isinstance(message, str) or not message.strip():
        return web.json_response({"error": "bad_request"}, status=400)
    if len(message) > MAX_MESSAGE_CHARS:
        return web.json_response({"error": "too_long"}, status=413)
    limiter = request.app["limiter"]
    if not (limiter.allow(f"ip:{request.remote}", request.app["per_ip"])
            and limiter.allow(f"sender:{sender}", request.app["per_conversation"])):
        return web.json_response({"error": "rate_limited"}, status=429)
    url = request.app["rasa_url"] + "/webhooks/rest/webhook"
    try:
        async with request.app["http"].post(url, json={"sender": sender, "message": message}) as upstream:
            if upstream.status != 200:
                log.warning("chat upstream answered %s", upstream.status)
                return web.json_response({"error": "unavailable"}, status=502)
            messages = await upstream.json()
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("chat upstream unavailable: %s", type(exc).__name__)
        return web.json_response({"error": "unavailable"}, status=502)
    return web.json_response(messages)


async def _start_http(app: web.Application) -> None:
    app["http"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))


async def _stop_http(app: web.Application) -> None:
    await app["http"].close()


async def forget(request: web.Request) -> web.Response:
    """"Delete my answers": the conversation and anything stored from it."""
    sender = (await _json_object(request)).get("sender")
    if not isinstance(sender, str) or not SENDER.match(sender):
        return web.json_response({"error": "bad_request"}, status=400)
    removed = await asyncio.get_running_loop().run_in_executor(None, forget_conversation, sender, "patient (page)")
    return web.json_response({"deleted": True, "records": removed})


async def delete_referral_request(request: web.Request) -> web.Response:
    """The page's "delete my referral" form: reference code plus phone number."""
    if not request.app["limiter"].allow(f"ip:{request.remote}", request.app["per_ip"]):
        return web.json_response({"error": "rate_limited"}, status=429)
    body = await _json_object(request)
    code, phone = body.get("code"), body.get("phone")
    if not isinstance(code, str) or not isinstance(phone, str) or len(code) > 20 or len(phone) > 30:
        return web.json_response({"error": "bad_request"}, status=400)
    deleted = await asyncio.get_running_loop().run_in_executor(
        None, delete_referral, get_store(), code, phone, "patient (page)")
    return web.json_response({"deleted": deleted})


def create_app(rasa_url: str) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app["rasa_url"] = rasa_url.rstrip("/")
    app["limiter"] = RateLimiter(window_seconds=60)
    app["per_ip"] = int(os.environ.get("CHAT_RATE_PER_IP", "300"))  # messages per minute
    app["per_conversation"] = int(os.environ.get("CHAT_RATE_PER_CONVERSATION", "60"))
    app.router.add_get("/", root)
    app.router.add_get("/{lang:en|zh}/", page)
    app.router.add_post("/chat", chat)
    app.router.add_post("/chat/forget", forget)
    app.router.add_post("/privacy/delete", delete_referral_request)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    add_portal_routes(app)
    app.on_startup.append(_start_http)
    app.on_cleanup.append(_stop_http)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Patient web page and chat proxy")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    args = parser.parse_args()
    configure_logging()
    get_trial()  # a broken trial definition stops start-up here
    app = create_app(os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    web.run_app(app, host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
