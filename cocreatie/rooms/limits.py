"""The rate limits a web process applies, and whom a participant's frame counts against;
kept in Redis (`stream/buckets.py`), so every web process counts against the same buckets:
a phone whose sockets are spread over processes, or a venue whose phones are, is limited
once, not once per process."""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.settings import Settings
from cocreatie.stream.buckets import Bucket, RateLimit


@dataclass(frozen=True)
class Sender:
    """Whom a participant's frames are counted against."""

    address: str
    workshop_id: str
    participant_id: str


@dataclass(frozen=True)
class Limits:
    """The limits every web process applies (the values: cocreatie/settings.py)."""

    messages_per_participant: RateLimit
    messages_per_address: RateLimit
    ideas_per_participant: RateLimit
    joins_per_address: RateLimit
    code_misses_per_address: RateLimit

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            messages_per_participant=RateLimit(
                "messages", settings.participant_messages_per_second, settings.participant_message_burst
            ),
            messages_per_address=RateLimit("messages", settings.messages_per_second, settings.message_burst),
            ideas_per_participant=RateLimit("ideas", settings.ideas_per_second, settings.idea_burst),
            joins_per_address=RateLimit("joins", settings.joins_per_second, settings.join_burst),
            code_misses_per_address=RateLimit("code-misses", settings.code_misses_per_minute / 60, burst=10),
        )

    def participant_frame(self, sender: Sender, idea: bool) -> list[Bucket]:
        """The buckets a participant's frame takes a token from, in this order: the
        participant's frames, its address's frames, and for an idea.submit its ideas."""
        asked = [
            Bucket.of_participant(self.messages_per_participant, sender.workshop_id, sender.participant_id),
            Bucket.of_address(self.messages_per_address, sender.address),
        ]
        if idea:
            asked.append(Bucket.of_participant(self.ideas_per_participant, sender.workshop_id, sender.participant_id))
        return asked
