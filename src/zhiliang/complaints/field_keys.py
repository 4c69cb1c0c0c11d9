"""Complainants' names and phones: encrypted; listed for the key check and re-encrypted by
`zhiliang rotate-field-key` (see `zhiliang.core.field_keys`)."""

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Substr

from zhiliang.complaints.models import Complaint
from zhiliang.core import crypto
from zhiliang.core.field_keys import KeyUse

PREFIX = crypto.FINGERPRINT_LENGTH + len(crypto.SEPARATOR)
COLUMNS = ("complainant_name_encrypted", "complainant_phone_encrypted")


class ComplainantData:
    label = "complainants' names and phones"

    def keys_in_use(self) -> dict[str | None, KeyUse]:
        """One grouped query per column: how many values each key wrote."""
        uses: dict[str | None, KeyUse] = {}
        for column in COLUMNS:
            groups = (
                Complaint.objects.exclude(**{column: ""})
                .order_by()
                .annotate(head=Substr(column, 1, PREFIX))
                .values("head")
                .annotate(n=Count("pk"), last=Max("pk"))
            )
            for g in groups:
                name = crypto.key_of(g["head"])
                if name in uses:
                    uses[name].count += g["n"]
                else:
                    sample = Complaint.objects.values_list(column, flat=True).get(pk=g["last"])
                    uses[name] = KeyUse(g["n"], sample)
        return uses

    def rotate(self, *, batch_size: int) -> int:
        """Re-encrypt with the newest key, `batch_size` complaints per transaction."""
        current = crypto.newest_fingerprint() + crypto.SEPARATOR.decode()
        stale_q = Q()
        for column in COLUMNS:
            stale_q |= ~Q(**{column: ""}) & ~Q(**{f"{column}__startswith": current})
        done = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Complaint.objects.filter(stale_q)
                    .order_by("pk")
                    .select_for_update()[:batch_size]
                    .only("pk", *COLUMNS)
                )
                if not batch:
                    return done
                for complaint in batch:
                    for column in COLUMNS:
                        value = getattr(complaint, column)
                        if value and not value.startswith(current):
                            setattr(complaint, column, crypto.encrypt(crypto.decrypt(value)))
                Complaint.objects.bulk_update(batch, list(COLUMNS))
            done += len(batch)
