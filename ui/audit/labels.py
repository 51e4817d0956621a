"""Names of what the audit view shows: operation types, anchor sources, anchor states.

Translated under the context "Audit" (a later pass fills gridcounter_*.ts). An operation type
added by another feature and not named here shows as its stored code."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.codes import AnchorSource, OpType

OP_TYPES: dict[str, str] = {
    OpType.LOGIN: "登录",
    OpType.LOGOUT: "退出登录",
    OpType.AUTH_FAILED: "登录失败",
    OpType.LOCK_USER: "锁定用户",
    OpType.UNLOCK_USER: "解锁用户",
    OpType.CREATE_USER: "新建用户",
    OpType.UPDATE_USER: "修改用户",
    OpType.CHANGE_PASSWORD: "修改密码",
    OpType.INITIALIZE_NODE: "初始化节点",
    OpType.CHANGE_HALL_RULES: "修改业务规则",
    OpType.CHANGE_WORK_ORDER_RULES: "修改工单时限",
    OpType.CHANGE_WORK_ORDER_CATEGORIES: "修改诉求分类",
    OpType.LOAD_TARIFF_CATALOGUE: "载入电价目录",
    OpType.ADD_TARIFF_VERSION: "新增电价版本",
    OpType.REGISTER_CUSTOMER: "建档",
    OpType.UPDATE_CUSTOMER: "修改档案",
    OpType.ACCEPT_APPLICATION: "受理申请",
    OpType.ADVANCE_APPLICATION: "推进环节",
    OpType.SUSPEND_APPLICATION: "挂起申请",
    OpType.RESUME_APPLICATION: "恢复申请",
    OpType.CANCEL_APPLICATION: "撤销申请",
    OpType.COMPLETE_APPLICATION: "办结申请",
    OpType.ATTACH_DOCUMENT: "上传附件",
    OpType.IMPORT_APPLICATION_CATALOGUE: "导入业务目录",
    OpType.IMPORT_READINGS: "导入抄表数据",
    OpType.COMPUTE_BILLS: "电费计算",
    OpType.IMPORT_BILLS: "导入账单",
    OpType.ISSUE_ADJUSTMENT: "退补",
    OpType.POST_PAYMENT: "收费",
    OpType.REVERSE_PAYMENT: "冲正",
    OpType.REFUND_PAYMENT: "退费",
    OpType.PRINT_DOCUMENT: "打印",
    OpType.OPEN_SESSION: "开班",
    OpType.CLOSE_SESSION: "交班日结",
    OpType.RETURN_SESSION: "退回班次",
    OpType.APPROVE_SESSION: "审核班次",
    OpType.RECORD_ANCHOR: "录入锚点",
    OpType.SEED_DEMO_DATA: "演示数据",
    OpType.SEED_DEMO_PAYMENTS: "演示收费",
    OpType.RECORD_WORK_ORDER: "受理工单",
    OpType.DISPATCH_WORK_ORDER: "派单",
    OpType.REASSIGN_WORK_ORDER: "改派",
    OpType.START_WORK_ORDER: "开始处理",
    OpType.REPLY_WORK_ORDER: "回复工单",
    OpType.CALLBACK_WORK_ORDER: "回访",
    OpType.ARCHIVE_WORK_ORDER: "归档工单",
    OpType.RECORD_RATING: "服务评价",
    OpType.SKIP_RATING: "跳过评价",
    OpType.RECORD_OUTAGE: "发布停电",
    OpType.UPDATE_OUTAGE: "修改停电",
    OpType.END_OUTAGE: "停电结束",
    OpType.CANCEL_OUTAGE: "取消停电",
    OpType.IMPORT_OUTAGES: "导入停电",
}

SOURCES: dict[str, str] = {
    AnchorSource.DAY_END: "日结报表",
    AnchorSource.REVIEW: "班次审核",
    AnchorSource.MANUAL: "手工录入",
}

ANCHOR_STATES: dict[str, str] = {"ok": "与日志一致", "mismatch": "与日志不符", "missing": "日志中无此条"}


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
