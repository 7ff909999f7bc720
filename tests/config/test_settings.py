"""Every setting the code reads is declared in config/settings/base.py (or is Django's own).

Read with ``ast`` from the source: an attribute of ``django.conf.settings`` named in capitals
is a setting the code relies on, so it must not depend on which settings module is in use.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import global_settings

from config.settings import base

ROOT = Path(__file__).resolve().parent.parent.parent
CODE = ("accounts", "benchmarks", "config", "curriculum", "outbox", "planner")


def _sources():
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts and "settings" not in path.parts:
                yield path


def _settings_read(tree: ast.AST) -> set[str]:
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "settings"
        and node.attr.isupper()
    }


def _getattr_on_settings(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "settings"
    ]


def test_every_setting_the_code_reads_is_declared_in_base():
    undeclared = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in _sources()
        for name in _settings_read(ast.parse(path.read_text(), filename=str(path)))
        if not hasattr(base, name) and not hasattr(global_settings, name)
    }
    assert not undeclared, sorted(undeclared)


def test_no_setting_is_read_with_a_fallback_default():
    fallbacks = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in _sources()
        for line in _getattr_on_settings(ast.parse(path.read_text(), filename=str(path)))
    }
    assert not fallbacks, sorted(fallbacks)


def test_the_reminder_retries_end_before_the_broker_would_deliver_a_task_twice():
    visibility = base.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert base.REMINDER_RETRY_BASE_SECONDS <= base.REMINDER_RETRY_MAX_SECONDS < visibility
