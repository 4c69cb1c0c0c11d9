from django.core.management.base import BaseCommand, CommandError

from zhiliang.core import crypto, field_keys
from zhiliang.core.checks import MISSING_HINT, describe


class Command(BaseCommand):
    help = (
        "Re-encrypt stored personal data (operators' ID numbers and their keyed hashes, staged "
        "imports) with the newest key in ZHILIANG_FIELD_KEYS, in batches; safe to stop and "
        "re-run. Afterwards the older keys can be removed from ZHILIANG_FIELD_KEYS (keep them "
        "in the key escrow while backups written with them exist). With --list, only show "
        "which keys the stored data uses."
    )
    # It must run when the start-up check fails: it says what is missing and stops.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, metavar="N")
        parser.add_argument(
            "--list", dest="only_list", action="store_true", help="only list the keys in use"
        )

    def handle(self, *args, batch_size, only_list, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        keys = crypto.field_keys()
        newest = crypto.newest_fingerprint()
        self.stdout.write(
            "ZHILIANG_FIELD_KEYS: "
            + ", ".join(crypto.fingerprint(k) for k in keys)
            + f" (newest: {newest})"
        )
        for store in field_keys.stores():
            for name, use in store.keys_in_use().items():
                self.stdout.write(f"  {store.label}: {use.count} with key {name or '(unrecorded)'}")
        missing = [p for p in field_keys.problems() if p.missing]
        if missing:
            lines = [
                f"{describe(p)}: no key in ZHILIANG_FIELD_KEYS decrypts them." for p in missing
            ]
            raise CommandError("\n".join(lines) + "\n" + MISSING_HINT)
        if only_list:
            return
        for store in field_keys.stores():
            count = store.rotate(batch_size=batch_size)
            self.stdout.write(f"{store.label}: {count} re-encrypted with key {newest}")
        self.stdout.write(self.style.SUCCESS("Done: all stored values use the newest key."))
