"""What a statement supatools runs on someone else's behalf may never do: the statements a
behaviour test of ``policies/`` (:mod:`supatools.rls.behaviour`) or a seed file
(:mod:`supatools.migrations.seed`) is refused, from PostgreSQL's parse of it (libpg_query's
JSON, as :mod:`supatools.migrations.statements` splits it)."""

from __future__ import annotations

from typing import Any

#: parse-node kinds a behaviour test may never run, and why
_REFUSED_KINDS = {
    "TransactionStmt": "transaction control",
    "DiscardStmt": "DISCARD",
    "LoadStmt": "LOAD of a library",
    "CheckPointStmt": "CHECKPOINT",
    "AlterSystemStmt": "ALTER SYSTEM",
    "CreatedbStmt": "CREATE DATABASE",
    "DropdbStmt": "DROP DATABASE",
    "AlterDatabaseStmt": "ALTER DATABASE",
    "AlterDatabaseSetStmt": "ALTER DATABASE",
    "AlterRoleSetStmt": "ALTER ROLE ... SET",
    "VacuumStmt": "VACUUM/ANALYZE",
    "ReindexStmt": "REINDEX",
    "ClusterStmt": "CLUSTER",
    "CreateTableSpaceStmt": "CREATE TABLESPACE",
    "DropTableSpaceStmt": "DROP TABLESPACE",
    "CreateSubscriptionStmt": "CREATE SUBSCRIPTION",
    "AlterSubscriptionStmt": "ALTER SUBSCRIPTION",
    "DropSubscriptionStmt": "DROP SUBSCRIPTION",
    "ListenStmt": "LISTEN",
    "PrepareStmt": "PREPARE",
    "ExecuteStmt": "EXECUTE",
    "DeallocateStmt": "DEALLOCATE",
}
#: settings whose change would let a test act as someone else
_IDENTITY_SETTINGS = {"role", "session_authorization", "session_replication_role"}


def refused_statement(kind: str, fields: dict[str, Any]) -> str | None:
    """Why a statement may not run in a behaviour test, or None when it may."""
    if kind in _REFUSED_KINDS:
        return _REFUSED_KINDS[kind]
    if kind == "VariableSetStmt":
        name = str(fields.get("name") or "").lower()
        if fields.get("kind") == "VAR_RESET_ALL" or name in _IDENTITY_SETTINGS:
            return "a change of role or session settings (SET ROLE, RESET ALL, ...)"
    if kind == "CopyStmt" and (fields.get("filename") or fields.get("is_program")):
        return "COPY to or from a file or program"
    if kind == "CopyStmt":
        return "COPY (use SELECT or INSERT)"
    if identity_set_config(fields):
        return (
            "a change of role through set_config() ('role' or 'session_authorization', "
            "or a setting name that is not a constant)"
        )
    return None


def identity_set_config(tree: Any) -> bool:
    """Whether a parse tree (libpg_query's JSON) calls ``set_config`` anywhere on a setting
    that switches identity, or on a name that is not a constant (it could be one)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        call = node.get("FuncCall")
        if isinstance(call, dict) and _sets_identity(call):
            return True
        stack.extend(node.values())
    return False


def _sets_identity(call: dict[str, Any]) -> bool:
    names = [part.get("String", {}).get("sval") for part in call.get("funcname") or []]
    if not names or str(names[-1]).lower() != "set_config":
        return False
    args = call.get("args") or []
    first = args[0] if args else {}
    constant = first.get("A_Const", {}) if isinstance(first, dict) else {}
    value = constant.get("sval", {}).get("sval") if isinstance(constant, dict) else None
    if not isinstance(value, str):
        return True  # a parameter, an expression, a cast: it could name the role
    return value.strip().lower() in _IDENTITY_SETTINGS
