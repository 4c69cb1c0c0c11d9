from zhiliang.core.management.catalogue_command import CatalogueLoadCommand
from zhiliang.licensing.catalogue import INSTRUMENTS_YAML, instrument_catalogue_load
from zhiliang.licensing.models import InstrumentCategory


class Command(CatalogueLoadCommand):
    help = (
        "Load the compulsory-verification catalogue (实施强制管理的计量器具目录) from "
        "licensing/data/instrument_catalogue.yaml or a file of the same form. New items are "
        "added, changed ones corrected (names, modes, periods, scopes, certainty marks); "
        "running it twice changes nothing. Items missing from the file are kept: instruments "
        "may refer to them."
    )
    default_path = INSTRUMENTS_YAML
    model = InstrumentCategory
    what = "an instrument catalogue"
    label = "instrument catalogue"

    def load(self, file):
        return instrument_catalogue_load(InstrumentCategory, file)
