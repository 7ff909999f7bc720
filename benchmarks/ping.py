"""GET /api/v1/ping/: a constant from DRF, the throughput floor the benchmarks compare against.

No authentication, no permission check, no throttle and no database: what is left is the cost
of Django, DRF and the WSGI server for one JSON response.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.response import Response

PONG = {"ping": "pong"}


@extend_schema(
    operation_id="ping",
    responses={200: inline_serializer("Ping", {"ping": serializers.CharField()})},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
@throttle_classes([])
def ping(request):
    return Response(PONG)


# Included from config/urls.py when the benchmarks app is installed (local, test, bench settings).
app_name = "benchmarks"

urlpatterns = [path("ping/", ping, name="ping")]
