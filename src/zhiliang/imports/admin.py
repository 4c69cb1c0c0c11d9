from django.contrib import admin

from zhiliang.core.admin_base import ScopedAdmin
from zhiliang.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    list_display = [
        "original_name",
        "kind",
        "created_by",
        "created_at",
        "status",
        "total_rows",
        "created_count",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
