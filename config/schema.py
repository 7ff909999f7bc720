"""The OpenAPI schema says every status an operation can answer with, not only success.

drf-spectacular documents the success response of each operation; the errors every API view
can answer with follow from the view itself: bad input (a body or query parameters), missing
or refused credentials, an object that is not there or not the caller's, a throttle.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from rest_framework import permissions

ERROR_SCHEMA = {
    "description": "An error: {detail: …}, or the problems by field (a list of them for a "
    "list body).",
    "anyOf": [
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": True,
        },
        {"type": "array", "items": {}},
    ],
}

DESCRIPTIONS = {
    "400": "Bad input: the field and the problem, or {detail} for a body that is not JSON.",
    "401": "No valid credentials.",
    "403": "Not allowed (for example a session request without its CSRF token).",
    "404": "Not there, or not yours.",
    "405": "Method not allowed.",
    "414": "Request line too long (refused by the web server before the application).",
    "429": "Too many requests: wait and try again.",
}


def _error(code: str) -> dict:
    if code == "414":  # gunicorn's own page, not ours: no body documented
        return {"description": DESCRIPTIONS[code]}
    return {
        "description": DESCRIPTIONS[code],
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    }


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        from config.api import InputSerializer

        if direction == "request" and isinstance(force_instance(serializer), InputSerializer):
            # What InputSerializer enforces: no field the schema does not name.
            schema["additionalProperties"] = False
            if getattr(serializer, "min_properties", None):
                schema["minProperties"] = serializer.min_properties
        return schema

    def _error_codes(self) -> list[str]:
        # Any body or query can be wrong, a URL can name nothing, and gunicorn refuses a
        # request line over 4 KB before the application sees it.
        codes = ["400", "404", "414"]
        if self.get_auth():
            codes += ["401", "403"]  # credentials sent can be wrong (even where optional)
        perms = self.view.get_permissions()
        if any(not isinstance(p, permissions.AllowAny) for p in perms):
            codes += ["401", "403"]
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            responses.setdefault(code, _error(code))
        return dict(sorted(responses.items()))
