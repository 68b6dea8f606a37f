# The hybrid encoder's size check, run in the guest so it costs no host-guest crossing per node.
# It answers "is this value surely small?" and stops as soon as the budget is spent, so its cost is
# bounded by the budget, not by the value. Characters, not UTF-8 bytes: the host checks the bytes of
# the dumped text afterwards.
import json


def surely_small(value, budget, max_list_items):
    if isinstance(value, (list, tuple)) and len(value) > max_list_items:
        return False
    stack = [value]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is str:
            budget -= len(v) + 2
        elif t is dict:
            budget -= 1 + len(v)
            for k, item in v.items():
                budget -= (len(k) if type(k) is str else 20) + 3
                if budget < 0:
                    return False
                stack.append(item)
        elif t is list or t is tuple:
            budget -= 1 + len(v)
            if budget < 0:
                return False
            stack.extend(v)
        else:
            budget -= 24
        if budget < 0:
            return False
    return True


def compact_dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(',', ':'))
