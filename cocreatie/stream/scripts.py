"""The Lua that makes a room's writes atomic: one script per rule."""

from __future__ import annotations

from enum import StrEnum

from redis.exceptions import ResponseError

from cocreatie.errors import ClientError, NotFound, WrongPhase


class Rule(StrEnum):
    """When a round takes ideas."""

    collecting = "collect"
    """A phone: a resend is answered whatever the phase; a new idea needs the round
    collecting, and pushes the keys' expiry on."""
    open = "open"
    """An import: the round must exist and not be closed, also for a file imported before;
    the expiry is left as it is."""


# Dedupe, phase check and append in one step: a round cannot change phase halfway through,
# and a retry gets the first id back. KEYS: events, submitted, phases.
# ARGV: rule, round id, retention seconds, then (dedupe key, event name, data) per entry;
# replies {id, added now?} per entry.
APPEND_IDEAS = """
local phase = redis.call('HGET', KEYS[3], ARGV[2])
local refusal = nil
if ARGV[1] == 'collect' then
  if phase ~= 'collect' then refusal = 'WRONGPHASE the round is not collecting ideas' end
elseif not phase then
  return redis.error_reply('NOROUND the workshop has no such round')
elseif phase == 'closed' or phase == 'vote' then
  return redis.error_reply('WRONGPHASE the round is voting or closed')
end
local replies, added = {}, false
for i = 4, #ARGV, 3 do
  local seen = redis.call('HGET', KEYS[2], ARGV[i])
  if seen then
    replies[#replies + 1] = {seen, 0}
  elseif refusal then
    return redis.error_reply(refusal)
  else
    local id = redis.call('XADD', KEYS[1], '*', 'event', ARGV[i + 1], 'data', ARGV[i + 2])
    redis.call('HSET', KEYS[2], ARGV[i], id)
    replies[#replies + 1] = {id, 1}
    added = true
  end
end
if added and ARGV[1] == 'collect' then
  for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[3]) end
end
return replies
"""

# A vote is taken only while its round votes, checked by Redis with the append: the web
# process's own fold may not have heard yet that the round closed. KEYS: events, phases.
# ARGV: round id, event name, data; replies the entry id.
APPEND_VOTE = """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= 'vote' then
  return redis.error_reply('WRONGPHASE the round is not voting')
end
return redis.call('XADD', KEYS[1], '*', 'event', ARGV[2], 'data', ARGV[3])
"""
VOTING_CLOSED = "voting is closed: the round is no longer in phase vote"

WRONG_PHASE = {
    Rule.collecting: "ideas are welcome only while the round collects them",
    Rule.open: "ideas can be imported into a round until its vote begins",
}


def refusal(error: ResponseError, rule: Rule, workshop_id: str, round_id: str) -> ClientError | None:
    """The client error a refusal of APPEND_IDEAS means; None for any other error."""
    if str(error).startswith("WRONGPHASE"):
        return WrongPhase(WRONG_PHASE[rule])
    if str(error).startswith("NOROUND"):
        return NotFound(f"workshop {workshop_id} has no round {round_id!r}")
    return None
