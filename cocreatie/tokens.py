"""Join codes, ids and secret tokens. Only hashes of tokens are stored."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type from a projector.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Forgiving input: lower case, spaces and dashes are fine."""
    return "".join(char for char in raw.upper() if char not in " -_.")


def is_join_code(code: str) -> bool:
    return len(code) == JOIN_CODE_LENGTH and all(char in JOIN_ALPHABET for char in code)


def new_id(prefix: str) -> str:
    """A short random id, e.g. `w_3f9c2a71d0b4`."""
    return f"{prefix}_{secrets.token_hex(6)}"


def new_token() -> str:
    """256 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_token(token: str, stored_hash: str | None) -> bool:
    return stored_hash is not None and secrets.compare_digest(token_hash(token), stored_hash)
