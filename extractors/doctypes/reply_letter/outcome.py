"""What the letter decided: its wording and the 条例 article it cites, tie-broken by OUTCOMES."""

from __future__ import annotations

import re

from extractors.doctypes.common import Unit, body_lines
from extractors.doctypes.reply_letter.clauses import Hit, clause_hit, mask_quotes, sentence_span
from extractors.doctypes.reply_letter.received import EXTENSION_TITLE, SUPPLEMENT_TITLE, TITLE_WORDS
from extractors.model import ParsedDocument
from extractors.text.citations import GZXX_TIAOLI, Citation
from extractors.vocabulary import OUTCOME_ZH

__all__ = ["OUTCOMES", "find_outcome"]


#: Outcome values of the contract, in the order used to break ties between wordings.
OUTCOMES = (
    "partially_disclosed",
    "not_government_info",
    "duplicate_request",
    "not_our_jurisdiction",
    "not_disclosed",
    "already_public",
    "not_exist",
    "disclosed",
    "other",
    "supplement_requested",
)


# -------------------------------------------------------------------------------- outcome

_W = dict[str, list[re.Pattern[str]]]
#: "该部分信息不予公开": partial only when something else is disclosed (else a refusal)
_PART_REFUSED = re.compile(r"部分(?:内容|信息)[^。；]{0,30}不予(?:以)?公开")
#: the outcome a title names ("政府信息不予公开告知书"): evidence like a cited item
#: the submission is no disclosure application at all ("非政府信息公开申请告知书"; "不符合…
#: 政府信息公开的申请要求，…不再按照…做出答复"): none of the reply types applies
_NOT_APPLICATION = re.compile(
    r"非政府信息公开申请|不(?:属于|是|构成)政府信息公开申请"
    r"|不符合[^。；]{0,40}(?:政府信息公开的?)?申请(?:的)?(?:要求|条件|形式)"
)
_TITLE_OUTCOMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", _NOT_APPLICATION),
    ("partially_disclosed", re.compile(r"部分公开")),
    ("not_government_info", re.compile(r"非[^告]{0,30}政府信息|不属于政府信息")),
    ("not_disclosed", re.compile(r"不予公开")),
    ("not_exist", re.compile(r"不存在")),
    ("not_our_jurisdiction", re.compile(r"不属于本")),
    ("duplicate_request", re.compile(r"重复申请")),
)
_WORDING: _W = {
    "partially_disclosed": [
        re.compile(p)
        for p in (
            r"部分公开",
            r"区分处理",
            _PART_REFUSED,
            r"(?:删除|隐去|遮盖|屏蔽|去除)[^。；]{0,30}后[^。；]{0,20}(?:公开|提供)",
            # "向您提供该政府信息中的××部分信息" (not "不予提供该部分信息")
            r"(?<!不)(?<!不予)(?<!无法)(?:提供|公开)[^。；，,]{0,30}中的[^。；，,]{0,20}部分(?:信息|内容)",
        )
    ],
    "not_government_info": [
        re.compile(p)
        for p in (
            r"不属于(?:《[^》]{1,20}》|条例)?(?:所称|所指|规定)?的?政府信息(?!公开)",
            r"不属于政府信息公开(?:申请)?的?(?:范围|范畴|事项)",
            r"非《[^》]{1,30}》所(?:指|称)的?政府信息",
            r"不(?:符合|属于)《[^》]{1,30}》第二条所(?:指|称|规定|定义)的?政府信息",
            r"不(?:作为|按)政府信息公开申请(?:处理|办理)",
            r"(?:属于|系|为)(?:信访|投诉|举报|咨询)",
            r"(?:信访|投诉|举报)(?:事项|诉求|类)",
            r"(?:咨询|询问)(?:类|性质)",
            r"(?:按照?|通过)信访(?:程序|渠道|途径)",
        )
    ],
    "duplicate_request": [re.compile(r"重复(?:申请|提出)"), re.compile(r"不予重复处理")],
    "not_our_jurisdiction": [
        re.compile(p)
        for p in (
            r"不属于本(?:机关|单位|局|部门|委|办|院|行政机关)[^。；，]{0,12}"
            r"(?:负责公开|公开(?:的)?(?:范围|职责)|职责|职权)",
            r"(?:建议|请)(?:您)?(?:直接)?向[^。；]{1,40}(?:咨询|申请|提出|联系|了解|查询|获取)",
            r"由[^。；，]{1,30}负责公开",
            r"(?:非|不是)本(?:机关|单位)(?:制作|保存|负责)",
        )
    ],
    "not_disclosed": [
        re.compile(p)
        for p in (
            r"不予(?:以)?公开",
            r"不(?:得|能|宜)公开",
            r"不予提供",
            r"不属于(?:可以|应当|依申请)?(?:予以)?公开(?:的)?(?:范围|内容|信息)",
            r"(?:不在|超出|超越)[^。；]{0,10}(?:可以|应当)?公开(?:的)?范围",
            r"属于不予公开(?:的)?(?:范围|情形)",
            r"免予公开",
            r"属于(?:国家秘密|商业秘密|个人隐私|内部事务信息|过程性信息|行政执法案卷)",
        )
    ],
    "already_public": [
        re.compile(p)
        for p in (
            r"已(?:经)?(?:予以)?主动公开",
            r"属于(?:本机关)?主动公开(?:的)?(?:范围|信息|政府信息)",
            r"已(?:在|于|通过|经)[^。；]{0,40}(?:网站|网|平台|公报|栏目|专栏|报纸|媒体)"
            r"[^。；]{0,20}(?:公开|公布|发布|刊登)",
            r"(?<!不)已(?:对外|向社会)?(?:公开|公布|发布)(?!告知)",
        )
    ],
    "not_exist": [
        re.compile(p)
        for p in (
            r"(?:信息|文件|资料|材料)(?:并|均)?不存在",
            r"经(?:检索|查询|查找|核查|查)[^。；]{0,40}?(?:没有|未|无)",
            r"(?:未|没有)(?:制作|获取|保存|形成|存有)",
            r"不掌握",
            r"查无",
            r"(?:未|没有)(?:检索|查询|查找|查)到",
            r"(?:无|没有)(?:相关|此类|该|上述|您申请的|您所申请的)(?:政府)?信息",
        )
    ],
    "disclosed": [
        re.compile(p)
        for p in (
            r"(?<!不)予以(?:公开|提供)",
            r"(?<!不)同意(?:公开|提供)",
            r"现(?:将|把|向您)[^。；，]{0,40}(?:提供给您|提供|附后|寄送给您|发送给您|邮寄给您)",
            r"(?:见|详见)附件",
            r"提供如下",
            r"(?<![不无])可以(?:予以)?公开(?!的?范围)",
            r"通过[^。；]{0,20}(?:形式|方式)提供",
            # "以信函邮寄的方式（或其他方式）向您提供"
            r"(?:以|通过)[^。；]{0,24}(?:形式|方式)[^。；，,]{0,8}(?<!不)(?<!不予)向您提供",
            r"(?<!不)属于(?:可以)?公开(?:的)?范围",
        )
    ],
}
# Weak wordings decide only when no substantive outcome is found.
_WEAK: _W = {
    "supplement_requested": [
        re.compile(p)
        for p in (
            r"请(?:您)?[^。；]{0,30}(?:补正|补充|更改|明确)",
            r"(?:予以|进行|作出|及时)补正",
            r"(?:内容|描述|表述)(?:不明确|不清楚|不具体)",
            r"逾期(?:未|不)补正",
        )
    ],
    "other": [
        re.compile(r"(?:依照|按照|依据)[^。；]{0,30}(?:法律、行政法规|有关法律)[^。；]{0,10}办理"),
        _NOT_APPLICATION,
    ],
}
#: wordings a partial disclosure is made of (what is given, what is refused, what is public)
_PARTIAL_PARTS = frozenset({"partially_disclosed", "disclosed", "not_disclosed", "already_public"})
#: a second route to what was provided: "也可到我单位网站查阅", "亦可通过…获取"
_ALSO = re.compile(r"(?:也|亦|还)可(?:以)?[^。；]{0,40}(?:查阅|查询|查看|获取|下载)")
_REMEDY_SENTENCE = re.compile(r"行政复议|行政诉讼|人民法院")

# 条例 (2019) 第三十六条 items; 2007 第二十一条 items (some ambiguous).
_ITEM_36 = {
    1: ("already_public",),
    2: ("disclosed",),
    3: ("not_disclosed",),
    4: ("not_exist",),
    5: ("not_our_jurisdiction",),
    6: ("duplicate_request",),
    7: ("other",),
}
_ITEM_21_2007 = {
    1: ("already_public", "disclosed"),
    2: ("not_disclosed",),
    3: ("not_our_jurisdiction", "not_exist"),
    4: ("supplement_requested",),
}


def _cited_outcomes(c: Citation) -> tuple[str, ...]:
    if c.law != GZXX_TIAOLI or c.article is None:
        return ()
    if c.article == 36 and c.item is not None:
        return _ITEM_36.get(c.item, ())
    if c.article in (37, 22):
        return ("partially_disclosed",)
    if c.article == 39:
        return ("not_government_info",)
    if c.article in (14, 15, 16):
        return ("not_disclosed",)
    if c.article == 21 and c.item is not None:
        return _ITEM_21_2007.get(c.item, ())
    return ()


def _wording(us: list[Unit], table: _W) -> dict[str, Hit]:
    found: dict[str, Hit] = {}
    for u in us:
        masked = mask_quotes(u.text)
        for outcome, patterns in table.items():
            if outcome in found:
                continue
            for p in patterns:
                for m in p.finditer(masked):
                    s, e = sentence_span(masked, m.start())
                    if _REMEDY_SENTENCE.search(masked[s:e]):
                        continue
                    found[outcome] = clause_hit(u, m.start(), m.end())
                    break
                if outcome in found:
                    break
    return found


def _title_outcome(doc: ParsedDocument, us: list[Unit]) -> tuple[str, Hit | None, bool] | None:
    """(outcome, title evidence, pure extension notice) when a title line names the outcome."""
    for ln in body_lines(doc)[:6]:
        text = re.sub(r"\s", "", ln.text)
        if len(text) > 40 or not TITLE_WORDS.search(text):
            continue
        unit = next(
            (u for u in us if u.block is ln.block and ln.start <= u.index[0] < ln.end), None
        )
        hit = Hit(unit, 0, len(unit.text)) if unit is not None else None
        if EXTENSION_TITLE.search(text):
            return "other", hit, True
        if SUPPLEMENT_TITLE.search(text):
            return "supplement_requested", hit, False
        for outcome, pattern in _TITLE_OUTCOMES:
            if pattern.search(text):
                return outcome, hit, False
    return None


def _also_public(hit: Hit) -> bool:
    """True when the already-public sentence only adds a route ("也可到…网站查阅")."""
    s, e = sentence_span(hit.unit.text, hit.start)
    return _ALSO.search(hit.unit.text[s:e]) is not None


def _something_disclosed(us: list[Unit]) -> bool:
    """True when the letter discloses anything (so "该部分不予公开" is a partial refusal)."""
    strong = [p for p in _WORDING["partially_disclosed"] if p is not _PART_REFUSED]
    for u in us:
        masked = mask_quotes(u.text)
        if any(p.search(masked) for p in (*strong, *_WORDING["disclosed"])):
            return True
    return False


def find_outcome(
    doc: ParsedDocument,
    us: list[Unit],
    cites: list[tuple[Citation, Hit]],
    extension: Hit | None,
) -> tuple[str | None, Hit | None, bool, str | None]:
    """(outcome, deciding evidence, is a pure extension notice, why it needs review or None).

    The title ("…不予公开告知书") counts like a cited 第三十六条 item. Wordings that disagree
    with nothing (no citation, no title) to settle them are ambiguous: the first by
    :data:`OUTCOMES` order is returned with a reason, which the caller reports as
    ``outcome_needs_review`` (never a deduction).
    """
    titled = _title_outcome(doc, us)
    if titled is not None and titled[0] in ("other", "supplement_requested"):
        return titled[0], titled[1], titled[2], None
    wording = _wording(us, _WORDING)
    if titled is not None and titled[0] in wording:
        return titled[0], wording[titled[0]], False, None
    if "partially_disclosed" in wording and not _something_disclosed(us):
        # "本机关对该部分信息不予公开" with nothing disclosed: a refusal of the requested part
        hit = wording.pop("partially_disclosed")
        wording.setdefault("not_disclosed", hit)
    cited: dict[str, Hit] = {}
    for c, hit in cites:
        for o in _cited_outcomes(c):
            cited.setdefault(o, hit)
    weak_cited = {o: h for o, h in cited.items() if o in ("supplement_requested", "other")}
    strong_cited = {o: h for o, h in cited.items() if o not in weak_cited}
    if titled is not None and titled[1] is not None:
        strong_cited = {titled[0]: titled[1]}
    both = [o for o in OUTCOMES if o in wording and o in strong_cited]
    if both:
        return both[0], wording[both[0]], False, None
    if len(wording) == 1:
        ((o, h),) = wording.items()
        return o, h, False, None
    if strong_cited:
        # Ambiguous or no wording: the cited 第三十六条 item (or the title) decides.
        o = next(o for o in OUTCOMES if o in strong_cited)
        return o, strong_cited[o], False, None
    if set(wording) == {"disclosed", "already_public"} and _also_public(wording["already_public"]):
        # "向您提供该政府信息。该政府信息属于主动公开的范围，也可到…网站查阅": provided
        return "disclosed", wording["disclosed"], False, None
    if "partially_disclosed" in wording and set(wording) <= _PARTIAL_PARTS:
        # "提供…部分信息" + "其余不予公开" (+ "已主动公开"): the parts of one partial disclosure
        return "partially_disclosed", wording["partially_disclosed"], False, None
    if wording:
        o = next(o for o in OUTCOMES if o in wording)
        named = "、".join(OUTCOME_ZH.get(k, k) for k in OUTCOMES if k in wording)
        return (
            o,
            wording[o],
            False,
            f"答复同时含有多种结果的表述（{named}），且未引用可判断结果的条款",
        )
    if extension is not None:
        return "other", extension, True, None
    weak = _wording(us, _WEAK)
    for o in ("supplement_requested", "other"):
        if o in weak:
            return o, weak[o], False, None
        if o in weak_cited:
            return o, weak_cited[o], False, None
    return None, None, False, None
