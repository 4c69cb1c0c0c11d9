"""The one call services of other apps make after changing a source record of credit:

    credit_event(enterprise_id)   # one line, after the save

Once the installation classifies (the enterprise has a class), it refreshes that
enterprise's credit records and its class at once. Before the first classification it
does nothing: `zhiliang credit classify` (or the nightly job) derives everything in one pass.
"""


def credit_event(enterprise_id) -> None:
    if not enterprise_id:
        return
    from zhiliang.credit.models import CreditClass
    from zhiliang.credit.scoring import classify
    from zhiliang.credit.services import credit_records_refresh

    if CreditClass.objects.filter(enterprise_id=enterprise_id).exists():
        credit_records_refresh(enterprise_ids=[enterprise_id], count=False)
        classify(enterprise_ids=[enterprise_id])
