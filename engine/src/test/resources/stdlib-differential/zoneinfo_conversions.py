# zoneinfo with the host's time-zone database: conversions across DST changes, as runbooks schedule maintenance.
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def handler(events, context):
    out = {}
    utc = datetime(2024, 3, 31, 0, 30, tzinfo=timezone.utc)
    for key in ('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC', 'America/St_Johns'):
        zone = ZoneInfo(key)
        out[key] = [(utc + timedelta(hours=h)).astimezone(zone).isoformat() for h in (0, 1, 2, 24 * 220)]
        out[key + ' tzname'] = [(utc + timedelta(days=d)).astimezone(zone).tzname() for d in (0, 200)]
    local = datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo('America/New_York'))
    out['fold'] = [local.utcoffset().total_seconds(), local.replace(fold=1).utcoffset().total_seconds()]
    try:
        ZoneInfo('Mars/Olympus_Mons')
    except ZoneInfoNotFoundError as e:
        out['missing'] = type(e).__name__
    try:
        ZoneInfo('../etc/passwd')
    except ValueError as e:
        out['outside'] = type(e).__name__
    return out
