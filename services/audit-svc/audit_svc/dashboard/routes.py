"""The dashboard: one server-rendered page, public (no token).

It shows only what is public anyway or aggregate: the log's size and latest signed
checkpoint (with its checks), the last full chain verification, the number of records per
producing service, and this year's and last year's headline figures with the annual
report's paragraph. No record, name, id number, project or household appears on it."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from audit_svc.dashboard import handlers
from audit_svc.deps import Log, Rt
from audit_svc.reports.domain import AnnualFigures, two_decimals, wan_yuan, whole_m2

router = APIRouter(tags=["dashboard"])


@router.get(
    "/dashboard",
    operation_id="getDashboard",
    summary="审计看板 / the audit dashboard (a web page)",
    response_class=HTMLResponse,
    responses={200: {"description": "看板页面（HTML，公开）/ the page (HTML, public)"}},
)
async def dashboard(rt: Rt, log: Log) -> Any:
    """审计看板：日志规模、最新签名检查点及其校验、哈希链校验结果、各服务记录数、年度主要数据（公开、无个人信息）。

    The dashboard: the log's size, the latest signed checkpoint and its checks, the chain's
    verification, records per service and the year's headline figures (public; aggregate
    only, no personal data). Verification and figures refresh at most every
    ``AUDIT_SVC_DASHBOARD_REFRESH_SECONDS``."""
    async with rt.uow("dashboard") as uow:
        cp = await handlers.checkpoint(uow, log)
        await uow.commit()
    cache: handlers.SurveyCache = rt.extras["dashboard"]
    survey = await cache.get(lambda: rt.uow("dashboard"))
    return HTMLResponse(render(cp, survey, log.origin))


def _ok(flag: bool) -> str:
    return '<span class="ok">✔ 通过 / valid</span>' if flag else '<span class="bad">✘ 失败 / INVALID</span>'


def _figures(f: AnnualFigures) -> str:
    rows = [
        ("新增国有土地上房屋征收 / households expropriated", f"{len(f.households_expropriated)} 户"),
        ("征收面积 / area", f"{whole_m2(f.area_m2)} ㎡"),
        ("支付房屋征收补偿款 / compensation paid", f"{wan_yuan(f.compensation_paid)} 万元"),
        ("拆除面积 / demolished", f"{whole_m2(f.demolished_area_m2)} ㎡"),
        ("腾空土地 / land cleared", f"{two_decimals(f.land_cleared_mu)} 亩"),
        ("集体土地房屋协议 / collective house agreements", f"{f.house_agreements} 份"),
        ("过渡费发放户数 / households paid transition fees", f"{len(f.fee_households)} 户"),
        ("安置房竣工 / resettlement units completed", f"{f.units_completed} 套"),
    ]
    cells = "".join(f"<tr><th>{escape(a)}</th><td>{escape(b)}</td></tr>" for a, b in rows)
    return (
        f"<section><h2>{f.year} 年度 / {f.year}</h2><table>{cells}</table>"
        f'<p class="text">{escape(f.text_zh())}</p></section>'
    )


def render(cp: handlers.Checkpoint, survey: handlers.Survey, origin: str) -> str:
    chain = survey.chain
    sources = "".join(
        f"<tr><th>{escape(source)}</th><td>{count}</td></tr>" for source, count in survey.by_source.items()
    )
    first_bad = "—" if chain.first_invalid_seq is None else str(chain.first_invalid_seq)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>审计留痕看板 / audit dashboard</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; }}
th, td {{ border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }}
td {{ font-variant-numeric: tabular-nums; }}
pre, code {{ background: #f6f6f6; padding: .2rem .4rem; word-break: break-all; white-space: pre-wrap; }}
.ok {{ color: #17702f; font-weight: 600; }} .bad {{ color: #b00020; font-weight: 700; }}
.text {{ line-height: 1.8; }} footer {{ color: #666; font-size: .85rem; }}
</style>
</head>
<body>
<h1>审计留痕看板 <small>/ audit trail dashboard</small></h1>

<section>
<h2>透明日志 / transparency log</h2>
<table>
<tr><th>日志标识 / origin</th><td><code>{escape(origin)}</code></td></tr>
<tr><th>规模（记录数）/ tree size</th><td id="tree-size">{cp.row.tree_size}</td></tr>
<tr><th>根哈希 / root hash</th><td><code id="root-hash">{escape(cp.row.root_hash)}</code></td></tr>
<tr><th>签发时间 / cut at</th><td>{escape(cp.row.created_at.isoformat())}</td></tr>
<tr><th>签名 / signature</th><td id="signature">{_ok(cp.signature_valid)}</td></tr>
<tr><th>根与存储的树一致 / root matches the stored tree</th><td id="tree">{_ok(cp.root_matches_tree)}</td></tr>
</table>
<p>签名检查点 / signed checkpoint:</p>
<pre id="note">{escape(cp.row.note)}</pre>
<p>验证公钥 / verifier key: <code id="key">{escape(cp.verifier_key)}</code></p>
</section>

<section>
<h2>哈希链校验 / chain verification</h2>
<table>
<tr><th>结果 / result</th><td id="chain">{_ok(chain.valid)}</td></tr>
<tr><th>校验记录数 / records checked</th><td>{chain.records}</td></tr>
<tr><th>链头 / head</th><td><code>{escape(chain.head)}</code></td></tr>
<tr><th>首个异常序号 / first bad record</th><td>{first_bad}</td></tr>
<tr><th>校验时间 / verified at</th><td>{escape(survey.taken_at.isoformat())}</td></tr>
</table>
</section>

<section>
<h2>各服务记录数 / records per service</h2>
<table>{sources or "<tr><td>—</td></tr>"}</table>
</section>

{"".join(_figures(f) for f in survey.figures)}

<footer>
<p>本页公开，仅含汇总数据，不含任何个人信息。/ This page is public and shows aggregates only, no personal data.
检查点、公钥与证明 / checkpoints, key and proofs:
<code>/v1/audit/checkpoints/latest</code>, <code>/v1/audit/checkpoints/key</code>,
<code>/v1/audit/records/{{event_id}}/inclusion-proof</code>, <code>/v1/audit/consistency-proof</code>.</p>
</footer>
</body>
</html>
"""
