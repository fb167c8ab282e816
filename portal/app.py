"""Coordinator portal routes under /coordinator (mounted by web.app). Every page needs a
session; every POST needs the session's CSRF token; every view, change and export is
written to the audit log."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from datetime import datetime, timedelta
from functools import partial, wraps
from typing import Awaitable, Callable, Optional

from aiohttp import web

from bot import accounts
from bot.accounts import SessionInfo
from bot.privacy import delete_referral
from bot.referrals import WorkflowError, change_status, detail, fhir_bundle, funnel, inbox, referrals_csv
from bot.storage import Store, get_store, utcnow
from bot.trial import get_trial
from portal import views

COOKIE = "prescreen_portal"
LOGIN_COOKIE = "prescreen_login_csrf"
SECURE_COOKIES = os.environ.get("PORTAL_SECURE_COOKIES", "false").lower() in ("1", "true", "yes")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def run(fn, *args, **kwargs):
    """Database work off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(fn, *args, **kwargs))


def store() -> Store:
    return get_store()


def html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def requires_login(handler: Callable[[web.Request, SessionInfo], Awaitable[web.StreamResponse]]) -> Handler:
    @wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        info = await run(accounts.current_session, store(), request.cookies.get(COOKIE))
        if info is None:
            if request.method == "GET" and not request.path.endswith((".csv", ".json")):
                raise web.HTTPFound("/coordinator/login")
            raise web.HTTPForbidden(text="Log in first.")
        if request.method == "POST":
            form = await request.post()
            if not accounts.csrf_ok(info, form.get("csrf")):
                await run(accounts.audit, store(), info.username, "csrf_rejected", None, request.path)
                raise web.HTTPForbidden(text="The form expired. Go back, reload the page and try again.")
        response = await handler(request, info)
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped


async def login_form(request: web.Request) -> web.Response:
    token = secrets.token_urlsafe(24)
    response = html(views.login_page(token))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="Strict", secure=SECURE_COOKIES,
                        path="/coordinator/login", max_age=1800)
    return response


async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or not secrets.compare_digest(expected, str(form.get("csrf", ""))):
        raise web.HTTPForbidden(text="The form expired. Reload the login page and try again.")
    username, password = str(form.get("username", ""))[:80], str(form.get("password", ""))[:1000]
    token = await run(accounts.login, store(), username, password)
    if token is None:
        fresh = secrets.token_urlsafe(24)
        response = html(views.login_page(fresh, "Wrong username or password, or the account is locked for a while "
                                                "after too many attempts."), status=401)
        response.set_cookie(LOGIN_COOKIE, fresh, httponly=True, samesite="Strict", secure=SECURE_COOKIES,
                            path="/coordinator/login", max_age=1800)
        return response
    response = web.HTTPFound("/coordinator/")
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=SECURE_COOKIES, path="/coordinator")
    response.del_cookie(LOGIN_COOKIE, path="/coordinator/login")
    raise response


@requires_login
async def logout(request: web.Request, info: SessionInfo) -> web.Response:
    await run(accounts.logout, store(), request.cookies.get(COOKIE))
    await run(accounts.audit, store(), info.username, "logout")
    response = web.HTTPFound("/coordinator/login")
    response.del_cookie(COOKIE, path="/coordinator")
    raise response


@requires_login
async def inbox_view(request: web.Request, info: SessionInfo) -> web.Response:
    status, outcome = request.query.get("status") or None, request.query.get("outcome") or None
    items = await run(inbox, store(), get_trial(), status, outcome)
    await run(accounts.audit, store(), info.username, "view_inbox", None, f"status={status} outcome={outcome}")
    message = "The referral was deleted." if request.query.get("deleted") else ""
    return html(views.inbox_page(items, status, outcome, get_trial().trial.response_window_hours, info.username,
                                 info.csrf_token, message))


@requires_login
async def referral_view(request: web.Request, info: SessionInfo, message: str = "") -> web.Response:
    code = request.match_info["code"]
    view = await run(detail, store(), get_trial(), code)
    if view is None:
        raise web.HTTPNotFound(text="No referral with that code.")
    await run(accounts.audit, store(), info.username, "view_referral", code)
    return html(views.detail_page(view, info.username, info.csrf_token, message))


@requires_login
async def status_change(request: web.Request, info: SessionInfo) -> web.Response:
    code = request.match_info["code"]
    form = await request.post()
    new_status, note = str(form.get("status", "")), str(form.get("note", ""))
    try:
        old = await run(change_status, store(), code, new_status, info.username, note)
    except WorkflowError as error:
        view = await run(detail, store(), get_trial(), code)
        if view is None:
            raise web.HTTPNotFound(text="No referral with that code.") from None
        return html(views.detail_page(view, info.username, info.csrf_token, str(error)), status=400)
    await run(accounts.audit, store(), info.username, "status_change", code,
              f"{old} -> {new_status}" + (" (note)" if note.strip() else ""))
    raise web.HTTPSeeOther(f"/coordinator/referrals/{code}")


@requires_login
async def delete_view(request: web.Request, info: SessionInfo) -> web.Response:
    code = request.match_info["code"]
    form = await request.post()
    if form.get("confirm") != "yes":
        raise web.HTTPSeeOther(f"/coordinator/referrals/{code}")
    deleted = await run(delete_referral, store(), code, None, info.username)
    if not deleted:
        raise web.HTTPNotFound(text="No referral with that code.")
    raise web.HTTPSeeOther("/coordinator/?deleted=1")


@requires_login
async def export_csv(request: web.Request, info: SessionInfo) -> web.Response:
    body = await run(referrals_csv, store(), get_trial())
    await run(accounts.audit, store(), info.username, "export_csv")
    return web.Response(text=body, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": 'attachment; filename="referrals.csv"'})


@requires_login
async def export_fhir(request: web.Request, info: SessionInfo) -> web.Response:
    code = request.match_info["code"]
    view = await run(detail, store(), get_trial(), code)
    if view is None:
        raise web.HTTPNotFound(text="No referral with that code.")
    bundle = fhir_bundle(view, get_trial())
    await run(accounts.audit, store(), info.username, "export_fhir", code)
    return web.Response(text=json.dumps(bundle, ensure_ascii=False, default=str, indent=2),
                        content_type="application/fhir+json", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="referral-{code}.json"'})


@requires_login
async def audit_view(request: web.Request, info: SessionInfo) -> web.Response:
    await run(accounts.audit, store(), info.username, "view_audit")
    entries = await run(accounts.audit_entries, store())
    return html(views.audit_page(entries, info.username, info.csrf_token))


def _day(value: Optional[str], default: datetime) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d") if value else default
    except ValueError:
        return default


@requires_login
async def funnel_view(request: web.Request, info: SessionInfo) -> web.Response:
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    start = _day(request.query.get("from"), today - timedelta(days=29))
    end = _day(request.query.get("to"), today)
    data = await run(funnel, store(), get_trial(), start, end + timedelta(days=1))
    await run(accounts.audit, store(), info.username, "view_funnel", None, f"{start:%Y-%m-%d}..{end:%Y-%m-%d}")
    return html(views.funnel_page(data, start, end, info.username, info.csrf_token))


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/coordinator/login", login_form)
    r.add_post("/coordinator/login", login_submit)
    r.add_post("/coordinator/logout", logout)
    r.add_get("/coordinator/", inbox_view)
    r.add_get("/coordinator", lambda request: web.HTTPFound("/coordinator/"))
    r.add_get("/coordinator/referrals/{code}", referral_view)
    r.add_post("/coordinator/referrals/{code}/status", status_change)
    r.add_post("/coordinator/referrals/{code}/delete", delete_view)
    r.add_get("/coordinator/referrals/{code}/fhir.json", export_fhir)
    r.add_get("/coordinator/export.csv", export_csv)
    r.add_get("/coordinator/audit", audit_view)
    r.add_get("/coordinator/funnel", funnel_view)
