"""Handlers of the housing stock, each inside the caller's unit of work."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from expro_shared.db import utcnow
from expro_shared.events.housing import ImportedUnit, UnitsImported
from expro_shared.problems import ProblemError
from expro_shared.runtime import off_the_loop
from housing_svc.errors import StockImportInvalid
from housing_svc.units import domain, files
from housing_svc.units.commands import ImportUnits
from housing_svc.units.domain import ImportRefused, RowError, UnitStatus
from housing_svc.units.tables import UnitRow

if TYPE_CHECKING:
    from housing_svc.uow import HousingUnitOfWork


def refused(errors: list[RowError]) -> ProblemError:
    return StockImportInvalid.error(
        f"nothing was imported: {len(errors)} fault(s); see errors",
        errors=[{"row": e.row, "column": e.column, "msg": e.msg} for e in errors],
    )


def read_stock(cmd: ImportUnits) -> list[domain.StockRow]:
    """The file's rows as stock, or the refusal listing every fault (CPU only, no I/O)."""
    try:
        header, rows = files.read_table(cmd.data, cmd.max_rows)
        return domain.parse_stock(header, rows, cmd.today)
    except ImportRefused as exc:
        raise refused(exc.errors) from exc


async def import_units(uow: HousingUnitOfWork, cmd: ImportUnits) -> list[UnitRow]:
    """Add every unit of the file to the stock, or none (emits `units_imported`)."""
    parsed = await off_the_loop(read_stock, cmd)
    taken = await uow.units.taken_keys([u.key for u in parsed])
    errors = domain.already_in_stock(parsed, taken)
    if errors:
        raise refused(errors)
    now = utcnow()
    units: list[UnitRow] = []
    for u in parsed:
        unit = UnitRow(
            id=str(uuid.uuid4()),
            community=u.community,
            building=u.building,
            unit_no=u.unit_no,
            unit_key=u.key,
            floor=u.floor,
            layout=u.layout,
            area_centi=u.area_centi,
            resettlement_price_fen=u.resettlement_price_fen,
            market_price_fen=u.market_price_fen,
            completed_on=u.completed_on,
            status=UnitStatus.AVAILABLE.value,
            imported_by=uow.actor,
            imported_at=now,
        )
        if not await uow.units.insert(unit):  # a concurrent import took the dwelling first
            errors.append(RowError(u.row, "unit_no", "this unit is already in the stock"))
        units.append(unit)
    if errors:
        raise refused(errors)
    uow.emit(UnitsImported(units=[ImportedUnit(unit_id=u.id, completed_on=u.completed_on) for u in units]))
    return units
