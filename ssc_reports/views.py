from django.views.generic import ListView

from ssc_reports.models import Report


class HomeView(ListView):
    template_name = "ssc_reports/home.html"
    context_object_name = "reports"

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("group", "period")
