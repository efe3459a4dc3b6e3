"""The Lua that makes a room's writes atomic: one script per rule."""

from __future__ import annotations

from enum import StrEnum

from redis.exceptions import ResponseError

from cocreatie.errors import ClientError, Deleted, NotFound, WrongPhase


class Rule(StrEnum):
    """When a round takes ideas."""

    collecting = "collect"
    """A phone: a resend is answered whatever the phase; a new idea needs the round
    collecting, and pushes the keys' expiry on."""
    open = "open"
    """An import: the round must exist and not be closed, also for a file imported before;
    the expiry is left as it is."""


# Every script that writes to a room refuses first if the room's tombstone exists: a write
# that raced a deletion cannot bring the room back.
_REFUSE_DELETED = """
if redis.call('EXISTS', KEYS[{tombstone}]) == 1 then
  return redis.error_reply('DELETED the workshop was deleted')
end
"""


def wake_up(at: int) -> str:
    """Lua `wake(id)`: publish a new entry's id on the room's channel, so that the web processes
    reading the room look now. ARGV[at] is the command (PUBLISH on one server, SPUBLISH on a
    cluster, where the channel stays in the room's slot and node), ARGV[at + 1] the channel."""
    return f"local function wake(id) redis.call(ARGV[{at}], ARGV[{at + 1}], id) end\n"


# Dedupe, phase check and append in one step: a round cannot change phase halfway through,
# and a retry gets the first id back (rewriting its record: a write, so that a WAIT behind
# the retry also covers the first append, which replicas receive before it). KEYS: events, submitted, phases, tombstone.
# ARGV: rule, round id, retention seconds, the wake-up's command and channel (`wake_up`), then
# (dedupe key, event name, data) per entry; replies {id, added now?} per entry. The room is
# woken only when something was added.
APPEND_IDEAS = _REFUSE_DELETED.format(tombstone=4) + wake_up(4) + """
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
for i = 6, #ARGV, 3 do
  local seen = redis.call('HGET', KEYS[2], ARGV[i])
  if seen then
    redis.call('HSET', KEYS[2], ARGV[i], seen)
    replies[#replies + 1] = {seen, 0}
  elseif refusal then
    return redis.error_reply(refusal)
  else
    local id = redis.call('XADD', KEYS[1], '*', 'event', ARGV[i + 1], 'data', ARGV[i + 2])
    redis.call('HSET', KEYS[2], ARGV[i], id)
    replies[#replies + 1] = {id, 1}
    added = id
  end
end
if added then wake(added) end
if added and ARGV[1] == 'collect' then
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
end
return replies
"""

# A vote is taken only while its round votes, checked by Redis with the append: the web
# process's own fold may not have heard yet that the round closed. KEYS: tombstone, then the
# room's data keys (`keys.retained_keys`: events first, phases third), whose expiry is pushed
# on. ARGV: retention seconds, round id, event name, data, the wake-up's command and channel;
# replies the entry id.
APPEND_VOTE = _REFUSE_DELETED.format(tombstone=1) + wake_up(5) + """
if redis.call('HGET', KEYS[4], ARGV[2]) ~= 'vote' then
  return redis.error_reply('WRONGPHASE the round is not voting')
end
local id = redis.call('XADD', KEYS[2], '*', 'event', ARGV[3], 'data', ARGV[4])
for i = 2, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
wake(id)
return id
"""
VOTING_CLOSED = "voting is closed: the round is no longer in phase vote"

# Any other append: the room's hash writes, then its events, then the expiry of its data
# keys, unless the room was deleted. KEYS: tombstone, events, then the room's other data keys.
# ARGV: retention seconds; JSON [[HSET or HSETNX, key number, field, value], ...];
# JSON [[entry id or '*', event name, data], ...]; the wake-up's command and channel.
# Replies the entries' ids.
APPEND_EVENTS = _REFUSE_DELETED.format(tombstone=1) + wake_up(4) + """
for _, write in ipairs(cjson.decode(ARGV[2])) do
  if write[1] ~= 'HSET' and write[1] ~= 'HSETNX' then
    return redis.error_reply('ERR a room write is HSET or HSETNX, not ' .. tostring(write[1]))
  end
  redis.call(write[1], KEYS[write[2]], write[3], write[4])
end
local ids = {}
for _, entry in ipairs(cjson.decode(ARGV[3])) do
  ids[#ids + 1] = redis.call('XADD', KEYS[2], entry[1], 'event', entry[2], 'data', entry[3])
end
for i = 2, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
if #ids > 0 then wake(ids[#ids]) end
return ids
"""

# The tombstone first, then every key of the room, in one step: a writer either lands
# before (and is deleted) or finds the tombstone. KEYS: tombstone, then the room's keys.
# ARGV: retention seconds, the wake-up's command and channel (`wake_up`): the readers of the
# room in every web process look at once, find nothing and the tombstone, and close their
# sockets. (One DEL per key: a big room's per-participant keys would overflow Lua's unpack.)
DELETE_ROOM = wake_up(2) + """
redis.call('SET', KEYS[1], 'deleted', 'EX', ARGV[1])
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
wake('deleted')
"""

# One web process's entry in a room's presence hash, with the hash's expiry; nothing for a
# deleted room (a socket there is about to be closed). KEYS: presence, tombstone.
# ARGV: process id, record, expiry seconds.
PUBLISH_PRESENCE = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('EXPIRE', KEYS[1], ARGV[3])
"""

WRONG_PHASE = {
    Rule.collecting: "ideas are welcome only while the round collects them",
    Rule.open: "ideas can be imported into a round until its vote begins",
}


def deleted(error: ResponseError, workshop_id: str) -> Deleted | None:
    """The client error a script's refusal of a deleted room means; None for any other error."""
    if str(error).startswith("DELETED"):
        return Deleted(f"workshop {workshop_id} was deleted")
    return None


def refusal(error: ResponseError, rule: Rule, workshop_id: str, round_id: str) -> ClientError | None:
    """The client error a refusal of APPEND_IDEAS means; None for any other error."""
    if (gone := deleted(error, workshop_id)) is not None:
        return gone
    if str(error).startswith("WRONGPHASE"):
        return WrongPhase(WRONG_PHASE[rule])
    if str(error).startswith("NOROUND"):
        return NotFound(f"workshop {workshop_id} has no round {round_id!r}")
    return None
