"""Names of what the audit view shows: operation types, anchor sources, anchor states.

Translated under the context "Audit": QT_TRANSLATE_NOOP marks the texts for lupdate. An operation type
added by another feature and not named here shows as its stored code."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.codes import AnchorSource, OpType

OP_TYPES: dict[str, str] = {
    OpType.LOGIN: QT_TRANSLATE_NOOP("Audit", "登录"),
    OpType.LOGOUT: QT_TRANSLATE_NOOP("Audit", "退出登录"),
    OpType.AUTH_FAILED: QT_TRANSLATE_NOOP("Audit", "登录失败"),
    OpType.LOCK_USER: QT_TRANSLATE_NOOP("Audit", "锁定用户"),
    OpType.UNLOCK_USER: QT_TRANSLATE_NOOP("Audit", "解锁用户"),
    OpType.CREATE_USER: QT_TRANSLATE_NOOP("Audit", "新建用户"),
    OpType.UPDATE_USER: QT_TRANSLATE_NOOP("Audit", "修改用户"),
    OpType.CHANGE_PASSWORD: QT_TRANSLATE_NOOP("Audit", "修改密码"),
    OpType.INITIALIZE_NODE: QT_TRANSLATE_NOOP("Audit", "初始化节点"),
    OpType.CHANGE_HALL_RULES: QT_TRANSLATE_NOOP("Audit", "修改业务规则"),
    OpType.LOAD_TARIFF_CATALOGUE: QT_TRANSLATE_NOOP("Audit", "载入电价目录"),
    OpType.ADD_TARIFF_VERSION: QT_TRANSLATE_NOOP("Audit", "新增电价版本"),
    OpType.REGISTER_CUSTOMER: QT_TRANSLATE_NOOP("Audit", "建档"),
    OpType.UPDATE_CUSTOMER: QT_TRANSLATE_NOOP("Audit", "修改档案"),
    OpType.ACCEPT_APPLICATION: QT_TRANSLATE_NOOP("Audit", "受理申请"),
    OpType.ADVANCE_APPLICATION: QT_TRANSLATE_NOOP("Audit", "推进环节"),
    OpType.SUSPEND_APPLICATION: QT_TRANSLATE_NOOP("Audit", "挂起申请"),
    OpType.RESUME_APPLICATION: QT_TRANSLATE_NOOP("Audit", "恢复申请"),
    OpType.CANCEL_APPLICATION: QT_TRANSLATE_NOOP("Audit", "撤销申请"),
    OpType.COMPLETE_APPLICATION: QT_TRANSLATE_NOOP("Audit", "办结申请"),
    OpType.ATTACH_DOCUMENT: QT_TRANSLATE_NOOP("Audit", "上传附件"),
    OpType.IMPORT_APPLICATION_CATALOGUE: QT_TRANSLATE_NOOP("Audit", "导入业务目录"),
    OpType.IMPORT_READINGS: QT_TRANSLATE_NOOP("Audit", "导入抄表数据"),
    OpType.COMPUTE_BILLS: QT_TRANSLATE_NOOP("Audit", "电费计算"),
    OpType.IMPORT_BILLS: QT_TRANSLATE_NOOP("Audit", "导入账单"),
    OpType.ISSUE_ADJUSTMENT: QT_TRANSLATE_NOOP("Audit", "退补"),
    OpType.POST_PAYMENT: QT_TRANSLATE_NOOP("Audit", "收费"),
    OpType.REVERSE_PAYMENT: QT_TRANSLATE_NOOP("Audit", "冲正"),
    OpType.REFUND_PAYMENT: QT_TRANSLATE_NOOP("Audit", "退费"),
    OpType.PRINT_DOCUMENT: QT_TRANSLATE_NOOP("Audit", "打印"),
    OpType.OPEN_SESSION: QT_TRANSLATE_NOOP("Audit", "开班"),
    OpType.CLOSE_SESSION: QT_TRANSLATE_NOOP("Audit", "交班日结"),
    OpType.RETURN_SESSION: QT_TRANSLATE_NOOP("Audit", "退回班次"),
    OpType.APPROVE_SESSION: QT_TRANSLATE_NOOP("Audit", "审核班次"),
    OpType.RECORD_ANCHOR: QT_TRANSLATE_NOOP("Audit", "录入锚点"),
    OpType.RECORD_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "受理工单"),
    OpType.DISPATCH_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "派单"),
    OpType.REASSIGN_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "改派工单"),
    OpType.START_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "处理工单"),
    OpType.REPLY_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "答复工单"),
    OpType.CALLBACK_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "回访"),
    OpType.ARCHIVE_WORK_ORDER: QT_TRANSLATE_NOOP("Audit", "归档工单"),
    OpType.RECORD_RATING: QT_TRANSLATE_NOOP("Audit", "服务评价"),
    OpType.SKIP_RATING: QT_TRANSLATE_NOOP("Audit", "跳过评价"),
    OpType.RECORD_OUTAGE: QT_TRANSLATE_NOOP("Audit", "发布停电信息"),
    OpType.UPDATE_OUTAGE: QT_TRANSLATE_NOOP("Audit", "修改停电信息"),
    OpType.END_OUTAGE: QT_TRANSLATE_NOOP("Audit", "停电结束"),
    OpType.CANCEL_OUTAGE: QT_TRANSLATE_NOOP("Audit", "取消停电"),
    OpType.IMPORT_OUTAGES: QT_TRANSLATE_NOOP("Audit", "导入停电信息"),
    OpType.CHANGE_WORK_ORDER_RULES: QT_TRANSLATE_NOOP("Audit", "修改工单时限"),
    OpType.CHANGE_WORK_ORDER_CATEGORIES: QT_TRANSLATE_NOOP("Audit", "修改诉求分类"),
    OpType.REGISTER_SYNC_NODE: QT_TRANSLATE_NOOP("Audit", "登记分支节点"),
    OpType.ISSUE_ENROLMENT_CODE: QT_TRANSLATE_NOOP("Audit", "签发注册码"),
    OpType.ENROL_NODE: QT_TRANSLATE_NOOP("Audit", "节点注册"),
    OpType.BLOCK_SYNC_NODE: QT_TRANSLATE_NOOP("Audit", "停用同步节点"),
    OpType.CORRECT_SYNCED_PAYMENT: QT_TRANSLATE_NOOP("Audit", "同步收费转预存"),
    OpType.RESOLVE_SYNC_CONFLICT: QT_TRANSLATE_NOOP("Audit", "处理同步冲突"),
    OpType.CARRY_BRANCH_WORK: QT_TRANSLATE_NOOP("Audit", "接收分支转交的操作"),
    OpType.SEED_DEMO_DATA: QT_TRANSLATE_NOOP("Audit", "演示数据"),
    OpType.SEED_DEMO_PAYMENTS: QT_TRANSLATE_NOOP("Audit", "演示收费"),
}

SOURCES: dict[str, str] = {
    AnchorSource.DAY_END: QT_TRANSLATE_NOOP("Audit", "日结报表"),
    AnchorSource.REVIEW: QT_TRANSLATE_NOOP("Audit", "班次审核"),
    AnchorSource.MANUAL: QT_TRANSLATE_NOOP("Audit", "手工录入"),
}

ANCHOR_STATES: dict[str, str] = {"ok": QT_TRANSLATE_NOOP("Audit", "与日志一致"), "mismatch": QT_TRANSLATE_NOOP("Audit", "与日志不符"), "missing": QT_TRANSLATE_NOOP("Audit", "日志中无此条")}


def tr(text: str) -> str:
    return QCoreApplication.translate("Audit", text)


def op_type_label(code: str) -> str:
    return tr(OP_TYPES[code]) if code in OP_TYPES else code


def source_label(code: str) -> str:
    return tr(SOURCES[code]) if code in SOURCES else code


def anchor_state_label(code: str) -> str:
    return tr(ANCHOR_STATES[code]) if code in ANCHOR_STATES else code


def all_op_types() -> list[str]:
    """Every operation type the log may hold, the named ones first in the order above."""
    return [*OP_TYPES, *(t.value for t in OpType if t.value not in OP_TYPES)]
