from zhiliang.core.guards import require_in_jurisdiction


def apply(obj, data: dict, fields) -> None:
    for field, value in data.items():
        if field in fields:
            setattr(obj, field, value)


def save(actor, obj):
    require_in_jurisdiction(actor, obj.region)
    obj._history_user = actor
    obj.save()
    return obj
