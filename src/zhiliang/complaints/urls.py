from zhiliang.complaints import views
from zhiliang.core.record_pages import CREATED, record_urls

app_name = "complaints"
urlpatterns = [
    *record_urls(views, "Complaint", pages=CREATED, actions=["correct", "accept", "close"]),
]
