"""The housing stock over HTTP: import (CSV and XLSX, all or nothing, per-row errors),
listing and reading units, on the real database."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from sqlmodel import select

from expro_shared.db import Database
from expro_shared.tables import OutboxRecord
from tests.support import bearer

pytestmark = pytest.mark.db
ADMIN = bearer("housing-01", "housing_admin")
STAFF = bearer("staff-01", "center_staff")


async def outbox_types(app) -> list[str]:  # type: ignore[no-untyped-def]
    db: Database = app.state.runtime.db
    async with db.sessionmaker() as session:
        return [r.event_type for r in (await session.exec(select(OutboxRecord).order_by(OutboxRecord.seq))).all()]


async def test_a_csv_with_a_bom_is_imported_whole_and_announced(app, client, upload, make_csv, row) -> None:
    r = await upload(make_csv(row("1-501"), row("1-502", area="120.5", completed="2022-06-01"), bom=True))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["imported"] == 2 and len(body["unit_ids"]) == 2

    unit = (await client.get(f"/v1/units/{body['unit_ids'][1]}", headers=STAFF)).json()
    assert unit["community"] == "幸福家园" and unit["unit_no"] == "1-502"
    assert unit["area_m2"] == "120.50"
    assert unit["resettlement_price_per_m2"] == "4800.00" and unit["market_price_per_m2"] == "12500.00"
    assert unit["completed_on"] == "2022-06-01" and unit["status"] == "available" and unit["floor"] == 5

    assert await outbox_types(app) == ["expro.housing.units_imported.v1"]
    db: Database = app.state.runtime.db
    async with db.sessionmaker() as session:
        [event] = (await session.exec(select(OutboxRecord))).all()
    assert '"completed_on":"2022-06-01"' in event.payload and event.key == "housing-stock"


async def test_an_xlsx_sheet_is_imported_with_numbers_and_dates_as_typed(client, upload, make_xlsx) -> None:
    from datetime import datetime

    data = make_xlsx(
        [
            ["community", "building", "unit_no", "floor", "layout", "area_m2", "resettlement_price_per_m2",
             "market_price_per_m2", "completed_on"],
            ["幸福家园", "3栋", "1-503", 5, "两室一厅", 89.5, 4800, "12500.00", datetime(2023, 12, 20)],
        ]
    )  # fmt: skip
    r = await upload(data, "stock.xlsx")
    assert r.status_code == 201, r.text
    unit = (await client.get(f"/v1/units/{r.json()['unit_ids'][0]}", headers=STAFF)).json()
    assert (unit["area_m2"], unit["resettlement_price_per_m2"], unit["completed_on"]) == (
        "89.50",
        "4800.00",
        "2023-12-20",
    )


async def test_any_fault_imports_nothing_and_names_every_row_and_column(client, upload, make_csv, row) -> None:
    bad_area = row("1-502", area="89.505")
    future = row("1-503", completed="2999-01-01")
    r = await upload(
        make_csv(row("1-501"), bad_area, future, row("1-501"), "幸福家园,3栋,1-509,x,两室一厅,80,0,1,2023-01-01")
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/stock-import-invalid"
    found = {(e["row"], e["column"]) for e in problem["errors"]}
    assert found == {
        (3, "area_m2"),
        (4, "completed_on"),
        (5, "unit_no"),
        (6, "floor"),
        (6, "resettlement_price_per_m2"),
    }
    assert (await client.get("/v1/units", headers=STAFF)).json()["items"] == []


async def test_a_unit_already_in_the_stock_is_a_row_error_however_spelt(client, upload, make_csv, row) -> None:
    assert (await upload(make_csv(row("1-501")))).status_code == 201
    r = await upload(make_csv(row("1-601"), "幸福家园, 3栋 ,１-501,5,两室一厅,89.50,4800.00,12500.00,2023-12-20"))
    assert r.status_code == 422
    assert r.json()["errors"] == [{"row": 3, "column": "unit_no", "msg": "this unit is already in the stock"}]
    assert len((await client.get("/v1/units", headers=STAFF)).json()["items"]) == 1


async def test_a_missing_column_and_an_unreadable_file_are_refused(upload, make_csv, row) -> None:
    r = await upload(
        make_csv(row(), header="community,building,unit_no,floor,layout,area_m2,resettlement_price_per_m2")
    )
    assert r.status_code == 422
    assert {(e["row"], e["column"]) for e in r.json()["errors"]} == {(1, "market_price_per_m2"), (1, "completed_on")}
    r = await upload(b"\xff\xfe\x00garbage", "stock.csv")
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 1
    r = await upload(b"PK\x03\x04not really a zip", "stock.xlsx")
    assert r.status_code == 422 and r.json()["type"] == "/problems/stock-import-invalid"


async def test_a_file_over_the_limit_is_413(running, upload, make_csv, row) -> None:
    _, app = running
    app.state.runtime.settings.import_max_bytes = 100
    r = await upload(make_csv(row("1-501"), row("1-502")))
    assert r.status_code == 413 and r.json()["type"] == "/problems/payload-too-large"


async def test_only_housing_admins_import(upload, make_csv, row) -> None:
    r = await upload(make_csv(row()), headers=STAFF)
    assert r.status_code == 403


async def test_units_are_filtered_by_community_status_and_completion_year(client, upload, make_csv, row) -> None:
    await upload(
        make_csv(
            row("1", community="幸福家园", completed="2021-05-01"),
            row("2", community="幸福家园", completed="2022-05-01"),
            row("3", community="和谐花园", completed="2022-12-31"),
        )
    )
    listed = await client.get("/v1/units", headers=STAFF, params={"completed_in": 2022})
    assert sorted(u["unit_no"] for u in listed.json()["items"]) == ["2", "3"]
    listed = await client.get("/v1/units", headers=STAFF, params={"community": "幸福家园", "completed_in": 2022})
    assert [u["unit_no"] for u in listed.json()["items"]] == ["2"]
    listed = await client.get("/v1/units", headers=STAFF, params={"status": "allocated"})
    assert listed.json()["items"] == []
    first = await client.get("/v1/units", headers=STAFF, params={"limit": 2})
    rest = await client.get("/v1/units", headers=STAFF, params={"limit": 2, "cursor": first.json()["next_cursor"]})
    assert len(first.json()["items"]) == 2 and len(rest.json()["items"]) == 1


async def test_two_imports_of_one_unit_at_once_import_it_once(client, upload, make_csv, row) -> None:
    results = await asyncio.gather(*(upload(make_csv(row("9-901"), row(f"9-90{i + 2}"))) for i in range(4)))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201, 422, 422, 422], [r.text for r in results]
    units = (await client.get("/v1/units", headers=STAFF, params={"limit": 50})).json()["items"]
    assert [u["unit_no"] for u in units].count("9-901") == 1


async def test_an_unknown_unit_is_not_found(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/units/nope", headers=STAFF)
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"


async def test_a_retried_upload_with_its_idempotency_key_replays_the_first_answer(
    client, upload, make_csv, row
) -> None:
    data = make_csv(row("7-701"))
    first = await upload(data, headers=ADMIN | {"Idempotency-Key": "stock-7"})
    again = await upload(data, headers=ADMIN | {"Idempotency-Key": "stock-7"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = await upload(make_csv(row("7-702")), headers=ADMIN | {"Idempotency-Key": "stock-7"})
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
    assert len((await client.get("/v1/units", headers=STAFF)).json()["items"]) == 1


async def test_the_file_is_read_off_the_event_loop(upload, make_csv, row, monkeypatch) -> None:
    """Reading a workbook is CPU-bound (up to the size limit, thousands of rows): on the event
    loop it would stall every other request of the service meanwhile."""
    from housing_svc.units import files

    threads: list[int] = []
    read = files.read_table

    def recording(data: bytes, max_rows: int):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return read(data, max_rows)

    monkeypatch.setattr(files, "read_table", recording)
    r = await upload(make_csv(row("9-901")))
    assert r.status_code == 201, r.text
    assert threads and threads[0] != threading.get_ident()
