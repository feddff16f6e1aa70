"""The held-out evaluation set: 40 realistic documents and what the contract says about them.

Written from ``/work/shared/spec/extraction-output.md`` and the domain notes only, never from the
extractor code. Every expected value was checked by hand; working days were counted with
``chinese_calendar`` (receipt day not counted, reply day counted). An element listed in
``expected`` must be present with exactly that value; one listed in ``absent`` must be omitted;
an element in neither is not judged. ``findings`` is the exact set of finding codes (``None`` =
not judged: the contract only fixes the reply-letter codes).

Never weaken a value here to match the extractor's output: fix the extractor, or argue the
contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from kaohe.demo.docgen import DocSpec, TableSpec

__all__ = ["CASES", "FUYI", "TIAOLI", "Case", "prov"]

TIAOLI = "中华人民共和国政府信息公开条例"
FUYI = "中华人民共和国行政复议法"


def prov(
    article: int, clause: int | None = None, item: int | None = None, law: str = TIAOLI
) -> dict[str, Any]:
    """One ``legal_basis`` entry."""
    return {"law": law, "article": article, "clause": clause, "item": item}


@dataclass(frozen=True)
class Case:
    name: str
    fmt: Literal["docx", "pdf", "html"]
    doc_type: str
    #: a DocSpec for docx/pdf, the page source for html
    spec: DocSpec | str
    expected: Mapping[str, Any] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    findings: frozenset[str] | None = None
    #: what the case is about (shown in failures)
    note: str = ""


def _letter(
    *paragraphs: str | TableSpec,
    header: str | None = None,
    footer: str | None = None,
    signoff: int = 2,
) -> DocSpec:
    """A letter whose last ``signoff`` items are the right-aligned 落款 and date."""
    n = len(paragraphs)
    return DocSpec(
        items=list(paragraphs),
        header=header,
        footer=footer,
        right_aligned=frozenset(range(n - signoff, n)),
    )


def _reply(
    *,
    issuer: str,
    number: str,
    applicant: str,
    date: str,
    outcome: str,
    legal_basis: list[dict[str, Any]],
    received: str | None,
    days: int | None,
    within: bool | None,
    extension: bool = False,
    recon: bool = True,
    litig: bool = True,
    recon_days: int | None = 60,
    lit_months: int | None = 6,
    body: str | None = None,
    court: str | None = None,
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Expected elements of a reply letter and the ones that must be omitted."""
    exp: dict[str, Any] = {
        "issuer": issuer,
        "document_number": number,
        "document_date": date,
        "applicant": applicant,
        "reply_date": date,
        "extension_notified": extension,
        "within_deadline": within,
        "outcome": outcome,
        "legal_basis": legal_basis,
        "remedy.reconsideration": recon,
        "remedy.litigation": litig,
    }
    absent: list[str] = []
    for key, value in (
        ("received_date", received),
        ("working_days_taken", days),
        ("remedy.reconsideration_days", recon_days),
        ("remedy.litigation_months", lit_months),
        ("remedy.reconsideration_body", body),
        ("remedy.court", court),
    ):
        if value is None:
            absent.append(key)
        else:
            exp[key] = value
    return exp, tuple(absent)


NONE: frozenset[str] = frozenset()
REMEDY_STD = (
    "如您对本答复不服，可以在收到本答复书之日起60日内向{body}申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)


def _remedy(body: str) -> str:
    return REMEDY_STD.format(body=body)


# --------------------------------------------------------------------------------------------
# Reply letters (23)
# --------------------------------------------------------------------------------------------

_R: list[Case] = []


def _add_reply(
    name: str,
    fmt: Literal["docx", "pdf"],
    spec: DocSpec,
    findings: frozenset[str],
    note: str,
    **kw: Any,
) -> None:
    exp, absent = _reply(**kw)
    _R.append(Case(name, fmt, "reply_letter", spec, exp, absent, findings, note))


_add_reply(
    "r01_disclosed_20th_day_signoff_table",
    "docx",
    DocSpec(
        items=[
            "集贤县自然资源局",
            "政府信息公开申请答复书",
            "集自然资信复〔2024〕7号",
            "王某某：",
            "本机关于2024年3月5日收到您提出的政府信息公开申请，申请获取“集贤县2023年度建设用地"
            "供应计划”的政府信息。经研究，现答复如下：",
            "经审查，您申请获取的政府信息属于本机关公开的范围。根据《中华人民共和国政府信息公开"
            "条例》第三十六条第（二）项的规定，现将《集贤县2023年度建设用地供应计划》"
            "（集自然资发〔2023〕12号）电子版发送至您申请时提供的电子邮箱，请注意查收。",
            "如您对本答复不服，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
            "或者在6个月内依法向人民法院提起行政诉讼。",
            "联系人：张丽    联系电话：0469-5012345",
            TableSpec(rows=[["", "集贤县自然资源局"], ["", "2024年4月2日"]]),
        ],
        header="依申请公开答复文书",
    ),
    NONE,
    "sign-off in a layout table; 20th working day exactly; a second 文号 cited in the body",
    issuer="集贤县自然资源局",
    number="集自然资信复〔2024〕7号",
    applicant="王某某",
    date="2024-04-02",
    received="2024-03-05",
    days=20,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="集贤县人民政府",
)

_add_reply(
    "r02_partial_across_spring_festival_2024",
    "pdf",
    _letter(
        "友谊县住房和城乡建设局",
        "政府信息公开申请答复书",
        "友住建公开复〔2024〕3号",
        "刘某某：",
        "本机关于2024年1月29日收到您通过信函方式提出的政府信息公开申请，要求公开“友谊县城区"
        "2023年老旧小区改造项目的招标文件、中标通知书及施工合同”。经研究，现答复如下：",
        "一、关于招标文件和中标通知书。经检索，上述信息由本机关制作并保存，根据《中华人民共和国"
        "政府信息公开条例》第三十六条第（二）项的规定，予以公开，现随本答复书提供复印件。",
        "二、关于施工合同。该合同中含有施工单位的银行账户、项目管理人员身份证号码等信息，公开后"
        "可能损害第三方合法权益。根据《中华人民共和国政府信息公开条例》第十五条、第三十七条的规定，"
        "本机关对上述内容作区分处理，向您提供删除上述内容后的施工合同文本。",
        "如对本答复不服，您可以在收到本答复书之日起60日内向友谊县人民政府申请行政复议，也可以在"
        "收到本答复书之日起6个月内向人民法院提起行政诉讼。",
        "友谊县住房和城乡建设局",
        "2024年2月29日",
    ),
    NONE,
    "春节 2024 (2-10..2-17 off, 2-4 and 2-18 worked): 20 working days, 23 weekdays",
    issuer="友谊县住房和城乡建设局",
    number="友住建公开复〔2024〕3号",
    applicant="刘某某",
    date="2024-02-29",
    received="2024-01-29",
    days=20,
    within=True,
    outcome="partially_disclosed",
    legal_basis=[prov(36, item=2), prov(15), prov(37)],
    body="友谊县人民政府",
)

_add_reply(
    "r03_not_disclosed_2024_reconsideration_only",
    "docx",
    _letter(
        "宝清县发展和改革局",
        "政府信息不予公开告知书",
        "宝发改公开告〔2024〕2号",
        "双鸭山市宏达物流有限公司：",
        "本机关于2024年4月8日收到贵公司提出的政府信息公开申请，申请公开“宝清县城区集中供热价格"
        "调整的内部讨论记录及请示材料”。经审查，现告知如下：",
        "贵公司申请公开的信息属于本机关在履行行政管理职能过程中形成的讨论记录和请示报告，属于过程性"
        "信息。根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，本机关决定不予公开。",
        "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，贵公司如对本告知书不服，"
        "应当自收到本告知书之日起60日内先向宝清县人民政府申请行政复议。",
        "宝清县发展和改革局",
        "2024年4月26日",
    ),
    NONE,
    "复议前置 after 2024-01-01: 复议 only is correct for 不予公开 (no remedy_one_channel)",
    issuer="宝清县发展和改革局",
    number="宝发改公开告〔2024〕2号",
    applicant="双鸭山市宏达物流有限公司",
    date="2024-04-26",
    received="2024-04-08",
    days=14,
    within=True,
    outcome="not_disclosed",
    legal_basis=[prov(16, clause=2), prov(23, clause=1, item=4, law=FUYI)],
    litig=False,
    lit_months=None,
    body="宝清县人民政府",
)

_add_reply(
    "r04_not_exist_chinese_numerals_national_day_2023",
    "pdf",
    _letter(
        "饶河县农业农村局",
        "政府信息公开申请答复书",
        "饶农信复〔2023〕15号",
        "陈某某：",
        "本机关于二〇二三年九月二十五日收到您提出的政府信息公开申请，要求获取“2019年西丰镇东升村"
        "耕地地力保护补贴发放明细”。经研究，现答复如下：",
        "经本机关对档案室及相关业务股室进行全面检索，未找到您所申请的信息。根据《中华人民共和国"
        "政府信息公开条例》第三十六条第（四）项的规定，告知您该政府信息不存在。",
        "如您对本答复不服，可以在收到本答复书之日起60日内向饶河县人民政府或双鸭山市农业农村局"
        "申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。",
        "饶河县农业农村局",
        "二〇二三年十月二十七日",
    ),
    NONE,
    "〇 dates; 国庆 2023 (9-29..10-6 off, 10-7/10-8 worked): 20 working days; 复议 body A或B",
    issuer="饶河县农业农村局",
    number="饶农信复〔2023〕15号",
    applicant="陈某某",
    date="2023-10-27",
    received="2023-09-25",
    days=20,
    within=True,
    outcome="not_exist",
    legal_basis=[prov(36, item=4)],
    body="饶河县人民政府或双鸭山市农业农村局",
)

_add_reply(
    "r05_not_our_jurisdiction_circle_zero_2020",
    "docx",
    _letter(
        "尖山区市场监督管理局",
        "政府信息公开申请告知书",
        "尖市监公开告〔2020〕4号",
        "李某某：",
        "本机关于二○二○年六月二日收到你提出的政府信息公开申请，要求公开“双鸭山市2019年度食品"
        "安全抽检不合格产品核查处置情况汇总表”。经审查，现告知如下：",
        "你所申请的信息由双鸭山市市场监督管理局制作并保存，不属于本机关负责公开的范围。根据"
        "《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，建议你向双鸭山市市场监督"
        "管理局申请获取，联系电话：0469-4221234。",
        "如对本告知不服，可在收到本告知书之日起60日内向尖山区人民政府或者双鸭山市市场监督管理局"
        "申请行政复议，或者在6个月内向人民法院提起行政诉讼。",
        "尖山区市场监督管理局",
        "二○二○年六月十八日",
        footer="第 1 页 共 1 页",
    ),
    NONE,
    "○ (U+25CB) dates; footer text; 复议 bodies joined by 或者",
    issuer="尖山区市场监督管理局",
    number="尖市监公开告〔2020〕4号",
    applicant="李某某",
    date="2020-06-18",
    received="2020-06-02",
    days=12,
    within=True,
    outcome="not_our_jurisdiction",
    legal_basis=[prov(36, item=5)],
    body="尖山区人民政府或者双鸭山市市场监督管理局",
)

_add_reply(
    "r06_already_public_fullwidth_digits",
    "pdf",
    _letter(
        "双鸭山市住房和城乡建设局",
        "政府信息公开申请答复书",
        "双住建依复〔2024〕11号",
        "赵某某：",
        "本机关于２０２４年５月６日收到您提出的政府信息公开申请，申请获取“双鸭山市2024年保障性"
        "租赁住房筹集建设计划”。经研究，现答复如下：",
        "您申请获取的信息已于２０２４年３月１５日在双鸭山市人民政府门户网站“政府信息公开—住房"
        "保障”栏目主动公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，"
        "现告知您获取该信息的方式和途径：登录双鸭山市人民政府门户网站，依次点击“政府信息公开”"
        "“法定主动公开内容”“住房保障”查阅。",
        "如您对本答复不服，可以在收到本答复书之日起６０日内向双鸭山市人民政府申请行政复议，"
        "或者在６个月内依法向人民法院提起行政诉讼。",
        "双鸭山市住房和城乡建设局",
        "２０２４年５月２４日",
    ),
    NONE,
    "full-width digits in dates and remedy limits; a city department naming the city government",
    issuer="双鸭山市住房和城乡建设局",
    number="双住建依复〔2024〕11号",
    applicant="赵某某",
    date="2024-05-24",
    received="2024-05-06",
    days=15,
    within=True,
    outcome="already_public",
    legal_basis=[prov(36, item=1)],
    body="双鸭山市人民政府",
)

_add_reply(
    "r07_duplicate_request_dotted_date",
    "docx",
    _letter(
        "集贤县人力资源和社会保障局",
        "政府信息公开申请答复书",
        "集人社信复〔2024〕5号",
        "孙某某：",
        "本机关于2024.3.5收到您提出的政府信息公开申请，要求公开“集贤县2022年事业单位公开招聘"
        "考试成绩及体检名单”。经研究，现答复如下：",
        "经查，您于2023年11月20日已就同一内容向本机关提出过政府信息公开申请，本机关已于2023年"
        "12月8日作出答复（集人社信复〔2023〕21号）。您本次申请属于重复申请，根据《中华人民共和国"
        "政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。",
        "如您对本答复不服，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，或者自"
        "收到本答复书之日起6个月内向人民法院提起行政诉讼。",
        "集贤县人力资源和社会保障局",
        "2024年3月15日",
    ),
    NONE,
    "receipt written 2024.3.5; earlier dates of the first application in the body",
    issuer="集贤县人力资源和社会保障局",
    number="集人社信复〔2024〕5号",
    applicant="孙某某",
    date="2024-03-15",
    received="2024-03-05",
    days=8,
    within=True,
    outcome="duplicate_request",
    legal_basis=[prov(36, item=6)],
    body="集贤县人民政府",
)

_add_reply(
    "r08_not_government_info_complaint",
    "pdf",
    _letter(
        "友谊县市场监督管理局",
        "政府信息公开申请处理意见告知书",
        "友市监公开告〔2022〕9号",
        "周某某：",
        "本机关于2022年8月15日收到您提交的《政府信息公开申请表》。您在申请中反映友谊县某超市"
        "销售过期食品的问题，要求本机关对该超市进行查处并公开处理结果。",
        "经审查，您的申请实质是投诉举报，根据《中华人民共和国政府信息公开条例》第三十九条第一款的"
        "规定，本机关不作为政府信息公开申请处理，已将您反映的问题转交本机关执法稽查股按照投诉举报"
        "程序办理，办理结果将另行告知。",
        "如您对本告知不服，可以在收到本告知书之日起60日内向友谊县人民政府申请行政复议，或者在"
        "6个月内依法向人民法院提起行政诉讼。",
        "友谊县市场监督管理局",
        "2022年9月2日",
    ),
    NONE,
    "第三十九条第一款: a complaint filed as an application",
    issuer="友谊县市场监督管理局",
    number="友市监公开告〔2022〕9号",
    applicant="周某某",
    date="2022-09-02",
    received="2022-08-15",
    days=14,
    within=True,
    outcome="not_government_info",
    legal_basis=[prov(39, clause=1)],
    body="友谊县人民政府",
)

_add_reply(
    "r09_supplement_request",
    "docx",
    _letter(
        "集贤县住房和城乡建设局",
        "政府信息公开申请补正告知书",
        "集住建补正〔2024〕2号",
        "吴某某：",
        "本机关于2024年6月3日收到您提出的政府信息公开申请。经审查，您的申请内容为“集贤县所有"
        "小区的全部资料”，所需信息的名称、文号或者便于本机关查询的其他特征性描述不明确。",
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您在收到本告知书之日起15个工作日"
        "内对申请内容作出补正，明确所需政府信息的名称、文号或者其他特征性描述。答复期限自本机关"
        "收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息"
        "公开申请。",
        "如您对本告知书不服，可以在收到本告知书之日起60日内向集贤县人民政府申请行政复议，或者在"
        "6个月内依法向人民法院提起行政诉讼。",
        "集贤县住房和城乡建设局",
        "2024年6月7日",
    ),
    NONE,
    "补正告知书 (第三十条)",
    issuer="集贤县住房和城乡建设局",
    number="集住建补正〔2024〕2号",
    applicant="吴某某",
    date="2024-06-07",
    received="2024-06-03",
    days=4,
    within=True,
    outcome="supplement_requested",
    legal_basis=[prov(30)],
    body="集贤县人民政府",
)

_add_reply(
    "r10_after_supplement_counts_from_corrected_receipt",
    "pdf",
    _letter(
        "集贤县住房和城乡建设局",
        "政府信息公开申请答复书",
        "集住建信复〔2024〕9号",
        "吴某某：",
        "本机关于2024年6月3日收到您提出的政府信息公开申请，因申请内容不明确，本机关于2024年6月"
        "7日向您出具了《政府信息公开申请补正告知书》（集住建补正〔2024〕2号）。本机关于2024年6月"
        "12日收到您补正后的申请，您要求公开“集贤县福利镇幸福家园小区的竣工验收备案表”。经研究，"
        "现答复如下：",
        "经检索，您申请公开的信息由本机关制作并保存，属于可以公开的政府信息。根据《中华人民共和国"
        "政府信息公开条例》第三十六条第（二）项的规定，现将该小区竣工验收备案表复印件随本答复书"
        "一并提供给您。",
        _remedy("集贤县人民政府"),
        "集贤县住房和城乡建设局",
        "2024年7月10日",
    ),
    NONE,
    "received = date the corrected application arrived (6-12): 20 days; from 6-3 it would be 26",
    issuer="集贤县住房和城乡建设局",
    number="集住建信复〔2024〕9号",
    applicant="吴某某",
    date="2024-07-10",
    received="2024-06-12",
    days=20,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="集贤县人民政府",
)

_add_reply(
    "r11_extension_notice_national_day_2024",
    "docx",
    _letter(
        "双鸭山市自然资源局",
        "政府信息公开延期答复告知书",
        "双自然资延复〔2024〕3号",
        "郑某某：",
        "本机关于2024年9月23日收到您提出的政府信息公开申请，要求公开“双鸭山市2020年至2023年"
        "全部国有建设用地使用权出让合同”。",
        "因您申请的信息数量较大，涉及年份较多，需要调取档案并逐件审核，本机关无法在规定期限内作出"
        "答复。经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十"
        "三条第二款的规定，答复期限延长20个工作日，本机关将在延长期限内作出答复。",
        "特此告知。",
        "双鸭山市自然资源局",
        "2024年10月18日",
        header="双鸭山市自然资源局依申请公开文书",
    ),
    NONE,
    "pure extension notice: outcome other, no remedy needed; 国庆 2024 (9-29, 10-12 worked)",
    issuer="双鸭山市自然资源局",
    number="双自然资延复〔2024〕3号",
    applicant="郑某某",
    date="2024-10-18",
    received="2024-09-23",
    days=16,
    within=True,
    extension=True,
    outcome="other",
    legal_basis=[prov(33, clause=2)],
    recon=False,
    litig=False,
    recon_days=None,
    lit_months=None,
)

_add_reply(
    "r12_reply_after_extension_doubled_deadline",
    "pdf",
    _letter(
        "双鸭山市自然资源局",
        "政府信息公开申请答复书",
        "双自然资信复〔2024〕28号",
        "郑某某：",
        "本机关于2024年9月23日收到您提出的政府信息公开申请，要求公开“双鸭山市2020年至2023年"
        "全部国有建设用地使用权出让合同”。经本机关政府信息公开工作机构负责人同意，本机关已于"
        "2024年10月18日向您送达《政府信息公开延期答复告知书》，答复期限延长20个工作日。经研究，"
        "现答复如下：",
        "经检索，上述出让合同共计147份，均由本机关制作并保存。根据《中华人民共和国政府信息公开"
        "条例》第三十六条第（二）项的规定，现将合同电子文本刻录光盘随本答复书一并提供给您。",
        _remedy("双鸭山市人民政府"),
        "双鸭山市自然资源局",
        "2024年11月7日",
    ),
    NONE,
    "30 working days, within the doubled 40",
    issuer="双鸭山市自然资源局",
    number="双自然资信复〔2024〕28号",
    applicant="郑某某",
    date="2024-11-07",
    received="2024-09-23",
    days=30,
    within=True,
    extension=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="双鸭山市人民政府",
)

_add_reply(
    "r13_late_reply_2023",
    "docx",
    _letter(
        "宝清县住房和城乡建设局",
        "政府信息公开申请答复书",
        "宝住建信复〔2023〕12号",
        "马某某：",
        "本机关于2023年11月1日收到您提出的政府信息公开申请，要求公开“宝清县2023年城镇燃气管道"
        "老化更新改造项目资金安排情况”。经研究，现答复如下：",
        "经审查，您申请的信息属于本机关公开范围。根据《中华人民共和国政府信息公开条例》第三十六条"
        "第（二）项的规定，现将《宝清县2023年城镇燃气管道老化更新改造项目资金安排表》提供给您。",
        _remedy("宝清县人民政府"),
        "宝清县住房和城乡建设局",
        "2023年12月15日",
    ),
    frozenset({"late_reply"}),
    "32 working days, no extension",
    issuer="宝清县住房和城乡建设局",
    number="宝住建信复〔2023〕12号",
    applicant="马某某",
    date="2023-12-15",
    received="2023-11-01",
    days=32,
    within=False,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="宝清县人民政府",
)

_add_reply(
    "r14_signed_for_on_saturday_not_sent_date",
    "pdf",
    _letter(
        "集贤县交通运输局",
        "政府信息公开申请答复书",
        "集交信复〔2024〕6号",
        "黄某某：",
        "您于2024年5月15日通过中国邮政特快专递（EMS）寄出的政府信息公开申请，本机关于2024年5月"
        "18日签收。您申请公开“集贤县2023年农村公路养护工程的招投标信息及验收报告”。经研究，现答复"
        "如下：",
        "经检索，上述信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条第"
        "（二）项的规定，现将招标公告、中标结果公示及交工验收报告复印件邮寄给您。",
        _remedy("集贤县人民政府"),
        "集贤县交通运输局",
        "2024年6月17日",
    ),
    NONE,
    "received = 签收 2024-05-18 (a Saturday): 20 days; from the sent date it would be 22",
    issuer="集贤县交通运输局",
    number="集交信复〔2024〕6号",
    applicant="黄某某",
    date="2024-06-17",
    received="2024-05-18",
    days=20,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="集贤县人民政府",
)

_add_reply(
    "r15_online_application_confirmed_date",
    "docx",
    _letter(
        "友谊县卫生健康局",
        "政府信息公开申请答复书",
        "友卫健信复〔2024〕4号",
        "冯某某：",
        "您于2024年7月12日通过友谊县人民政府门户网站“依申请公开”平台在线提交政府信息公开申请，"
        "本机关于2024年7月15日与您电话确认了申请内容，以确认之日作为收到申请之日。您申请公开"
        "“友谊县2023年基本公共卫生服务项目资金分配明细”。经研究，现答复如下：",
        "经检索，该信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条第"
        "（二）项的规定，现将《友谊县2023年基本公共卫生服务项目资金分配明细表》提供给您。",
        _remedy("友谊县人民政府"),
        "友谊县卫生健康局",
        "2024年8月12日",
    ),
    NONE,
    "互联网申请: received = 确认 date 7-15: 20 days; from the submission date it would be 21",
    issuer="友谊县卫生健康局",
    number="友卫健信复〔2024〕4号",
    applicant="冯某某",
    date="2024-08-12",
    received="2024-07-15",
    days=20,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="友谊县人民政府",
)

_add_reply(
    "r16_2018_fifteen_day_deadline_late",
    "pdf",
    _letter(
        "双鸭山市国土资源局",
        "政府信息公开申请答复书",
        "双国土资信复〔2018〕9号",
        "韩某某：",
        "本机关于2018年4月2日收到您提出的政府信息公开申请，申请获取“双鸭山市2017年度土地征收"
        "成片开发批复文件”。经研究，现答复如下：",
        "经审查，您申请获取的信息属于公开范围。根据《中华人民共和国政府信息公开条例》第二十一条"
        "第（一）项的规定，现将该批复文件复印件提供给您。",
        "如您对本答复不服，可以在收到本答复书之日起60日内向双鸭山市人民政府或者黑龙江省国土资源厅"
        "申请行政复议，也可以在6个月内向人民法院提起行政诉讼。",
        "双鸭山市国土资源局",
        "2018年4月26日",
    ),
    frozenset({"late_reply"}),
    "2007 条例 in force: 15-day deadline, 17 taken (清明 2018); 第二十一条 is not repealed yet",
    issuer="双鸭山市国土资源局",
    number="双国土资信复〔2018〕9号",
    applicant="韩某某",
    date="2018-04-26",
    received="2018-04-02",
    days=17,
    within=False,
    outcome="disclosed",
    legal_basis=[prov(21, item=1)],
    body="双鸭山市人民政府或者黑龙江省国土资源厅",
)

_add_reply(
    "r17_2020_old_template_repealed_article_three_months",
    "pdf",
    _letter(
        "宝清县民政局",
        "政府信息公开申请答复书",
        "宝民信复〔2020〕3号",
        "杨某某：",
        "本机关于2020年8月3日收到您提出的政府信息公开申请，要求获取“宝清县2019年度城乡低保资金"
        "发放汇总表”。经研究，现答复如下：",
        "您申请获取的信息属于公开范围。根据《中华人民共和国政府信息公开条例》第二十一条第（一）项的"
        "规定，现将《宝清县2019年度城乡低保资金发放汇总表》提供给您。",
        "如对本答复不服，可以在收到本答复书之日起60日内向宝清县人民政府或者双鸭山市民政局申请行政"
        "复议，或者在3个月内向人民法院提起行政诉讼。",
        "宝清县民政局",
        "2020年8月21日",
    ),
    frozenset({"cites_repealed_provision", "remedy_litigation_period_outdated"}),
    "2007 numbering and a 3-month 诉讼 limit in a 2020 reply",
    issuer="宝清县民政局",
    number="宝民信复〔2020〕3号",
    applicant="杨某某",
    date="2020-08-21",
    received="2020-08-03",
    days=14,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(21, item=1)],
    lit_months=3,
    body="宝清县人民政府或者双鸭山市民政局",
)

_add_reply(
    "r18_article_14_alone_and_tiaoli_abbreviation",
    "docx",
    _letter(
        "友谊县应急管理局",
        "政府信息公开申请答复书",
        "友应急信复〔2021〕2号",
        "褚某某：",
        "本机关于2021年4月12日收到您提出的政府信息公开申请，申请获取“友谊县危险化学品重大危险源"
        "分布图及应急处置预案（涉密版）”。经研究，现答复如下：",
        "经审查，您申请获取的信息已被依法确定为国家秘密。根据《中华人民共和国政府信息公开条例》"
        "（以下简称《条例》）第十四条的规定，依法确定为国家秘密的政府信息不予公开。依据《条例》"
        "第三十六条第（三）项的规定，本机关决定不予公开，特此告知。",
        _remedy("友谊县人民政府"),
        "友谊县应急管理局",
        "2021年4月29日",
    ),
    NONE,
    "第十四条 exists in both versions: no cites_repealed_provision; 《条例》 resolved",
    issuer="友谊县应急管理局",
    number="友应急信复〔2021〕2号",
    applicant="褚某某",
    date="2021-04-29",
    received="2021-04-12",
    days=14,
    within=True,
    outcome="not_disclosed",
    legal_basis=[prov(14), prov(36, item=3)],
    body="友谊县人民政府",
)

_add_reply(
    "r19_missing_received_date",
    "pdf",
    _letter(
        "尖山区教育局",
        "政府信息公开申请答复书",
        "尖教信复〔2024〕3号",
        "卫某某：",
        "您提出的政府信息公开申请收悉。您申请公开“尖山区2015年中小学校舍安全工程专项资金审计报告”。"
        "经研究，现答复如下：",
        "经本机关对档案室及财务、基建等股室进行检索，未发现您所申请的审计报告。根据《中华人民共和国"
        "政府信息公开条例》第三十六条第（四）项的规定，告知您该政府信息不存在。",
        _remedy("尖山区人民政府"),
        "尖山区教育局",
        "2024年8月30日",
    ),
    frozenset({"missing_received_date"}),
    "收悉 without a date: within_deadline is null, no late_reply",
    issuer="尖山区教育局",
    number="尖教信复〔2024〕3号",
    applicant="卫某某",
    date="2024-08-30",
    received=None,
    days=None,
    within=None,
    outcome="not_exist",
    legal_basis=[prov(36, item=4)],
    body="尖山区人民政府",
)

_add_reply(
    "r20_no_legal_basis_litigation_only",
    "docx",
    _letter(
        "友谊县财政局",
        "政府信息公开申请答复书",
        "友财信复〔2022〕6号",
        "蒋某某：",
        "本机关于2022年11月7日收到您提出的政府信息公开申请，要求公开“友谊县2021年度一般公共预算"
        "执行情况”。经研究，现答复如下：",
        "您申请的信息已在友谊县人民政府门户网站“财政预决算”专栏主动公开，您可登录该网站自行查阅，"
        "或到友谊县政务服务中心政府信息公开查阅点查阅。",
        "如对本答复不服，可以在6个月内依法向人民法院提起行政诉讼。",
        "友谊县财政局",
        "2022年11月25日",
    ),
    frozenset({"missing_legal_basis", "remedy_one_channel"}),
    "no provision cited at all; 诉讼 only",
    issuer="友谊县财政局",
    number="友财信复〔2022〕6号",
    applicant="蒋某某",
    date="2022-11-25",
    received="2022-11-07",
    days=14,
    within=True,
    outcome="already_public",
    legal_basis=[],
    recon=False,
    recon_days=None,
    body=None,
)

_add_reply(
    "r21_missing_remedy",
    "pdf",
    _letter(
        "饶河县自然资源局",
        "政府信息公开申请答复书",
        "饶自然资信复〔2023〕8号",
        "沈某某：",
        "本机关于2023年5月8日收到您提出的政府信息公开申请，要求公开“饶河县饶河镇2022年国有土地上"
        "房屋征收补偿方案”。经研究，现答复如下：",
        "经检索，该信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条第（二）"
        "项的规定，现将《饶河镇2022年国有土地上房屋征收补偿方案》提供给您。",
        "特此答复。",
        "饶河县自然资源局",
        "2023年5月26日",
    ),
    frozenset({"missing_remedy"}),
    "neither 复议 nor 诉讼 offered",
    issuer="饶河县自然资源局",
    number="饶自然资信复〔2023〕8号",
    applicant="沈某某",
    date="2023-05-26",
    received="2023-05-08",
    days=14,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    recon=False,
    litig=False,
    recon_days=None,
    lit_months=None,
)

_add_reply(
    "r22_2024_department_names_upper_department_court_named",
    "docx",
    _letter(
        "友谊县自然资源局",
        "政府信息公开申请答复书",
        "友自然资信复〔2024〕5号",
        "韦某某：",
        "本机关于2024年4月15日收到您提出的政府信息公开申请，要求公开“友谊县凤岗镇2023年度农村"
        "集体土地征收的征地批复及补偿安置方案”。经研究，现答复如下：",
        "经检索，上述信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条第"
        "（二）项的规定，现将征地批复及补偿安置方案复印件提供给您。",
        "如您对本答复不服，可以在收到本答复书之日起60日内向双鸭山市自然资源局申请行政复议，或者在"
        "6个月内向双鸭山市尖山区人民法院提起行政诉讼。",
        "友谊县自然资源局",
        "2024年5月9日",
    ),
    frozenset({"remedy_wrong_reconsideration_body"}),
    "2023 复议法 第二十四条: a county department's 复议机关 is the county government; 劳动节 2024",
    issuer="友谊县自然资源局",
    number="友自然资信复〔2024〕5号",
    applicant="韦某某",
    date="2024-05-09",
    received="2024-04-15",
    days=16,
    within=True,
    outcome="disclosed",
    legal_basis=[prov(36, item=2)],
    body="双鸭山市自然资源局",
    court="双鸭山市尖山区人民法院",
)

_add_reply(
    "r23_2024_tax_bureau_names_upper_bureau",
    "pdf",
    _letter(
        "国家税务总局集贤县税务局",
        "政府信息公开申请答复书",
        "集税信复〔2024〕2号",
        "秦某某：",
        "本机关于2024年3月18日收到您提出的政府信息公开申请，要求公开“集贤县2023年度重大税收违法"
        "失信主体名单”。经研究，现答复如下：",
        "您申请的信息已在国家税务总局黑龙江省税务局网站“重大税收违法失信主体信息公布”栏目主动公开。"
        "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，告知您获取途径：登录该"
        "网站相应栏目查询。",
        _remedy("国家税务总局双鸭山市税务局"),
        "国家税务总局集贤县税务局",
        "2024年4月3日",
    ),
    NONE,
    "vertically managed (税务, 复议法 第二十七条): upper bureau is right",
    issuer="国家税务总局集贤县税务局",
    number="集税信复〔2024〕2号",
    applicant="秦某某",
    date="2024-04-03",
    received="2024-03-18",
    days=12,
    within=True,
    outcome="already_public",
    legal_basis=[prov(36, item=1)],
    body="国家税务总局双鸭山市税务局",
)


# --------------------------------------------------------------------------------------------
# Meeting minutes (4)
# --------------------------------------------------------------------------------------------

_M: list[Case] = [
    Case(
        "m01_standing_meeting_discusses_disclosure",
        "docx",
        "meeting_minutes",
        DocSpec(
            items=[
                "集贤县人民政府常务会议纪要",
                "〔2024〕第3期",
                "集贤县人民政府办公室                    2024年3月15日",
                "2024年3月12日，县长李明主持召开县政府2024年第3次常务会议，传达学习省、市有关会议"
                "精神，研究部署近期重点工作。现将会议议定事项纪要如下：",
                "一、审议并原则通过《集贤县2024年政务公开工作要点》。会议指出，做好政务公开工作是建设"
                "法治政府的重要内容。会议要求，县政府办公室要抓好工作要点的分解落实，各部门要严格落实"
                "政府信息公开条例，按时办理依申请公开事项，提升政府信息公开质量。",
                "二、研究春耕备耕工作。会议要求，县农业农村局要加强农资市场监管，做好种子、化肥储备"
                "调运，确保不误农时。",
                "三、研究城区供热收费问题。会议同意县住房和城乡建设局提出的供热收费方案，由县财政局"
                "做好资金保障。",
                "出席：李明、张志强、王海波、刘洪军",
                "列席：县政府办公室、县财政局、县农业农村局、县住房和城乡建设局负责同志",
                "记录：郭婷",
            ]
        ),
        {"meeting_date": "2024-03-12", "chair": "李明", "discusses_disclosure": True},
        note="issue date 3-15 in the header line, meeting date 3-12 in the body",
    ),
    Case(
        "m02_special_meeting_disclosure_office_only_attends",
        "pdf",
        "meeting_minutes",
        DocSpec(
            items=[
                "友谊县人民政府专题会议纪要",
                "第12期",
                "友谊县人民政府办公室  2024年6月20日",
                "2024年6月18日下午，副县长王立新在县政府三楼会议室主持召开全县安全生产和防汛工作专题"
                "会议，研究部署汛期安全生产工作。现纪要如下：",
                "一、关于汛前隐患排查。会议要求，县应急管理局牵头，6月底前完成对全县危险化学品企业、"
                "尾矿库和在建工地的隐患排查，建立问题清单，逐项销号。",
                "二、关于防汛物资储备。县水务局要对照防汛物资储备标准，补齐编织袋、救生衣、抽水泵等"
                "物资缺口，所需资金由县财政局据实保障。",
                "三、关于值班值守。汛期各单位严格执行24小时值班和领导带班制度，遇有险情第一时间报告。",
                "参会人员：王立新、县应急管理局局长孙海涛、县水务局局长李春雨、县住房和城乡建设局副局长"
                "周敏、县政务公开办主任刘佳、各乡镇分管负责同志。",
            ]
        ),
        {"meeting_date": "2024-06-18", "chair": "王立新", "discusses_disclosure": False},
        note="政务公开办 only in the attendee list",
    ),
    Case(
        "m03_bureau_meeting_record_table",
        "docx",
        "meeting_minutes",
        DocSpec(
            items=[
                "双鸭山市自然资源局局长办公会议记录",
                TableSpec(
                    rows=[
                        ["会议时间", "2024年4月18日上午9:00"],
                        ["会议地点", "局三楼会议室"],
                        ["主持人", "赵国强"],
                        ["参会人员", "赵国强、钱立新、孙红梅、李志刚，各科室负责人"],
                        ["记录人", "周丽"],
                        [
                            "会议议题",
                            "一、传达学习全市政务公开工作会议精神；二、研究部署本局2024年政务公开"
                            "重点工作；三、研究不动产登记窗口作风整顿工作",
                        ],
                    ]
                ),
                "会议内容：",
                "一、会议传达了全市政务公开工作会议精神。赵国强局长指出，要把政务公开工作纳入全局重点"
                "工作，办公室要牵头制定本局2024年政务公开工作实施方案，按期完成依申请公开答复，做好"
                "政策解读。",
                "二、会议研究了不动产登记窗口作风整顿工作，要求登记中心7月底前完成“一窗受理”改造。",
            ]
        ),
        {"meeting_date": "2024-04-18", "chair": "赵国强", "discusses_disclosure": True},
        note="record laid out as a table",
    ),
    Case(
        "m04_minutes_chinese_date_line_no_year_in_body",
        "pdf",
        "meeting_minutes",
        DocSpec(
            items=[
                "宝清县人民政府常务会议纪要",
                "（2023年第8次）",
                "二〇二三年七月十四日",
                "7月14日上午，县长孙德海主持召开县政府2023年第8次常务会议，研究秋粮生产、城区冬季供热"
                "准备等工作。会议纪要如下：",
                "一、关于秋粮生产。会议要求，各乡镇要抓好田间管理，防范早霜和病虫害，县农业农村局要组织"
                "农技人员深入田间指导。",
                "二、关于城区冬季供热准备。县住房和城乡建设局要督促供热企业9月底前完成管网检修和燃煤"
                "储备。各部门要及时报送政务信息，反映工作进展。",
                "出席：孙德海、杜文斌、高雪峰、于洪波",
                "列席：县农业农村局、县住房和城乡建设局、县财政局负责同志",
            ]
        ),
        {"meeting_date": "2023-07-14", "chair": "孙德海", "discusses_disclosure": False},
        note="date only in the 〇 line under the title; 政务信息 is not 政务公开",
    ),
]


# --------------------------------------------------------------------------------------------
# Training records (4)
# --------------------------------------------------------------------------------------------

_SIGNIN = [
    ["1", "县政府办公室", "刘晓燕", "信息员", "139****2101"],
    ["2", "县发展和改革局", "王建军", "副局长", "139****2102"],
    ["3", "县财政局", "张丽华", "办公室主任", "139****2103"],
    ["4", "县自然资源局", "李明辉", "信息员", "139****2104"],
    ["5", "县住房和城乡建设局", "赵志刚", "办公室主任", "139****2105"],
    ["6", "县交通运输局", "孙海燕", "信息员", "139****2106"],
    ["7", "县农业农村局", "周文博", "信息员", "139****2107"],
    ["8", "县卫生健康局", "吴佳琪", "办公室副主任", "139****2108"],
    ["9", "县人力资源和社会保障局", "郑国庆", "信息员", "139****2109"],
    ["10", "县市场监督管理局", "钱文静", "信息员", "139****2110"],
    ["11", "福利镇人民政府", "冯建华", "党政办主任", "139****2111"],
    ["12", "集贤镇人民政府", "陈思远", "信息员", "139****2112"],
]

_T: list[Case] = [
    Case(
        "t01_news_report_about_130",
        "pdf",
        "training_record",
        DocSpec(
            items=[
                "友谊县举办2024年政务公开业务培训会",
                "发布时间：2024-08-27    来源：友谊县人民政府办公室",
                "2024年8月26日，友谊县举办全县政务公开业务培训会。县政府办公室副主任张宏伟出席会议"
                "并讲话，县政务公开办主任刘佳主持培训会。各乡镇、县直各部门政务公开工作分管领导和信息员"
                "共130余人参加培训。",
                "培训会邀请市政务公开办业务骨干授课，围绕《中华人民共和国政府信息公开条例》解读、依申请"
                "公开办理流程、政府网站信息发布审核、基层政务公开标准化规范化建设等内容进行了系统讲解，"
                "并结合2023年度政务公开考核中发现的问题进行了案例剖析。",
                "张宏伟强调，各单位要进一步提高思想认识，配齐配强工作力量，以公开促落实、促规范、促服务，"
                "推动全县政务公开工作再上新台阶。",
            ]
        ),
        {"training_date": "2024-08-26", "participant_count": 130, "covers_disclosure": True},
        note="共130余人 → 130; publication date differs from the training date",
    ),
    Case(
        "t02_sign_in_table_without_total",
        "docx",
        "training_record",
        DocSpec(
            items=[
                "集贤县政府信息公开工作业务培训签到表",
                "培训时间：2024年5月22日下午2:30",
                "培训地点：县政府四楼会议室",
                "培训内容：政府信息公开申请办理与答复规范",
                TableSpec(rows=[["序号", "单位", "姓名", "职务", "联系电话"], *_SIGNIN]),
            ]
        ),
        {"training_date": "2024-05-22", "participant_count": 12, "covers_disclosure": True},
        note="no total written: count the 12 sign-in rows",
    ),
    Case(
        "t03_government_information_writing_only",
        "docx",
        "training_record",
        DocSpec(
            items=[
                "双鸭山市自然资源局政务信息写作培训记录",
                "培训时间：2024年6月14日",
                "培训地点：局五楼会议室",
                "主讲人：市委办公室信息科 陈晓东",
                "参加人员：局机关各科室及直属单位信息员，共45人。",
                "培训内容：",
                "一、政务信息的选题与素材收集。结合自然资源工作实际，讲解如何从日常业务中发现有价值的"
                "信息素材。",
                "二、政务信息报送的时效性和准确性要求。重要情况须在事发后2小时内首报，严禁迟报、漏报。",
                "三、常见公文写作问题及修改示例。",
            ]
        ),
        {"training_date": "2024-06-14", "participant_count": 45, "covers_disclosure": False},
        note="政务信息 alone is not 政务公开",
    ),
    Case(
        "t04_training_notice_future_date",
        "pdf",
        "training_record",
        _letter(
            "集贤县人民政府办公室",
            "关于举办2024年全县政务公开业务培训班的通知",
            "集政办函〔2024〕31号",
            "各乡镇人民政府，县政府各部门、各直属单位：",
            "为进一步提升全县政务公开工作人员业务能力，经县政府同意，定于2024年10月17日（星期四）"
            "举办全县政务公开业务培训班。现将有关事项通知如下：",
            "一、培训时间和地点：2024年10月17日上午9:00，县政府四楼会议室。",
            "二、培训内容：《中华人民共和国政府信息公开条例》重点条款解读、依申请公开答复规范、政策"
            "解读与回应关切。",
            "三、参训人员：各单位分管政务公开工作的负责同志和信息员各1名。",
            "四、有关要求：请各单位于10月15日前将参训人员名单报县政务公开办。",
            "集贤县人民政府办公室",
            "2024年10月8日",
        ),
        {
            "scheduled_date": "2024-10-17",
            "covers_disclosure": True,
            "issuer": "集贤县人民政府办公室",
            "document_number": "集政办函〔2024〕31号",
            "document_date": "2024-10-08",
        },
        absent=("participant_count", "training_date"),
        note=(
            "a notice: its 定于 date is a scheduled_date, not a training_date (issue 8: no "
            "evidence the training was held); nobody has attended yet"
        ),
    ),
]


# --------------------------------------------------------------------------------------------
# Plans and the annual report (3)
# --------------------------------------------------------------------------------------------

_P: list[Case] = [
    Case(
        "p01_work_plan_with_cover_notice",
        "docx",
        "work_plan",
        DocSpec(
            items=[
                "友谊县人民政府办公室",
                "关于印发友谊县2024年政务公开工作要点的通知",
                "友政办发〔2024〕6号",
                "各乡镇人民政府，县政府各部门：",
                "现将《友谊县2024年政务公开工作要点》印发给你们，请认真贯彻落实。",
                "友谊县人民政府办公室",
                "2024年3月28日",
                "友谊县2024年政务公开工作要点",
                "2024年全县政务公开工作要坚持以人民为中心，围绕县委、县政府中心工作，进一步提升政务公开"
                "质量和实效。",
                "一、加强政策发布解读。重大政策出台时同步发布解读材料，解读率达到100%。",
                "二、规范依申请公开办理。严格按照法定时限答复，答复文书要素齐全、依据准确。",
                "三、加强平台建设。优化政府门户网站政府信息公开专栏，做好政务新媒体管理。",
                "四、强化组织保障。各单位明确分管领导和专职人员，年内至少组织一次业务培训。",
            ],
            right_aligned=frozenset({5, 6}),
        ),
        {
            "year": 2024,
            "document_number": "友政办发〔2024〕6号",
            "issuer": "友谊县人民政府办公室",
            "document_date": "2024-03-28",
        },
        note="cover notice's sign-off in the middle, plan body after it",
    ),
    Case(
        "p02_implementation_plan",
        "pdf",
        "implementation_plan",
        _letter(
            "双鸭山市自然资源局",
            "双自然资发〔2024〕15号",
            "双鸭山市自然资源局2024年政务公开工作实施方案",
            "为认真落实《双鸭山市2024年政务公开工作要点》（双政办发〔2024〕9号）要求，结合我局实际，"
            "制定本实施方案。",
            "一、工作目标。全面落实决策、执行、管理、服务、结果“五公开”，自然资源领域重点信息公开"
            "率达到100%。",
            "二、主要任务。（一）做好国土空间规划、土地征收、矿业权出让等重点领域信息公开；（二）规范"
            "依申请公开办理，确保在法定期限内答复；（三）加强政策解读，重要政策文件同步解读。",
            "三、责任分工。办公室负责统筹协调，各业务科室负责本领域信息的公开和解读。",
            "四、保障措施。将政务公开工作纳入年度绩效考核，每季度通报一次工作进展。",
            "双鸭山市自然资源局",
            "2024年4月25日",
        ),
        {
            "year": 2024,
            "document_number": "双自然资发〔2024〕15号",
            "issuer": "双鸭山市自然资源局",
            "document_date": "2024-04-25",
        },
        note="cites the city's 工作要点 and its 文号",
    ),
    Case(
        "p03_annual_report_2023",
        "pdf",
        "annual_report",
        DocSpec(
            items=[
                "集贤县人民政府2023年政府信息公开工作年度报告",
                "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府"
                "信息与政务公开办公室关于印发〈中华人民共和国政府信息公开条例〉实施后有关政府信息公开"
                "工作年度报告格式的通知》（国办公开办函〔2021〕30号）要求编制。本报告所列数据统计期限"
                "自2023年1月1日起至2023年12月31日止。",
                "一、总体情况",
                "2023年，集贤县人民政府深入贯彻落实《条例》，围绕县委、县政府中心工作，全面推进决策、"
                "执行、管理、服务、结果公开，全年主动公开政府信息1862条。",
                "三、收到和处理政府信息公开申请情况",
                TableSpec(
                    rows=[
                        ["项目", "自然人", "法人或其他组织", "总计"],
                        ["一、本年新收政府信息公开申请数量", "23", "4", "27"],
                        ["二、上年结转政府信息公开申请数量", "1", "0", "1"],
                        ["三、本年度办理结果（一）予以公开", "12", "2", "14"],
                        ["四、结转下年度继续办理", "2", "0", "2"],
                    ]
                ),
                "五、存在的主要问题及改进情况",
                "一是依申请公开答复文书规范性有待提升；二是政策解读形式较为单一。2024年将加强业务培训，"
                "推行答复文书合法性审查。",
            ]
        ),
        {"year": 2023},
        absent=("document_number",),
        note="the report has no 文号 of its own (国办公开办函〔2021〕30号 is cited)",
    ),
]


# --------------------------------------------------------------------------------------------
# One of each remaining type (6)
# --------------------------------------------------------------------------------------------

_COLUMN = [
    ("202405/t20240520_1", "集贤县人民政府关于印发2024年政务公开工作要点的通知", "2024-05-20"),
    ("202404/t20240412_2", "集贤县人民政府办公室关于做好春季农业生产工作的通知", "2024-04-12"),
    ("202403/t20240328_3", "集贤县城镇老旧小区改造实施方案", "2024-03-28"),
    ("202402/t20240226_4", "集贤县2023年政府信息公开工作年度报告", "2024-02-26"),
]
_HTML = (
    """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>法定主动公开内容_政府信息公开_集贤县人民政府</title></head>
<body>
<div class="header">集贤县人民政府</div>
<div class="nav">首页 &gt; 政府信息公开 &gt; 法定主动公开内容 &gt; 政策文件</div>
<div class="column">
<h2>政策文件</h2>
<ul>
"""
    + "".join(
        f'<li><a href="/xxgk/zcwj/{href}.html">{title}</a><span>{day}</span></li>\n'
        for href, title, day in _COLUMN
    )
    + """</ul>
<div class="pager">共 4 条  第 1 页</div>
</div>
<div class="footer">主办：集贤县人民政府办公室  网站标识码：2305210001</div>
</body></html>
"""
)

_O: list[Case] = [
    Case(
        "o01_leader_instruction",
        "docx",
        "leader_instruction",
        DocSpec(
            items=[
                "集贤县人民政府领导批示件",
                TableSpec(
                    rows=[
                        ["来文单位", "集贤县政务公开办"],
                        ["文件标题", "关于2023年度全市政务公开考核结果的报告"],
                        [
                            "领导批示",
                            "请县政府办牵头，对照考核扣分项逐项整改，确保今年政务公开工作进入全市前列。"
                            "李明  2024年2月26日",
                        ],
                        ["办理结果", "已按批示要求制定整改清单，3月底前完成整改。"],
                    ]
                ),
            ]
        ),
        note="批示件 laid out as a table",
    ),
    Case(
        "o02_policy_interpretation",
        "pdf",
        "policy_interpretation",
        DocSpec(
            items=[
                "《双鸭山市城镇老旧小区改造实施方案》政策解读",
                "一、出台背景",
                "为贯彻落实国家和省关于全面推进城镇老旧小区改造工作的部署，改善居民居住条件，市住房和"
                "城乡建设局牵头起草了《双鸭山市城镇老旧小区改造实施方案》，经市政府常务会议审议通过。",
                "二、主要内容",
                "方案明确了改造范围为2000年底前建成的城镇老旧小区，改造内容分为基础类、完善类、提升类"
                "三类，并对资金筹措、居民参与和长效管理作出规定。",
                "三、解读机关及联系方式",
                "解读机关：双鸭山市住房和城乡建设局  联系电话：0469-4223456",
            ]
        ),
        note="title contains 实施方案 but the document is the 解读",
    ),
    Case(
        "o03_system_document_procedure",
        "docx",
        "system_document",
        DocSpec(
            items=[
                "集贤县人民政府办公室",
                "集政办规〔2023〕2号",
                "集贤县政府信息公开依申请公开工作规程",
                "第一条 为规范依申请公开工作，保障公民、法人和其他组织依法获取政府信息，根据"
                "《中华人民共和国政府信息公开条例》，制定本规程。",
                "第二条 县政府各部门收到政府信息公开申请后，应当登记申请人、申请内容、收到日期"
                "等信息。",
                "第三条 申请内容不明确的，应当在收到申请之日起7个工作日内一次性告知申请人补正。",
                "第四条 能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起"
                "20个工作日内予以答复。",
                "第五条 答复书应当载明答复依据、救济途径和期限。",
                "第六条 本规程自印发之日起施行。",
            ]
        ),
        {"document_number": "集政办规〔2023〕2号"},
        note="a 规程 full of reply-letter vocabulary",
    ),
    Case(
        "o04_press_conference_transcript",
        "pdf",
        "press_conference",
        DocSpec(
            items=[
                "双鸭山市2024年优化营商环境工作新闻发布会实录",
                "时间：2024年5月16日上午10:00",
                "地点：市政府新闻发布厅",
                "主持人：市政府新闻办副主任 王磊",
                "王磊：各位记者朋友，大家上午好！欢迎出席今天的新闻发布会。今天我们邀请到市营商环境建设"
                "监督局局长刘建国，介绍我市2024年优化营商环境工作有关情况，并回答记者提问。",
                "刘建国：今年以来，我市围绕“高效办成一件事”，推出企业开办、不动产登记等12个一件事"
                "集成服务，平均办理时限压缩60%以上。",
                "双鸭山日报记者：请问在降低企业制度性交易成本方面有哪些举措？",
                "刘建国：一是全面推行惠企政策“免申即享”；二是开展涉企收费专项清理……",
                "王磊：今天的新闻发布会到此结束，谢谢大家！",
            ]
        ),
        note="新闻发布会实录",
    ),
    Case(
        "o05_website_column_page",
        "html",
        "website_snapshot",
        _HTML,
        note="saved HTML of a 政府信息公开 column list",
    ),
    Case(
        "o06_other_procurement_notice",
        "docx",
        "other",
        DocSpec(
            items=[
                "集贤县2024年度防汛物资采购项目询价公告",
                "项目编号：JXCG-2024-017",
                "一、采购内容：编织袋20000条、救生衣300件、抽水泵10台。",
                "二、供应商资格要求：具有独立承担民事责任的能力，近三年无重大违法记录。",
                "三、报价截止时间：2024年6月3日17:00。",
                "四、联系方式：集贤县水务局 联系人：孙先生 电话：0469-5023456",
                "集贤县水务局",
                "2024年5月27日",
            ],
            right_aligned=frozenset({6, 7}),
        ),
        {"issuer": "集贤县水务局", "document_date": "2024-05-27"},
        note="nothing of the assessment",
    ),
]

CASES: tuple[Case, ...] = (*_R, *_M, *_T, *_P, *_O)

assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"
