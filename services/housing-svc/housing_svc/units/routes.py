"""HTTP routes of the housing stock: thin — parse, authorise, one unit of work."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile

from expro_shared.idempotency import IdempotencyKeyReused, OptionalIdempotencyKey, run_idempotent
from expro_shared.pagination import Cursor, Limit, Page
from expro_shared.problems import ProblemError, not_found, problem_responses
from expro_shared.requests import center_today
from housing_svc.config import HousingSettings
from housing_svc.deps import HousingRead, HousingWrite, Rt
from housing_svc.errors import StockImportInvalid
from housing_svc.units import handlers
from housing_svc.units.commands import ImportUnits
from housing_svc.units.domain import UnitStatus
from housing_svc.units.domain import completed_in as year_range
from housing_svc.units.repository import PAGES
from housing_svc.units.schemas import UnitPublic, UnitsImportedPublic

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork

router = APIRouter(prefix="/v1", tags=["units"])
TextQuery = Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$", description="小区 / community")]


@router.post(
    "/units/import",
    operation_id="importUnits",
    summary="导入安置房源 / import resettlement units (CSV or XLSX)",
    status_code=201,
    response_model=UnitsImportedPublic,
    responses=problem_responses(401, 403, 413, StockImportInvalid, IdempotencyKeyReused),
)
async def import_units(
    request: Request,
    rt: Rt,
    principal: HousingWrite,
    file: Annotated[
        UploadFile,
        File(
            description=(
                "CSV（UTF-8，可带 BOM）或 XLSX（第一个工作表），首行为列名 / CSV (UTF-8, BOM or not) or XLSX "
                "(first sheet), the first row naming the columns community, building, unit_no, floor, layout, "
                "area_m2, resettlement_price_per_m2, market_price_per_m2, completed_on"
            )
        ),
    ],
    idempotency_key: OptionalIdempotencyKey = None,
) -> Any:
    """房源整批导入：任何一行有误则全部不导入，并逐行逐列列出错误（422）。

    All or nothing: any fault (a bad cell, a unit named twice in the file, a unit already in
    the stock) imports nothing and answers 422 `stock-import-invalid` with every fault as
    `{row, column, msg}`. Emits `units_imported`. An optional `Idempotency-Key` makes a
    retried upload of the same file replay the first answer (instead of finding its units
    in the stock)."""
    settings: HousingSettings = rt.settings  # type: ignore[assignment]
    data = await file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise ProblemError(
            413,
            "payload-too-large",
            "Payload Too Large",
            f"an import file holds at most {settings.import_max_bytes} bytes",
        )
    cmd = ImportUnits(data=data, max_rows=settings.import_max_rows, today=center_today())

    async def work(uow: HousingUnitOfWork) -> tuple[int, Any]:
        units = await handlers.import_units(uow, cmd)
        return 201, UnitsImportedPublic(imported=len(units), unit_ids=[u.id for u in units]).model_dump(mode="json")

    scope = f"{principal.sub} POST {request.url.path}"
    body = {"file_sha256": hashlib.sha256(data).hexdigest()}
    return await run_idempotent(lambda: rt.uow(principal.sub), scope, idempotency_key, body, work)


@router.get(
    "/units",
    operation_id="listUnits",
    summary="安置房源列表 / list resettlement units",
    response_model=Page[UnitPublic],
    responses=problem_responses(401, 403),
)
async def list_units(
    rt: Rt,
    principal: HousingRead,
    community: TextQuery = None,
    status: Annotated[UnitStatus | None, Query(description="房源状态 / status")] = None,
    completed_in: Annotated[int | None, Query(ge=1900, le=2200, description="竣工年份 / completion year")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """按导入顺序列出房源，可按小区、状态、竣工年份筛选。Units in import order."""
    filters = {"community": community, "status": status.value if status else None}
    async with rt.uow(principal.sub) as uow:
        completed = year_range(completed_in) if completed_in is not None else None
        rows = await uow.units.page(filters, completed, cursor, limit)
    return PAGES.page(rows, limit, UnitPublic.of)


@router.get(
    "/units/{unit_id:uuid}",
    operation_id="getUnit",
    summary="安置房源详情 / get a resettlement unit",
    response_model=UnitPublic,
    responses=problem_responses(401, 403, 404),
)
async def get_unit(unit_id: uuid.UUID, rt: Rt, principal: HousingRead) -> Any:
    """房源及其状态。A unit and its status."""
    async with rt.uow(principal.sub) as uow:
        unit = await uow.units.get(str(unit_id))
    if unit is None:
        raise not_found("unit")
    return UnitPublic.of(unit)
