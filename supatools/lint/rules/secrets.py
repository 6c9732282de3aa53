"""Secrets: keys and passwords committed in a file, and columns that store them in clear."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from supatools.lint.model import FileContext, Hit, Visit
from supatools.lint.registry import rule
from supatools.locks import names as _names
from supatools.migrations.statements import LineIndex

_SENSITIVE = re.compile(
    r"(^|_)(password|passwd|secret|token|api_key|apikey|access_key|private_key|ssn|"
    r"card_number|cc_number|credit_card|cvv|pin)$"
)
#: token names that are not secrets: a sync or pagination cursor, a public id
_NOT_SECRET = re.compile(
    r"(^|_)(sync|public|page|next|prev|previous|cursor|continuation|pagination)_token$"
)
_TEXT_TYPES = {"text", "varchar", "bpchar", "char", "character varying"}
_SECRET_PATTERNS = (
    (re.compile(r"\b(sk|rk)_(live|test)_[0-9A-Za-z]{16,}"), "a Stripe secret key"),
    (re.compile(r"\bsb_secret_[0-9A-Za-z_-]{16,}"), "a Supabase secret key"),
    (
        re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:@/'\"]+:[^\s@/'\"]+@[^\s'\"]+", re.IGNORECASE),
        "a password in a connection string",
    ),
    # Token shapes from detect-secrets 1.5.0 (Yelp, Apache-2.0), copied rather than
    # imported: importing one of its plugins loads its scanner, requests and yaml
    # (0.29 s, 20 MB), more than lint's whole run on a hundred files.
    # detect_secrets/plugins/github_token.py (GitHubTokenDetector)
    (re.compile(r"\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}"), "a GitHub token"),
    # GitHub's fine-grained personal access token: github_pat_ and 82 characters
    # (gitleaks' rule github-fine-grained-pat; detect-secrets 1.5.0 has none)
    (re.compile(r"\bgithub_pat_[0-9A-Za-z_]{82}"), "a GitHub token"),
    # detect_secrets/plugins/gitlab_token.py (GitLabTokenDetector: personal, deploy,
    # feed, OAuth service account and runner tokens)
    (re.compile(r"\b(glpat|gldt|glft|glsoat|glrt)-[A-Za-z0-9_\-]{20,50}(?!\w)"), "a GitLab token"),
    # detect_secrets/plugins/slack.py (SlackDetector): tokens and incoming webhooks
    (re.compile(r"\bxox[aboprs]-(?:\d+-)+[a-z0-9]+", re.IGNORECASE), "a Slack token"),
    (
        re.compile(
            r"https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+",
            re.IGNORECASE,
        ),
        "a Slack webhook URL",
    ),
    # detect_secrets/plugins/aws.py (AWSKeyDetector): an access key id
    (re.compile(r"\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b"), "an AWS access key id"),
)
#: literal pieces (lower case) one of which is in any match of the pattern at the same
#: index of _SECRET_PATTERNS: a file holding none of them is not searched with it
_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("sk_live_", "sk_test_", "rk_live_", "rk_test_"),
    ("sb_secret_",),
    ("://",),
    ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    ("github_pat_",),
    ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-"),
    ("xox",),
    ("hooks.slack.com",),
    ("a3t", "abia", "acca", "akia", "asia"),
)
_JWT = re.compile(r"\beyJ[0-9A-Za-z_-]{10,}\.(eyJ[0-9A-Za-z_-]{10,})\.[0-9A-Za-z_-]{10,}")


@rule(
    "hardcoded_secret",
    "error",
    "a key or password committed inside a migration is in every clone of the repo",
    "remove it, rotate it, and read it from Vault or a setting at run time",
    stage="text",
)
def hardcoded_secret(file: FileContext) -> Iterator[Hit]:
    import base64

    text = file.migration.text
    lines = LineIndex(text)
    lowered = text.lower()
    for (pattern, what), needles in zip(_SECRET_PATTERNS, _NEEDLES, strict=True):
        if not any(needle in lowered for needle in needles):
            continue
        for match in pattern.finditer(text):
            yield Hit(f"{what} in the file", line=lines.line(match.start()))
    for match in _JWT.finditer(text) if "eyJ" in text else ():
        payload = match.group(1)
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (ValueError, TypeError):
            continue
        if isinstance(claims, dict) and claims.get("role") == "service_role":
            yield Hit("a service_role JWT in the file", line=lines.line(match.start()))
    for statement in file.statements:
        if statement.kind in ("CreateRoleStmt", "AlterRoleStmt"):
            for option in statement.fields.get("options", []):
                element = option.get("DefElem", {})
                if element.get("defname") == "password" and "String" in element.get("arg", {}):
                    verb = "CREATE" if statement.kind == "CreateRoleStmt" else "ALTER"
                    yield Hit(f"a password in {verb} ROLE", line=statement.line)


@rule(
    "plaintext_sensitive_column",
    "warn",
    "a password, secret, token or card number stored as plain text",
    "store a hash (crypt()) or keep the secret in Vault",
    nodes=("ColumnDef",),
)
def plaintext_sensitive_column(visit: Visit) -> Iterator[Hit]:
    name = str(visit.fields.get("colname", ""))
    names = _names(visit.fields.get("typeName", {}).get("names"))
    kind = names[-1] if names else ""
    lowered = name.lower()
    if kind in _TEXT_TYPES and _SENSITIVE.search(lowered) and not _NOT_SECRET.search(lowered):
        yield Hit(f"{visit.table}.{name} stores a secret as {kind}")
