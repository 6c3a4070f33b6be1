"""Synthetic ``symptoms.json`` entries of realistic shape, for size and speed measurements.

Each entry looks like a handbook entry: a title of a few words, two symptom sentences, one or
two literal errors with volatile parts, a status now and then, two components. Deterministic
(seeded) so measurements are comparable run to run.
"""

from __future__ import annotations

import random
from typing import Any

_WORDS = """
access account adapter alembic allocation api apikey archive artifact async audit auth
authentication authorization backend backoff balancer batch bind blob bootstrap broker bucket
buffer build cache callback celery certificate channel chunk client cluster column commit
compose config connection consumer container context cookie cors credential cron csrf cursor
daemon dashboard database deadlock decode deploy deployment dns docker download driver email
encoding endpoint engine environment event eviction export extraction failover file filesystem
flask frontend gateway gunicorn handler header healthcheck heartbeat hook host idle ingress
import index ingestion job json jwt kafka key kubernetes latency lease limit listener lock log
login memory message metric middleware migration module mount nginx node notification oauth
openai orm overflow package pagination parser partition password payload permission pipeline
pod policy pool port postgres prestart process producer prometheus proxy publish queue quota
rate reader record redis region registry replica request resolver response retry revision
role rollback router runtime scheduler schema script secret serializer server service session
shard signature snapshot socket sqlalchemy ssl stream subscription superuser table task
template tenant thread throttle timeout token transaction transcription upload upstream user
validation vault version volume webhook websocket worker workspace
"""
_VERBS = "fails times out hangs refuses crashes loops rejects drops leaks stalls returns"
WORDS = _WORDS.split()
VERBS = _VERBS.split()
ERRORS = [
    "{A}Error: {a} {b} failed: connection refused",
    "could not {a} {b} at {host}:{port}",
    "{A}Exception: {b} not found for id {n}",
    "ERROR: {a} {b} exceeded limit of {n} requests",
    "{a}.exc.{A}Error: ({b}) timeout after {n}ms",
    "{A} {b} is not at head: revision '{hex}'",
]
STATUSES = [400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504]
GUIDES = ["pluginmind", "revrx", "pydbapi", "bimbot", "meetings", "alpha", "beta", "gamma"]


def entries(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        a, b, c = rng.sample(WORDS, 3)
        guide = GUIDES[number // 20 % len(GUIDES)]  # 20 entries a page, pages spread over guides
        page = f"{WORDS[number // 20 % len(WORDS)]}-{number // 20}"
        title = f"{a.capitalize()} {b} {rng.choice(VERBS)} {c} ({number})"
        slug = f"{'-'.join(title.lower().replace('(', '').replace(')', '').split())}"
        errors = [
            rng.choice(ERRORS).format(
                A=rng.choice(WORDS).capitalize(),
                a=rng.choice(WORDS),
                b=rng.choice(WORDS),
                host=f"{rng.choice(WORDS)}.example.com",
                port=rng.randint(1000, 9999),
                n=rng.randint(1, 99999),
                hex=f"{rng.getrandbits(48):012x}",
            )
            for _ in range(rng.randint(1, 2))
        ]
        status = [rng.choice(STATUSES)] if rng.random() < 0.3 else []
        out.append(
            {
                "id": f"{guide}/{page}/{slug}",
                "guide": guide,
                "title": title,
                "url": f"{guide}/{page}.html#{slug}",
                "source": {"path": f"{guide}/{page}.md", "line": number + 1},
                "symptoms": [
                    f"The {a} {rng.choice(VERBS)} when the {rng.choice(WORDS)} {rng.choice(WORDS)} "
                    f"is {rng.choice(WORDS)}",
                    f"{b.capitalize()} logs show `{errors[0]}`",
                ],
                "errors": errors,
                "http_status": status,
                "components": rng.sample(WORDS, 2),
                "related": [],
            }
        )
    return out
