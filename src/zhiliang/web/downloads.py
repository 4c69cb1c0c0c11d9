"""The user's export files (导出文件): large exports made in the background, and their download.

Each user sees and downloads only the files they asked for; another user's file is answered
exactly as a missing one (404), whatever the role."""

from django.http import FileResponse
from django.shortcuts import render

from zhiliang.core import export_jobs
from zhiliang.core.views import RoleRequiredView, paginate
from zhiliang.core.views_helpers import or_404


class DownloadList(RoleRequiredView):
    permission_required = export_jobs.PERMISSION

    def get(self, request):
        page = paginate(export_jobs.exports_of(user=request.user), request)
        pending = any(e.status in export_jobs.PENDING for e in page)
        context = {
            "page": page,
            "query": "",
            "pending": pending,
            "retention_days": export_jobs.retention_days(),
        }
        return render(request, "web/downloads.html", context)


class DownloadFile(RoleRequiredView):
    permission_required = export_jobs.PERMISSION

    def get(self, request, pk):
        export = or_404(export_jobs.export_ready_for, user=request.user, pk=pk)
        path = export_jobs.export_path(export)
        return FileResponse(open(path, "rb"), as_attachment=True, filename=export.file_name)  # noqa: SIM115
