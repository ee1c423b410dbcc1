"""Custom user model."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Project user with a unique, required e-mail address."""

    email = models.EmailField("email address", unique=True)

    class Meta:
        """Model options for users."""

        ordering = ("id",)
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self) -> str:
        """Return the username.

        Returns:
            The username of this user.
        """
        return self.username
