import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.validators import validate_single_line

TIMEZONE_CHOICES = sorted(
    (tz, tz) for tz in zoneinfo.available_timezones() if "/" in tz or tz == "UTC"
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Waymark: learner, mentor or curator. Logs in by email."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # When the person followed the link of the sign-up email (proof the address is theirs);
    # empty for accounts made otherwise (API, admin, createsuperuser) until they do.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", choices=TIMEZONE_CHOICES)
    # Weekly progress reminder: off when reminder_weekday is empty.
    reminder_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True, default=Weekday.MONDAY
    )
    reminder_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["reminder_weekday", "reminder_hour"])]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def reminders_enabled(self) -> bool:
        return self.reminder_weekday is not None
