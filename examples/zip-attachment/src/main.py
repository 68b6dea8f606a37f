from inventory.regions import partition_of


def handler(events, context):
    return {region: partition_of(region) for region in events["regions"]}
