"""Checking that the curriculum's links still answer: resources and project datasets.

Each URL is asked for with HEAD and, when the server refuses HEAD (any 4xx or 5xx answer), with
GET, whose body is never read. Redirects are followed by hand, at most ``max_redirects``
hops, so every hop is counted and a loop ends. Every request has a timeout, every URL a
deadline, and at most ``concurrency`` requests are in flight: a run ends whatever the servers
do.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import httpx

from curriculum.models import Project, Resource

USER_AGENT = "Waymark-link-check/1 (curriculum resource checker)"


class Outcome(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    DEAD = "dead"  # the server answered with an error, or redirected too often
    UNREACHABLE = "unreachable"  # no answer: refused, DNS, TLS, timeout
    UNCHECKED = "unchecked"  # the server asked us to slow down (429): try again later


@dataclass(frozen=True)
class LinkCheck:
    url: str
    outcome: Outcome
    status: int | None = None
    final_url: str = ""
    hops: int = 0
    method: str = "HEAD"
    detail: str = ""


@dataclass(frozen=True)
class LinkUse:
    """Where a URL appears in the curriculum: ``python`` resource "The Python Tutorial"."""

    url: str
    owner: str
    title: str


def curriculum_links() -> list[LinkUse]:
    """Every resource and dataset URL of the live curriculum, in curriculum order."""
    uses = [
        LinkUse(url, skill, title)
        for url, skill, title in Resource.objects.filter(skill__is_retired=False)
        .order_by("skill__position", "skill__slug", "position", "pk")
        .values_list("url", "skill__slug", "title")
    ]
    uses += [
        LinkUse(url, f"project {slug}", title)
        for url, slug, title in Project.objects.filter(is_retired=False)
        .exclude(dataset_url="")
        .order_by("position", "slug")
        .values_list("dataset_url", "slug", "dataset_title")
    ]
    return uses


async def _follow(client: httpx.AsyncClient, method: str, url: str, max_redirects: int):
    """(response, hops, final url) following at most ``max_redirects`` redirects."""
    hops = 0
    while True:
        request = client.build_request(method, url)
        response = await client.send(request, stream=True)  # the body is never read
        await response.aclose()
        location = response.headers.get("location")
        if not (response.is_redirect and location):
            return response, hops, url
        if hops == max_redirects:
            return None, hops, url
        hops += 1
        url = urljoin(url, location)


async def check_url(client: httpx.AsyncClient, url: str, *, max_redirects: int) -> LinkCheck:
    try:
        for method in ("HEAD", "GET"):
            response, hops, final = await _follow(client, method, url, max_redirects)
            if response is None:
                return LinkCheck(
                    url,
                    Outcome.DEAD,
                    final_url=final,
                    hops=hops,
                    method=method,
                    detail=f"more than {max_redirects} redirects",
                )
            if response.status_code < 400:
                break
        if response.status_code == 429:
            return LinkCheck(
                url, Outcome.UNCHECKED, 429, final, hops, method, "rate limited: try later"
            )
        if response.status_code >= 400:
            return LinkCheck(
                url,
                Outcome.DEAD,
                response.status_code,
                final,
                hops,
                method,
                response.reason_phrase,
            )
        outcome = Outcome.REDIRECTED if final != url else Outcome.OK
        return LinkCheck(url, outcome, response.status_code, final, hops, method)
    except httpx.TimeoutException:
        return LinkCheck(url, Outcome.UNREACHABLE, detail="timed out")
    except (httpx.HTTPError, ValueError) as error:
        return LinkCheck(url, Outcome.UNREACHABLE, detail=str(error) or type(error).__name__)


async def check_urls(
    urls: Iterable[str],
    *,
    concurrency: int = 8,
    per_host: int = 2,
    timeout: float = 10.0,
    max_redirects: int = 5,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, LinkCheck]:
    """Check each distinct URL once; results by URL.

    At most ``concurrency`` URLs are checked at once, and at most ``per_host`` on one host (many
    resources live on the same few sites, which would otherwise rate-limit the run). A URL gets
    ``timeout`` seconds per request and, in all, enough for two methods through every allowed
    redirect: past that it is reported unreachable, however slowly the server trickles its
    answer.
    """
    urls = list(dict.fromkeys(urls))
    gate = asyncio.Semaphore(concurrency)
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    deadline = timeout * 2 * (max_redirects + 1)
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_connections=concurrency),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
    ) as client:

        async def one(url: str) -> LinkCheck:
            async with hosts[urlsplit(url).hostname or ""], gate:
                try:
                    return await asyncio.wait_for(
                        check_url(client, url, max_redirects=max_redirects), deadline
                    )
                except TimeoutError:
                    return LinkCheck(url, Outcome.UNREACHABLE, detail="timed out")

        results = await asyncio.gather(*(one(url) for url in urls))
    return {result.url: result for result in results}


def check_links(uses: list[LinkUse], **options) -> dict[str, LinkCheck]:
    """:func:`check_urls` for the given uses, from synchronous code."""
    return asyncio.run(check_urls([use.url for use in uses], **options))
