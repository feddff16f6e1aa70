"""The demo corpus: realistic submissions of four units, good and defective, as store objects.

``write_demo_corpus`` puts docx and pdf files under ``{year}/{unit}/{folder}/{file}`` (Chinese
folder and file names, some with spaces) for two counties (jixian, youyi) and two departments
(zrzyj, swj), plus files that must be recorded without stopping a run: a legacy .doc, a truncated
PDF, an empty file, an image-only PDF, a key with an unknown unit and a key without a year folder.

The content is fixed (no randomness) and the bytes are reproducible (zip timestamps pinned,
reportlab in invariant mode), so a second demo run finds the same hashes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kaohe.demo.binaries import image_only_pdf, invariant_pdfs, ole2_doc, pdf_bytes, pin_zip_times
from kaohe.demo.builders import (
    SIGNIN_ROWS,
    plan_spec,
    remedy_text,
    reply_letter_spec,
    truncated_reply_spec,
)
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

if TYPE_CHECKING:
    from storage.objectstore import ObjectStore

__all__ = ["BAD_KEYS", "DemoFile", "bulk_files", "demo_files", "write_demo_corpus"]

#: relative key suffixes (after ``{year}/``) of the files meant to fail, by reason
BAD_KEYS: dict[str, str] = {
    "legacy_doc": "jixian/依申请公开 答复书/答复书 旧版模板.doc",
    "truncated_pdf": "jixian/依申请公开 答复书/答复书-05.pdf",
    "empty": "youyi/业务培训/培训照片 说明.docx",
    "image_only_pdf": "youyi/会议纪要/常务会议纪要 扫描件.pdf",
    "unknown_unit": "unknown-unit/x.docx",
    "bad_year": "材料汇总/jixian/工作要点/工作要点.docx",
}


@dataclass(frozen=True)
class DemoFile:
    key: str
    data: bytes


def write_demo_corpus(store: ObjectStore, year: int = 2024) -> list[str]:
    """Put the demo submissions for ``year`` into ``store``; return the keys in write order."""
    keys: list[str] = []
    for f in demo_files(year):
        store.put(f.key, f.data)
        keys.append(f.key)
    return keys


def bulk_files(
    units: Sequence[tuple[str, str, str]], year: int = 2024, per_unit: int = 20
) -> list[DemoFile]:
    """A larger deterministic corpus for load tests and benchmarks.

    ``units`` are ``(code, name, kind)``. Each unit gets ``per_unit`` files: reply letters with
    receipt dates spread over the year (every fifth one late, every seventh without a remedy),
    then a minutes, a training record and a work plan; docx and pdf alternate.
    """
    from datetime import date, timedelta

    out: list[DemoFile] = []
    with tempfile.TemporaryDirectory() as tmp, invariant_pdfs():
        for code, name, kind in units:
            area = name.removesuffix("人民政府")
            issuer = f"{area}自然资源局" if kind == "county" else name
            body = f"{area}人民政府" if kind == "county" else "双鸭山市人民政府"
            specs: list[tuple[str, DocSpec]] = []
            for i in range(max(per_unit - 3, 1)):
                received = date(year, 1 + i % 11, 3 + (i * 7) % 20)
                delay = 45 if i % 5 == 4 else 14 + i % 10
                reply = received + timedelta(days=delay)
                specs.append(
                    (
                        f"{year}/{code}/依申请公开/答复书-{i + 1:02d}",
                        reply_letter_spec(
                            issuer=issuer,
                            number=f"{area[:2]}信复〔{year}〕{i + 1}号",
                            applicant=f"申请人{i + 1:03d}",
                            received=f"{received.year}年{received.month}月{received.day}日",
                            request=f"{area}{year - 1}年第{i + 1}批建设用地审批信息",
                            answer=(
                                "经检索，您申请公开的信息由本机关制作并保存。根据《中华人民共和国"
                                "政府信息公开条例》第三十六条第（二）项的规定，现提供给您。"
                            ),
                            remedy="特此答复。" if i % 7 == 6 else remedy_text(body),
                            date=f"{reply.year}年{reply.month}月{reply.day}日",
                        ),
                    )
                )
            specs.append(
                (
                    f"{year}/{code}/会议纪要/专题会议纪要",
                    DocSpec(
                        [
                            f"{area}政务公开工作专题会议纪要",
                            f"{year}年3月{10 + len(code) % 9}日，{area}召开专题会议，研究部署本年度"
                            "政务公开工作。会议听取了政务公开工作情况汇报，审议了年度政务公开工作要点。",
                            issuer,
                            f"{year}年3月20日",
                        ]
                    ),
                )
            )
            specs.append(
                (
                    f"{year}/{code}/培训/政务公开业务培训记录",
                    DocSpec(
                        [
                            f"{area}政务公开业务培训记录",
                            f"{year}年5月{8 + len(code) % 9}日，{area}举办政务公开业务培训班，"
                            "围绕政府信息公开条例、依申请公开办理等内容进行培训，"
                            f"共{30 + len(code) * 7}人参加培训。",
                            issuer,
                            f"{year}年5月30日",
                        ]
                    ),
                )
            )
            specs.append(
                (
                    f"{year}/{code}/工作要点/{year}年政务公开工作要点",
                    plan_spec(issuer, area, f"{area[:2]}发〔{year}〕3号", year, f"{year}年3月1日"),
                )
            )
            for j, (key, spec) in enumerate(specs):
                path = Path(tmp) / f"{code}-{j}"
                if j % 2 == 0:
                    data = pin_zip_times(write_docx(spec, path.with_suffix(".docx")).read_bytes())
                    out.append(DemoFile(key + ".docx", data))
                else:
                    out.append(DemoFile(key + ".pdf", pdf_bytes(spec, path.with_suffix(".pdf"))))
    return out


def demo_files(year: int = 2024) -> list[DemoFile]:
    """The demo corpus as (key, bytes), without a store."""
    y = year
    files: list[tuple[str, Callable[[Path], Path]]] = []

    def docx(key: str, spec: DocSpec) -> None:
        files.append((key, lambda p: write_docx(spec, p)))

    def pdf(key: str, spec: DocSpec) -> None:
        files.append((key, lambda p: write_pdf(spec, p)))

    # ---- 集贤县人民政府 (county) --------------------------------------------------------
    u = f"{y}/jixian"
    docx(
        f"{u}/依申请公开 答复书/答复书-01.docx",
        reply_letter_spec(
            issuer="集贤县自然资源局",
            number=f"集自然资信复〔{y}〕7号",
            applicant="王某某",
            received=f"{y}年3月5日",
            request=f"集贤县{y - 1}年度建设用地供应计划",
            answer=(
                "经审查，您申请获取的政府信息属于本机关公开的范围。根据《中华人民共和国政府信息"
                f"公开条例》第三十六条第（二）项的规定，现将《集贤县{y - 1}年度建设用地供应计划》"
                "电子版发送至您申请时提供的电子邮箱，请注意查收。"
            ),
            remedy=remedy_text("集贤县人民政府"),
            date=f"{y}年3月26日",
        ),
    )
    pdf(
        f"{u}/依申请公开 答复书/答复书-02.pdf",
        reply_letter_spec(
            issuer="集贤县住房和城乡建设局",
            number=f"集住建信复〔{y}〕9号",
            applicant="吴某某",
            received=f"{y}年4月1日",
            request="集贤县福利镇幸福家园小区的竣工验收备案表",
            answer=(
                "经检索，您申请公开的信息由本机关制作并保存，属于可以公开的政府信息。根据《中华"
                "人民共和国政府信息公开条例》第三十六条第（二）项的规定，现将该小区竣工验收备案表"
                "复印件随本答复书一并提供给您。"
            ),
            remedy=remedy_text("集贤县人民政府"),
            date=f"{y}年5月20日",  # late: well over 20 working days
        ),
    )
    docx(
        f"{u}/依申请公开 答复书/答复书 03.docx",
        reply_letter_spec(
            issuer="集贤县人力资源和社会保障局",
            number=f"集人社信复〔{y}〕5号",
            applicant="孙某某",
            received=f"{y}年6月3日",
            request=f"集贤县{y - 1}年事业单位公开招聘考试成绩及体检名单",
            answer=(
                "经检索，该信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条"
                "第（二）项的规定，现将招聘考试成绩及体检名单提供给您。"
            ),
            remedy="特此答复。",  # no remedy offered
            date=f"{y}年6月14日",
        ),
    )
    docx(
        f"{u}/会议纪要/县政府常务会议纪要（第3期）.docx",
        DocSpec(
            items=[
                "集贤县人民政府常务会议纪要",
                f"〔{y}〕第3期",
                f"{y}年3月12日，县长李明主持召开县政府{y}年第3次常务会议，研究部署近期重点工作。"
                "现将会议议定事项纪要如下：",
                f"一、审议并原则通过《集贤县{y}年政务公开工作要点》。会议要求，县政府办公室要抓好"
                "工作要点的分解落实，各部门要严格落实政府信息公开条例，按时办理依申请公开事项。",
                "二、研究春耕备耕工作。会议要求，县农业农村局要做好种子、化肥储备调运，确保不误农时。",
                "出席：李明、张志强、王海波、刘洪军",
                "记录：郭婷",
                "集贤县人民政府办公室",
                f"{y}年3月15日",
            ],
            right_aligned=frozenset({7, 8}),
        ),
    )
    docx(
        f"{u}/业务培训/政务公开业务培训 签到表.docx",
        DocSpec(
            items=[
                "集贤县政府信息公开工作业务培训签到表",
                f"培训时间：{y}年5月22日下午2:30",
                "培训地点：县政府四楼会议室",
                "培训内容：政府信息公开申请办理与答复规范",
                TableSpec(rows=[["序号", "单位", "姓名", "职务"], *SIGNIN_ROWS]),
            ]
        ),
    )
    pdf(
        f"{u}/工作要点/集贤县{y}年政务公开工作要点.pdf",
        plan_spec("集贤县人民政府办公室", "集贤县", f"集政办发〔{y}〕4号", y, f"{y}年3月20日"),
    )

    # ---- 友谊县人民政府 (county) --------------------------------------------------------
    u = f"{y}/youyi"
    pdf(
        f"{u}/依申请公开 答复书/答复书-01.pdf",
        reply_letter_spec(
            issuer="友谊县卫生健康局",
            number=f"友卫健信复〔{y}〕4号",
            applicant="冯某某",
            received=f"{y}年7月15日",
            request=f"友谊县{y - 1}年基本公共卫生服务项目资金分配明细",
            answer=(
                "经检索，该信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条"
                f"第（二）项的规定，现将《友谊县{y - 1}年基本公共卫生服务项目资金分配明细表》"
                "提供给您。"
            ),
            remedy=remedy_text("友谊县人民政府"),
            date=f"{y}年8月2日",
        ),
    )
    docx(
        f"{u}/依申请公开 答复书/答复书-02.docx",
        reply_letter_spec(
            issuer="友谊县自然资源局",
            number=f"友自然资信复〔{y}〕5号",
            applicant="韦某某",
            received=f"{y}年4月15日",
            request=f"友谊县凤岗镇{y - 1}年度农村集体土地征收的征地批复及补偿安置方案",
            answer=(
                "经检索，上述信息由本机关制作并保存。根据《中华人民共和国政府信息公开条例》第三十六条"
                "第（二）项的规定，现将征地批复及补偿安置方案复印件提供给您。"
            ),
            # after 2024-01-01 a county department's 复议机关 is the county government
            remedy=remedy_text("双鸭山市自然资源局"),
            date=f"{y}年5月9日",
        ),
    )
    pdf(
        f"{u}/依申请公开 答复书/答复书-03.pdf",
        reply_letter_spec(
            issuer="友谊县财政局",
            number=f"友财信复〔{y}〕6号",
            applicant="蒋某某",
            received=f"{y}年9月2日",
            request=f"友谊县{y - 1}年度一般公共预算执行情况",
            answer=(
                "您申请获取的信息属于公开范围。根据《中华人民共和国政府信息公开条例》第二十一条第（一）"
                f"项的规定，现将《友谊县{y - 1}年度一般公共预算执行情况》提供给您。"
            ),
            remedy=remedy_text("友谊县人民政府"),
            date=f"{y}年9月13日",
        ),
    )
    pdf(
        f"{u}/会议纪要/专题会议纪要 第12期.pdf",
        DocSpec(
            items=[
                "友谊县人民政府专题会议纪要",
                "第12期",
                f"{y}年6月18日下午，副县长王立新主持召开全县安全生产和防汛工作专题会议，研究部署汛期"
                "安全生产工作。现纪要如下：",
                "一、关于汛前隐患排查。县应急管理局牵头，6月底前完成对危险化学品企业和在建工地的隐患"
                "排查，建立问题清单，逐项销号。",
                "二、关于防汛物资储备。县水务局要补齐编织袋、救生衣、抽水泵等物资缺口。",
                "参会人员：王立新、孙海涛、李春雨、周敏、县政务公开办主任刘佳。",
                "友谊县人民政府办公室",
                f"{y}年6月20日",
            ],
            right_aligned=frozenset({6, 7}),
        ),
    )
    pdf(
        f"{u}/业务培训/政务公开业务培训会.pdf",
        DocSpec(
            items=[
                f"友谊县举办{y}年政务公开业务培训会",
                f"{y}年8月26日，友谊县举办全县政务公开业务培训会。县政府办公室副主任张宏伟出席会议并"
                "讲话。各乡镇、县直各部门政务公开工作分管领导和信息员共130余人参加培训。",
                "培训围绕《中华人民共和国政府信息公开条例》解读、依申请公开办理流程、政府网站信息发布"
                "审核等内容进行了系统讲解。",
            ]
        ),
    )
    docx(
        f"{u}/工作要点/友谊县{y}年政务公开工作要点.docx",
        plan_spec("友谊县人民政府办公室", "友谊县", f"友政办发〔{y}〕6号", y, f"{y}年3月28日"),
    )

    # ---- 双鸭山市自然资源局 (department) -------------------------------------------------
    u = f"{y}/zrzyj"
    docx(
        f"{u}/依申请公开 答复书/延期答复告知书.docx",
        DocSpec(
            items=[
                "双鸭山市自然资源局",
                "政府信息公开延期答复告知书",
                f"双自然资延复〔{y}〕3号",
                "郑某某：",
                f"本机关于{y}年9月23日收到您提出的政府信息公开申请，要求公开“双鸭山市国有建设用地"
                "使用权出让合同”。因申请的信息数量较大，需要调取档案并逐件审核，经本机关政府信息公开"
                "工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
                "答复期限延长20个工作日。",
                "特此告知。",
                "双鸭山市自然资源局",
                f"{y}年10月18日",
            ],
            right_aligned=frozenset({6, 7}),
        ),
    )
    pdf(
        f"{u}/依申请公开 答复书/答复书-28.pdf",
        reply_letter_spec(
            issuer="双鸭山市自然资源局",
            number=f"双自然资信复〔{y}〕28号",
            applicant="郑某某",
            received=f"{y}年9月23日",
            request="双鸭山市国有建设用地使用权出让合同",
            answer=(
                f"本机关已于{y}年10月18日向您送达《政府信息公开延期答复告知书》，答复期限延长20个"
                "工作日。经检索，上述出让合同均由本机关制作并保存。根据《中华人民共和国政府信息公开"
                "条例》第三十六条第（二）项的规定，现将合同电子文本随本答复书一并提供给您。"
            ),
            remedy=remedy_text("双鸭山市人民政府"),
            date=f"{y}年11月7日",
        ),
    )
    docx(
        f"{u}/依申请公开 答复书/答复书-11.docx",
        reply_letter_spec(
            issuer="双鸭山市自然资源局",
            number=f"双自然资信复〔{y}〕11号",
            applicant="双鸭山市宏达物流有限公司",
            received=f"{y}年4月8日",
            request="宝清县城区国有土地出让的内部讨论记录及请示材料",
            answer=(
                "贵公司申请公开的信息属于本机关在履行行政管理职能过程中形成的讨论记录和请示报告，属于"
                "过程性信息。根据《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）"
                "项的规定，本机关决定不予公开。"
            ),
            remedy=(
                "如对本答复不服，可以自收到本答复书之日起60日内向双鸭山市人民政府申请行政复议。"
            ),
            date=f"{y}年4月26日",
        ),
    )
    docx(
        f"{u}/会议纪要/局长办公会议记录.docx",
        DocSpec(
            items=[
                "双鸭山市自然资源局局长办公会议记录",
                TableSpec(
                    rows=[
                        ["会议时间", f"{y}年4月18日上午9:00"],
                        ["主持人", "赵国强"],
                        ["参会人员", "赵国强、钱立新、孙红梅、李志刚，各科室负责人"],
                        ["会议议题", f"研究部署本局{y}年政务公开重点工作"],
                    ]
                ),
                "会议要求，办公室牵头制定本局政务公开工作实施方案，按期完成依申请公开答复，做好政策"
                "解读。",
            ]
        ),
    )
    pdf(
        f"{u}/业务培训/政务公开培训记录.pdf",
        DocSpec(
            items=[
                "双鸭山市自然资源局政务公开业务培训记录",
                f"培训时间：{y}年6月14日",
                "参加人员：局机关各科室及直属单位信息员，共45人。",
                "培训内容：政府信息公开申请办理流程、答复文书规范、主动公开目录编制。",
            ]
        ),
    )
    pdf(
        f"{u}/工作要点/{y}年政务公开工作实施方案.pdf",
        DocSpec(
            items=[
                "双鸭山市自然资源局",
                f"双自然资发〔{y}〕15号",
                f"双鸭山市自然资源局{y}年政务公开工作实施方案",
                f"为认真落实《双鸭山市{y}年政务公开工作要点》要求，结合我局实际，制定本实施方案。",
                "一、做好国土空间规划、土地征收、矿业权出让等重点领域信息公开。",
                "二、规范依申请公开办理，确保在法定期限内答复。",
                "双鸭山市自然资源局",
                f"{y}年4月25日",
            ],
            right_aligned=frozenset({6, 7}),
        ),
    )

    # ---- 国家税务总局双鸭山市税务局 (department, vertically managed) ----------------------
    u = f"{y}/swj"
    docx(
        f"{u}/依申请公开 答复书/答复书-02.docx",
        reply_letter_spec(
            issuer="国家税务总局双鸭山市税务局",
            number=f"双税信复〔{y}〕2号",
            applicant="秦某某",
            received=f"{y}年3月18日",
            request=f"双鸭山市{y - 1}年度重大税收违法失信主体名单",
            answer=(
                "您申请的信息已在国家税务总局黑龙江省税务局网站“重大税收违法失信主体信息公布”栏目"
                "主动公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，告知您"
                "获取途径：登录该网站相应栏目查询。"
            ),
            # vertically managed: the upper bureau is the right 复议机关
            remedy=remedy_text("国家税务总局黑龙江省税务局"),
            date=f"{y}年4月3日",
        ),
    )
    pdf(
        f"{u}/依申请公开 答复书/答复书-05.pdf",
        reply_letter_spec(
            issuer="国家税务总局双鸭山市税务局",
            number=f"双税信复〔{y}〕5号",
            applicant="杨某某",
            received=f"{y}年8月5日",
            request=f"双鸭山市{y - 1}年度税收收入完成情况",
            answer=(
                "经本机关检索，未找到您所申请的信息。根据《中华人民共和国政府信息公开条例》第三十六条"
                "第（四）项的规定，告知您该政府信息不存在。"
            ),
            remedy=(
                "如对本答复不服，可以在收到本答复书之日起60日内向国家税务总局黑龙江省税务局申请行政"
                "复议，或者在3个月内向人民法院提起行政诉讼。"  # outdated 3 months
            ),
            date=f"{y}年8月16日",
        ),
    )
    docx(
        f"{u}/会议纪要/局务会议纪要.docx",
        DocSpec(
            items=[
                "国家税务总局双鸭山市税务局局务会议纪要",
                f"{y}年5月10日，局长高志远主持召开局务会议，研究税费优惠政策落实和征管数字化转型"
                "工作。",
                "一、会议要求，各县区局要确保减税降费政策应享尽享，及时报送政务信息。",
                "二、会议研究了办税服务厅改造方案，要求6月底前完成。",
                "国家税务总局双鸭山市税务局办公室",
                f"{y}年5月13日",
            ],
            right_aligned=frozenset({4, 5}),
        ),
    )
    docx(
        f"{u}/业务培训/培训通知.docx",
        DocSpec(
            items=[
                "国家税务总局双鸭山市税务局办公室",
                f"关于举办{y}年政务公开业务培训班的通知",
                "各县区税务局，市局各科室：",
                f"经研究，定于{y}年10月17日在市局六楼会议室举办政务公开业务培训班，培训内容为政府"
                "信息公开条例解读和依申请公开答复规范。请各单位派1至2名信息员参加。",
                "国家税务总局双鸭山市税务局办公室",
                f"{y}年10月8日",
            ],
            right_aligned=frozenset({4, 5}),
        ),
    )
    pdf(
        f"{u}/工作要点/{y}年政务公开工作要点.pdf",
        plan_spec(
            "国家税务总局双鸭山市税务局",
            "双鸭山市税务系统",
            f"双税发〔{y}〕8号",
            y,
            f"{y}年3月15日",
        ),
    )
    # files that must be recorded without stopping the run: same good content under bad keys
    docx(f"{y}/{BAD_KEYS['unknown_unit']}", plan_spec("某单位", "某单位", "", y, f"{y}年3月1日"))
    docx(BAD_KEYS["bad_year"], plan_spec("集贤县人民政府办公室", "集贤县", "", y, f"{y}年3月1日"))

    out: list[DemoFile] = []
    with tempfile.TemporaryDirectory(prefix="kaohe-demo-") as tmp, invariant_pdfs():
        for i, (key, write) in enumerate(files):
            path = write(Path(tmp) / f"{i:03d}{Path(key).suffix}")
            data = path.read_bytes()
            if path.suffix == ".docx":
                data = pin_zip_times(data)
            out.append(DemoFile(key, data))
        truncated = pdf_bytes(truncated_reply_spec(y), Path(tmp) / "t.pdf")
        out.append(DemoFile(f"{y}/{BAD_KEYS['truncated_pdf']}", truncated[: len(truncated) // 3]))
        out.append(DemoFile(f"{y}/{BAD_KEYS['image_only_pdf']}", image_only_pdf()))
    out.append(DemoFile(f"{y}/{BAD_KEYS['legacy_doc']}", ole2_doc()))
    out.append(DemoFile(f"{y}/{BAD_KEYS['empty']}", b""))
    return out
