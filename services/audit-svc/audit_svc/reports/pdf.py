"""The annual report as a PDF, through the shared A4 document (``expro_shared.pdf``: ReportLab,
its built-in CID font STSong-Light, no font file)."""

from __future__ import annotations

from typing import Any

from expro_shared import pdf

ROWS: list[tuple[str, str, str]] = [
    ("国有土地上房屋征收", "state_owned.households_expropriated", "新增征收户数（户）"),
    ("", "state_owned.area_m2", "征收面积（㎡）"),
    ("", "state_owned.compensation_paid", "支付补偿款（元）"),
    ("", "state_owned.demolished_area_m2", "拆除面积（㎡）"),
    ("", "state_owned.land_cleared_mu", "腾空土地（亩）"),
    ("", "state_owned.projects_cleared", "完成腾地项目（个）"),
    ("", "state_owned.judicial_procedures_started", "申请强制执行（件）"),
    ("集体土地征收", "collective.land_agreements", "土地征收补偿协议（份）"),
    ("", "collective.house_agreements", "房屋征收补偿协议（份）"),
    ("", "collective.buildings_demolished", "拆除房屋（栋）"),
    ("", "collective.judicial_procedures_started", "申请强制执行（件）"),
    ("过渡费", "transition_fees.households", "发放户数（户）"),
    ("", "transition_fees.state_owned_late", "国有土地逾期安置（户 / 元）"),
    ("", "transition_fees.state_owned_other", "国有土地其他（户 / 元）"),
    ("", "transition_fees.collective", "集体土地（户 / 元）"),
    ("", "transition_fees.paid_on_behalf", "代为发放（户 / 元）"),
    ("安置房", "resettlement_housing.units_completed", "竣工套数（套）"),
]


def _value(report: dict[str, Any], path: str) -> str:
    value: Any = report
    for key in path.split("."):
        value = value[key]
    if isinstance(value, dict):
        return f"{value['households']} / {value['amount']}"
    return str(value)


def render(year: int, report: dict[str, Any]) -> bytes:
    """The report of ``year`` (the JSON answer) as a one-page A4 PDF."""
    table = pdf.Table(
        ("类别", "指标", "数值"),
        [(group, label, _value(report, path)) for group, path, label in ROWS],
        widths=(40, 70, 50),
        numeric=(2,),
    )
    return pdf.document(
        f"{year}年度征收安置工作统计",
        [report["text_zh"], table],
        note="数据来源：审计留痕（按业务发生日期统计）。",
        author="征收安置事务中心 audit-svc",
        indent=True,
    )
