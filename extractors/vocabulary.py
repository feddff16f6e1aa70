"""The output contract's vocabulary, in one place: a leaf module (imports nothing of kaohe).

Extractors emit these values, scoring reads them, the faces print their Chinese labels. The
values are a public interface (``../shared/spec/extraction-output.md``, restated in
``docs/output-contract.md``): add values freely, never change the meaning of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ANNUAL_RESULT_KEYS",
    "ANNUAL_RESULT_ZH",
    "CORRECTING_DECISIONS",
    "DOC_TYPES",
    "DOC_TYPE_ZH",
    "FINAL_OUTCOMES",
    "FORMATS",
    "OUTCOMES",
    "OUTCOME_ZH",
    "PARSE_STATUSES",
    "PARSE_STATUS_ZH",
    "REPLY_FINDING_CODES",
    "REVIEW_DECISIONS",
    "REVIEW_DECISION_ZH",
    "REVIEW_GROUPS",
    "REVIEW_GROUP_ZH",
    "REVIEW_RESULT_KEYS",
    "REVIEW_RESULT_ZH",
]

#: ``format`` of a contract object, judged from the bytes.
FORMATS: tuple[str, ...] = ("docx", "pdf", "doc", "xlsx", "html", "txt", "image", "unknown")

#: ``status`` of a contract object.
PARSE_STATUSES: tuple[str, ...] = ("ok", "no_text", "error")
PARSE_STATUS_ZH: Mapping[str, str] = MappingProxyType(
    {"ok": "已读取", "no_text": "无文字层", "error": "读取失败", "pending": "尚未完成抽取"}
)

#: ``doc_type`` values, in the contract's order.
DOC_TYPES: tuple[str, ...] = (
    "reply_letter",
    "meeting_minutes",
    "training_record",
    "work_plan",
    "implementation_plan",
    "annual_report",
    "leader_instruction",
    "policy_interpretation",
    "system_document",
    "press_conference",
    "website_snapshot",
    "review_decision",
    "other",
)
DOC_TYPE_ZH: Mapping[str, str] = MappingProxyType(
    {
        "reply_letter": "答复书",
        "meeting_minutes": "会议纪要",
        "training_record": "培训记录",
        "work_plan": "工作要点",
        "implementation_plan": "实施方案",
        "annual_report": "年度报告",
        "leader_instruction": "领导批示",
        "policy_interpretation": "政策解读",
        "system_document": "制度文件",
        "press_conference": "新闻发布会记录",
        "website_snapshot": "网站截图",
        "review_decision": "复议决定书/判决书",
        "other": "其他材料",
    }
)

#: reply-letter ``outcome`` values, in the contract's order.
OUTCOMES: tuple[str, ...] = (
    "disclosed",
    "partially_disclosed",
    "not_disclosed",
    "not_exist",
    "not_our_jurisdiction",
    "already_public",
    "duplicate_request",
    "not_government_info",
    "supplement_requested",
    "other",
)
#: outcomes of a final reply; ``supplement_requested`` and ``other`` (补正、延期告知) are not
FINAL_OUTCOMES: tuple[str, ...] = OUTCOMES[:8]
OUTCOME_ZH: Mapping[str, str] = MappingProxyType(
    {
        "disclosed": "予以公开",
        "partially_disclosed": "部分公开",
        "not_disclosed": "不予公开",
        "not_exist": "信息不存在",
        "not_our_jurisdiction": "不属于本机关公开",
        "already_public": "已主动公开",
        "duplicate_request": "重复申请",
        "not_government_info": "不属于政府信息",
        "supplement_requested": "告知补正",
        "other": "其他（延期告知、特别程序等）",
    }
)

#: keys of the annual report's ``application_counts.results`` (表三 办理结果), template order
ANNUAL_RESULT_KEYS: tuple[str, ...] = (
    "disclosed",
    "partially_disclosed",
    "not_disclosed",
    "unable_to_provide",
    "not_processed",
    "other",
    "total",
)
ANNUAL_RESULT_ZH: Mapping[str, str] = MappingProxyType(
    {
        "disclosed": "（一）予以公开",
        "partially_disclosed": "（二）部分公开",
        "not_disclosed": "（三）不予公开",
        "unable_to_provide": "（四）无法提供",
        "not_processed": "（五）不予处理",
        "other": "（六）其他处理",
        "total": "（七）总计",
    }
)

#: groups of the annual report's ``review_litigation`` (表四)
REVIEW_GROUPS: tuple[str, ...] = (
    "reconsideration",
    "litigation_direct",
    "litigation_after_reconsideration",
)
REVIEW_GROUP_ZH: Mapping[str, str] = MappingProxyType(
    {
        "reconsideration": "行政复议",
        "litigation_direct": "行政诉讼（未经复议直接起诉）",
        "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
    }
)
#: the five columns of each 表四 group
REVIEW_RESULT_KEYS: tuple[str, ...] = ("maintained", "corrected", "other", "pending", "total")
REVIEW_RESULT_ZH: Mapping[str, str] = MappingProxyType(
    {
        "maintained": "结果维持",
        "corrected": "结果纠正",
        "other": "其他结果",
        "pending": "尚未审结",
        "total": "总计",
    }
)

#: reply-letter finding codes (contract v1, plus ``calendar_unknown``) a rubric may weigh
REPLY_FINDING_CODES: tuple[str, ...] = (
    "late_reply",
    "missing_received_date",
    "missing_legal_basis",
    "cites_repealed_provision",
    "missing_remedy",
    "remedy_one_channel",
    "remedy_litigation_period_outdated",
    "remedy_wrong_reconsideration_body",
    "calendar_unknown",
)

#: ``decision`` of a ``review_decision`` (行政复议决定书 / 行政判决书、裁定书), contract order
REVIEW_DECISIONS: tuple[str, ...] = (
    "maintained",
    "revoked",
    "confirmed_illegal",
    "ordered_to_act",
    "dismissed",
    "other",
)
REVIEW_DECISION_ZH: Mapping[str, str] = MappingProxyType(
    {
        "maintained": "维持",
        "revoked": "撤销",
        "confirmed_illegal": "确认违法",
        "ordered_to_act": "责令履行/重新答复",
        "dismissed": "驳回",
        "other": "其他",
    }
)
#: decisions that correct the reviewed act (被纠错: 撤销、确认违法、责令履行/重新答复)
CORRECTING_DECISIONS: tuple[str, ...] = ("revoked", "confirmed_illegal", "ordered_to_act")
