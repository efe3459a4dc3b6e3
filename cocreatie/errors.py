"""Our error classes. Errors sent to clients carry a stable code."""

from __future__ import annotations


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class ClientError(Exception):
    """Something a client did wrong; becomes {"type": "error", "code", "message"}."""

    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.about: dict[str, str] = {}
        """What the error answers, e.g. {"client_id": …}, so a page can mark that idea."""


class InvalidMessage(ClientError):
    code = "invalid_message"


class MessageTooLarge(ClientError):
    code = "too_large"


class NotAllowed(ClientError):
    code = "forbidden"


class NotAuthenticated(ClientError):
    code = "unauthorized"


class WrongPhase(ClientError):
    code = "wrong_phase"


class NotFound(ClientError):
    code = "not_found"


class RateLimited(ClientError):
    code = "rate_limited"


class Unavailable(ClientError):
    """Redis did not answer: the message may or may not be stored; the client sends the same again."""

    code = "unavailable"


class NotWelcomed(ClientError):
    code = "hello_first"


class InvalidVote(ClientError):
    code = "invalid_vote"


class NothingToUndo(ClientError):
    code = "nothing_to_undo"


class Deleted(ClientError):
    """The workshop was deleted: nothing more is written to it, and its sockets are closed."""

    code = "deleted"
