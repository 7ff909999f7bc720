"""A learner's own resources on the items of their current roadmap."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import InputSerializer
from planner.api.serializers import OwnResourceSerializer
from planner.services.own_resources import add_own_resource, remove_own_resource


class OwnResourcesView(APIView):
    """POST adds a resource (title, http or https link) to an item of the current roadmap."""

    class Input(InputSerializer):
        title = serializers.CharField(max_length=200)
        url = serializers.CharField(max_length=500)

    @extend_schema(request=Input, responses={201: OwnResourceSerializer})
    def post(self, request, item_id: int):
        values = self.Input.read(request)
        resource = add_own_resource(user=request.user, item_id=item_id, **values)
        return Response(OwnResourceSerializer(resource).data, status=status.HTTP_201_CREATED)


class OwnResourceView(APIView):
    """DELETE removes one of the learner's resources."""

    @extend_schema(responses={204: None})
    def delete(self, request, resource_id: int):
        remove_own_resource(user=request.user, resource_id=resource_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
