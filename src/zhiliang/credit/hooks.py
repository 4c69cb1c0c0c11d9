"""The one call services of other apps make after changing a source record of credit:

    credit_event(enterprise_id)   # one line, after the save

It refreshes that enterprise's credit records and, when the installation classifies (the
enterprise has a class already), its class at once.
"""


def credit_event(enterprise_id) -> None:
    if not enterprise_id:
        return
    from zhiliang.credit.models import CreditClass
    from zhiliang.credit.scoring import classify
    from zhiliang.credit.services import credit_records_refresh

    credit_records_refresh(enterprise_ids=[enterprise_id])
    if CreditClass.objects.filter(enterprise_id=enterprise_id).exists():
        classify(enterprise_ids=[enterprise_id])
