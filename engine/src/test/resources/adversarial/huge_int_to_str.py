# attack: huge int-to-string conversion
# expect: Failed Action | ValueError: Exceeds the limit (4300) for integer string conversion
def handler(events, context):
    return str(10 ** 1_000_000)
