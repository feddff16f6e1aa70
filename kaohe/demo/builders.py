"""Document builders the demo corpus shares: reply letters, plans, a sign-in sheet."""

from __future__ import annotations

from kaohe.demo.docgen import DocSpec

__all__ = ["SIGNIN_ROWS", "plan_spec", "remedy_text", "reply_letter_spec", "truncated_reply_spec"]

SIGNIN_ROWS = [
    ["1", "县政府办公室", "刘晓燕", "信息员"],
    ["2", "县发展和改革局", "王建军", "副局长"],
    ["3", "县财政局", "张丽华", "办公室主任"],
    ["4", "县自然资源局", "李明辉", "信息员"],
    ["5", "县住房和城乡建设局", "赵志刚", "办公室主任"],
    ["6", "县交通运输局", "孙海燕", "信息员"],
    ["7", "县农业农村局", "周文博", "信息员"],
    ["8", "福利镇人民政府", "冯建华", "党政办主任"],
]


def remedy_text(body: str) -> str:
    return (
        f"如您对本答复不服，可以在收到本答复书之日起60日内向{body}申请行政复议，或者在6个月内"
        "依法向人民法院提起行政诉讼。"
    )


def reply_letter_spec(
    *,
    issuer: str,
    number: str,
    applicant: str,
    received: str,
    request: str,
    answer: str,
    remedy: str,
    date: str,
) -> DocSpec:
    """A 答复书 laid out like the real ones: 红头 line, title, 文号, body, 落款, date."""
    return DocSpec(
        items=[
            issuer,
            "政府信息公开申请答复书",
            number,
            f"{applicant}：",
            f"本机关于{received}收到您提出的政府信息公开申请，申请获取“{request}”。经研究，"
            "现答复如下：",
            answer,
            remedy,
            "联系电话：0469-4221234",
            issuer,
            date,
        ],
        right_aligned=frozenset({8, 9}),
    )


def plan_spec(issuer: str, area: str, number: str, year: int, date: str) -> DocSpec:
    items = [
        issuer,
        *([number] if number else []),
        f"{area}{year}年政务公开工作要点",
        f"{year}年{area}政务公开工作要坚持以人民为中心，进一步提升政务公开质量和实效。",
        "一、加强政策发布解读。重大政策出台时同步发布解读材料。",
        "二、规范依申请公开办理。严格按照法定时限答复，答复文书要素齐全、依据准确。",
        "三、加强平台建设。优化政府信息公开专栏，做好政务新媒体管理。",
        "四、强化组织保障。明确分管领导和专职人员，年内至少组织一次业务培训。",
        issuer,
        date,
    ]
    return DocSpec(items=items, right_aligned=frozenset({len(items) - 2, len(items) - 1}))


def truncated_reply_spec(y: int) -> DocSpec:
    return reply_letter_spec(
        issuer="集贤县交通运输局",
        number=f"集交信复〔{y}〕6号",
        applicant="黄某某",
        received=f"{y}年5月18日",
        request="集贤县农村公路养护工程的招投标信息",
        answer="根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现提供给您。",
        remedy=remedy_text("集贤县人民政府"),
        date=f"{y}年6月7日",
    )
