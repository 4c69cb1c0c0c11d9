from zhiliang.core.guards import require_in_jurisdiction


def save(actor, obj):
    require_in_jurisdiction(actor, obj.region)
    obj._history_user = actor
    obj.save()
    return obj
