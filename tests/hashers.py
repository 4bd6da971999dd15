from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with test-sized cost: hundreds of accounts per run, not one login a day."""

    time_cost = 1
    memory_cost = 1024
