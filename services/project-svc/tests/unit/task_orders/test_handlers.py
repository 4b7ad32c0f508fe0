"""Task-order handlers' pure helpers (the saga's handlers run with fakes in tests/saga)."""

from __future__ import annotations

import json

from expro_shared.events.fund import FundingConfirmed, FundingShortfall
from expro_shared.events.project import TaskOrderIssuanceRequested
from project_svc.task_orders.handlers import StrandedSaga, stranded_saga


def test_only_the_sagas_messages_name_a_stranded_saga() -> None:
    request = {"type": TaskOrderIssuanceRequested.TYPE, "data": {"task_order_id": "t", "saga_id": "s"}}
    assert stranded_saga(json.dumps(request)) == StrandedSaga("t", "s")
    for answer_type in (FundingConfirmed.TYPE, FundingShortfall.TYPE):
        answer = {"type": answer_type, "correlationid": "s2", "data": {"task_order_id": "t"}}
        assert stranded_saga(json.dumps(answer)) == StrandedSaga("t", "s2")
    assert stranded_saga(json.dumps({"type": "expro.fund.deposit_recorded.v1", "data": {}})) is None
    assert stranded_saga(json.dumps({"type": FundingConfirmed.TYPE, "data": {"task_order_id": 7}})) is None
    assert stranded_saga("{not json") is None
