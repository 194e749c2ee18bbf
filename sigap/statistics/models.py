# The data requests between agencies (the release side) live in their own module.
from sigap.statistics.datarequests import DataRequest, DataRequestDecision

__all__ = ["DataRequest", "DataRequestDecision"]
