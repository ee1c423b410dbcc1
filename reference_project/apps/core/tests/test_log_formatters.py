"""Tests for the JSON log formatter."""

import json
import logging

from apps.core.log_formatters import JsonFormatter
from apps.core.request_context import request_id_var


def _record(message: str, **extra: object) -> logging.LogRecord:
    """Build a log record like a logger call would.

    Args:
        message: The log message.
        **extra: Extra attributes attached to the record.

    Returns:
        The log record.
    """
    record = logging.LogRecord(
        name="apps.test",
        level=logging.WARNING,
        pathname=__file__,
        lineno=1,
        msg=message,
        args=(),
        exc_info=None,
    )
    record.__dict__.update(extra)
    return record


def test_format_is_single_line_json_with_extra() -> None:
    """Records are rendered as one JSON object including extra attributes."""
    output = JsonFormatter().format(_record("Order created", order_id=7))

    assert "\n" not in output
    payload = json.loads(output)
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "apps.test"
    assert payload["message"] == "Order created"
    assert payload["extra"] == {"order_id": 7}
    assert "request_id" not in payload


def test_format_includes_request_id_and_exception() -> None:
    """The current request id and formatted exceptions are included."""
    record = _record("failed")
    record.exc_info = (ValueError, ValueError("boom"), None)
    token = request_id_var.set("req-1")
    try:
        payload = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)

    assert payload["request_id"] == "req-1"
    assert "ValueError: boom" in payload["exc_info"]
