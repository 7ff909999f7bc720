from django.contrib.auth import authenticate, logout
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import lockout
from accounts.services import register_user
from accounts.tokens import issue_token, revoke_token
from accounts.validators import MAX_PASSWORD_LENGTH
from config.api import AnonSensitiveThrottle, InputSerializer, optional_text


class RegisterSerializer(InputSerializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        write_only=True, max_length=MAX_PASSWORD_LENGTH, style={"input_type": "password"}
    )
    name = optional_text(150)


class AccountSerializer(serializers.Serializer):
    """The same for a new address and one that has an account (whose owner gets an email):
    sign-up tells no one who uses Waymark."""

    email = serializers.EmailField()
    name = serializers.CharField()


class RegisterView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [AnonSensitiveThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: AccountSerializer})
    def post(self, request):
        values = RegisterSerializer.read(request)
        register_user(**values)
        account = {"email": values["email"].lower(), "name": values["name"]}
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


class TokenSerializer(InputSerializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        max_length=MAX_PASSWORD_LENGTH, style={"input_type": "password"}
    )


class TokenView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [AnonSensitiveThrottle]

    @extend_schema(
        request=TokenSerializer,
        responses={200: inline_serializer("TokenOutput", {"token": serializers.CharField()})},
    )
    def post(self, request):
        values = TokenSerializer.read(request)
        email = values["email"]
        if lockout.is_locked_out(email=email, request=request):
            raise exceptions.Throttled(detail=lockout.MESSAGE)
        user = authenticate(request, username=email, password=values["password"])
        if user is None:
            lockout.record_failure(email=email, request=request)
            raise serializers.ValidationError(
                {"detail": "No active account matches this email and password."}
            )
        lockout.record_success(email=email, request=request)
        return Response({"token": issue_token(user=user).key})


class LogoutView(APIView):
    """Revoke the token this request came with (and end the session it came with)."""

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Logged out")})
    def post(self, request):
        if isinstance(request.auth, Token):
            revoke_token(key=request.auth.key)
        else:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
