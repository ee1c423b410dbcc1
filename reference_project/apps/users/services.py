"""Write-side business logic for users."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.users.models import User


@transaction.atomic
def user_create(*, username: str, email: str, password: str) -> User:
    """Register a new user with a validated password.

    Args:
        username: The unique login name.
        email: The unique e-mail address.
        password: The raw password; it is validated and stored hashed.

    Raises:
        ValidationError: If the username or e-mail is taken or the password
            fails the configured password validators.

    Returns:
        The newly created user.
    """
    normalized_email = User.objects.normalize_email(email)
    errors: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["A user with that username already exists."]
    if User.objects.filter(email__iexact=normalized_email).exists():
        errors["email"] = ["A user with that email already exists."]
    if errors:
        raise ValidationError(errors)
    user = User(username=username, email=normalized_email)
    validate_password(password, user=user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(
    *, user: User, first_name: str | None = None, last_name: str | None = None
) -> User:
    """Update the editable profile fields of a user.

    Args:
        user: The user to update.
        first_name: The new first name, or ``None`` to keep the current one.
        last_name: The new last name, or ``None`` to keep the current one.

    Returns:
        The updated user.
    """
    update_fields: list[str] = []
    if first_name is not None:
        user.first_name = first_name
        update_fields.append("first_name")
    if last_name is not None:
        user.last_name = last_name
        update_fields.append("last_name")
    if update_fields:
        user.full_clean()
        user.save(update_fields=update_fields)
    return user
