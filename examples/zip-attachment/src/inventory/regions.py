import json
import os

_HERE = os.path.dirname(__file__)


def load_regions():
    # A data file bundled in the zip, read with open() like any file.
    with open(os.path.join(_HERE, "regions.json")) as f:
        return json.load(f)


def partition_of(region):
    return load_regions().get(region, "unknown")
