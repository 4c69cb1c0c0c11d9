"""Operators' ID numbers: encrypted, with a keyed hash for duplicate checks and search."""

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import Substr

from zhiliang.core import crypto
from zhiliang.core.field_keys import KeyUse
from zhiliang.equipment.models import Operator

PREFIX = crypto.FINGERPRINT_LENGTH + len(crypto.SEPARATOR)


class OperatorIdNumbers:
    label = "operator ID numbers"

    def keys_in_use(self) -> dict[str | None, KeyUse]:
        uses: dict[str | None, KeyUse] = {}
        groups = (
            Operator.objects.order_by()
            .annotate(head=Substr("id_number_encrypted", 1, PREFIX))
            .values("head")
            .annotate(n=Count("pk"), last=Max("pk"))
        )
        for g in groups:
            name = crypto.key_of(g["head"])
            if name in uses:
                uses[name].count += g["n"]
            else:
                sample = Operator.objects.values_list("id_number_encrypted", flat=True)
                uses[name] = KeyUse(g["n"], sample.get(pk=g["last"]))
        return uses

    def rotate(self, *, batch_size: int) -> int:
        """Re-encrypt and re-hash, `batch_size` operators per transaction."""
        current = crypto.newest_fingerprint() + crypto.SEPARATOR.decode()
        stale = Operator.objects.exclude(id_number_encrypted__startswith=current)
        done = 0
        while True:
            with transaction.atomic():
                batch = list(
                    stale.order_by("pk")
                    .select_for_update()[:batch_size]
                    .only("pk", "id_number_encrypted", "id_number_hash")
                )
                if not batch:
                    return done
                for op in batch:
                    number = crypto.decrypt(op.id_number_encrypted)
                    op.id_number_encrypted = crypto.encrypt(number)
                    op.id_number_hash = crypto.keyed_hash(number)
                Operator.objects.bulk_update(batch, ["id_number_encrypted", "id_number_hash"])
            done += len(batch)
