"""The codes stored in the database, as enums (代码表).

Each enum's values are exactly the strings in the database columns, so a member compares
equal to the stored text (``StrEnum``) and SQLAlchemy writes it as that text: switching a
literal to a member never changes a row. The Chinese labels a clerk sees stay beside the
rules that use them (``app/domain/customers.py``, ``allocation.TENDER_KINDS``), keyed by
these members.

Use a member wherever code names a code — ``PaymentKind.REVERSAL``, not ``"reversal"`` — so
a typo is an AttributeError at import time, not a silent mismatch in a query.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AnchorSource",
    "ApplicationAction",
    "ApplicationChannel",
    "ApplicationStage",
    "ApplicationStatus",
    "Area",
    "BillType",
    "CustomerKind",
    "CustomerStatus",
    "DeadlineStatus",
    "DocType",
    "FieldKind",
    "IdType",
    "LowIncome",
    "OpType",
    "PartyType",
    "PaymentKind",
    "RatingKind",
    "RatingVia",
    "ReadingSource",
    "Role",
    "SessionEndReason",
    "SessionPurpose",
    "SessionStatus",
    "TariffKind",
    "TenderKind",
    "WorkOrderAction",
    "WorkOrderArea",
    "WorkOrderChannel",
    "WorkOrderResult",
    "WorkOrderStage",
    "WorkOrderStatus",
    "WorkOrderType",
    "WorkOrderUrgency",
]


class Role(StrEnum):
    """A user's role (角色): what the services let them do (app/services/permissions.py)."""

    CLERK = "clerk"  # 营业员
    SUPERVISOR = "supervisor"  # 值班长
    ADMIN = "admin"  # 系统管理员


class PartyType(StrEnum):
    INDIVIDUAL = "individual"  # 个人
    ORGANISATION = "organisation"  # 单位


class CustomerKind(StrEnum):
    """Customer kind (用电类别), which decides tariffs and late-fee rates."""

    RESIDENTIAL = "residential"  # 居民生活
    GENERAL_CI = "general_ci"  # 一般工商业
    LARGE_INDUSTRY = "large_industry"  # 大工业
    AGRICULTURAL = "agricultural"  # 农业生产
    PUBLIC = "public"  # 公用/机关


class Area(StrEnum):
    URBAN = "urban"  # 城镇
    RURAL = "rural"  # 农村


class LowIncome(StrEnum):
    """Low-income mark (低保/五保), residential customers only."""

    NONE = "none"  # 否
    DIBAO = "dibao"  # 低保户
    WUBAO = "wubao"  # 五保户


class IdType(StrEnum):
    """ID document type (证件类型), checked by app/domain/ids.py."""

    RIC = "ric"  # 居民身份证
    USCC = "uscc"  # 统一社会信用代码
    PASSPORT = "passport"  # 护照
    HKMO = "hkmo"  # 港澳居民来往内地通行证
    TW = "tw"  # 台湾居民来往大陆通行证
    PRC_FOREIGN = "prc_foreign"  # 外国人永久居留身份证
    OTHER = "other"  # 其他证件


class CustomerStatus(StrEnum):
    NORMAL = "normal"  # 正常
    SUSPENDED = "suspended"  # 暂停
    CLOSED = "closed"  # 销户


class BillType(StrEnum):
    REGULAR = "regular"  # 正常电费
    ADJUSTMENT = "adjustment"  # 退补


class TariffKind(StrEnum):
    TIERED = "tiered"  # 阶梯电价
    TOU = "tou"  # 峰谷分时
    FLAT = "flat"  # 单一电价


class ReadingSource(StrEnum):
    CSV = "csv"
    MANUAL = "manual"
    DEMO = "demo"


class PaymentKind(StrEnum):
    """A row of the payment journal (收费流水)."""

    PAYMENT = "payment"  # 收费
    REVERSAL = "reversal"  # 冲正 (same session, approved)
    REFUND = "refund"  # 退费 (a later session, approved)
    OFFSET = "offset"  # 预存冲抵: prepaid money applied to a new bill, no cash moves
    TRANSFER = "transfer"  # 预存转移: prepaid moved between customers (a branch payment re-pointed), no cash moves


class TenderKind(StrEnum):
    """How the money came (收款方式); WeChat / Alipay are references of QR, not kinds."""

    CASH = "cash"  # 现金
    CARD = "card"  # 银行卡
    QR = "qr"  # 扫码支付
    TRANSFER = "transfer"  # 转账


class SessionStatus(StrEnum):
    """A cashier session (收费班次): open → closed (counted) → approved (supervisor); a supervisor
    may instead return (退回) a closed session with a comment, and approve it later."""

    OPEN = "open"
    CLOSED = "closed"
    APPROVED = "approved"
    RETURNED = "returned"  # 已退回: sent back with a comment; still to be approved


class DocType(StrEnum):
    """What a print record (打印记录) printed."""

    RECEIPT = "receipt"  # 收据
    DAY_END = "day_end"  # 日结报表
    BILL_STATEMENT = "bill_statement"  # 账单明细
    APPLICATION_RECEIPT = "app_receipt"  # 业务受理回执
    APPLICATION_FORM = "app_form"  # 用电申请表
    WORKORDER_RECEIPT = "wo_receipt"  # 诉求受理回执


class SessionPurpose(StrEnum):
    """Why a user authenticated. LOGIN and SERVICE open a log-in session (``user_session.purpose``;
    SERVICE: trusted in-process callers such as the CLI, setup and the demo loader); APPROVE only
    checks a supervisor's password for an approval, opens no session and is written in the
    ``AuthFailed`` record of a wrong password."""

    LOGIN = "login"
    SERVICE = "service"
    APPROVE = "approve"


class SessionEndReason(StrEnum):
    """Why a log-in session ended (``user_session.ended_reason``)."""

    LOGOUT = "logout"  # the user logged out (or closed the window)
    IDLE = "idle"  # the idle lock timed out


class AnchorSource(StrEnum):
    """Where a log anchor (日志锚点, ``log_anchor.source``) came from."""

    DAY_END = "day_end"  # the head printed on the day-end report at close
    REVIEW = "review"  # the head at a supervisor's review
    MANUAL = "manual"  # typed by an admin from a printed report


class ApplicationStatus(StrEnum):
    """A service application's status (业务申请状态, docs/rules.md#application-state-machine)."""

    IN_PROGRESS = "in_progress"  # 受理中
    SUSPENDED = "suspended"  # 挂起 (the clock stops)
    CANCELLED = "cancelled"  # 已撤销
    ARCHIVED = "archived"  # 已归档 (completed)


class ApplicationStage(StrEnum):
    """A stage (环节) of a service application; each business type lists the stages it goes
    through in the catalogue (resources/applications/catalogue.json)."""

    ACCEPT = "accept"  # 受理
    SURVEY = "survey"  # 现场勘查
    SUPPLY_PLAN = "supply_plan"  # 答复供电方案
    DESIGN_REVIEW = "design_review"  # 设计审查
    MIDWAY_CHECK = "midway_check"  # 中间检查
    COMPLETION_CHECK = "completion_check"  # 竣工验收
    CONNECT = "connect"  # 装表接电
    HANDLE = "handle"  # 业务办理 (changes with no work on site)
    METER_TEST = "meter_test"  # 校验检测
    REPLY = "reply"  # 答复客户
    ARCHIVE = "archive"  # 归档


class ApplicationAction(StrEnum):
    """What a clerk does to an application (docs/rules.md#application-state-machine)."""

    ADVANCE = "advance"  # 进入下一环节
    SUSPEND = "suspend"  # 挂起
    RESUME = "resume"  # 恢复
    CANCEL = "cancel"  # 撤销
    COMPLETE = "complete"  # 归档办结


class ApplicationChannel(StrEnum):
    """Where an application came in (受理渠道)."""

    COUNTER = "counter"  # 营业厅
    APP = "app"  # 网上国网 (APP)
    HOTLINE = "hotline"  # 95598
    MANAGER_VISIT = "manager_visit"  # 客户经理上门


class DeadlineStatus(StrEnum):
    """Deadline colour of an application (docs/rules.md#deadline-status)."""

    ON_TIME = "on_time"  # 绿: 正常
    DUE_SOON = "due_soon"  # 黄: 临期
    OVERDUE = "overdue"  # 红: 超期


class FieldKind(StrEnum):
    """How a business type's own field is typed in and checked (docs/rules.md#business-type-catalogue)."""

    TEXT = "text"  # 文本
    KVA = "kva"  # 容量, whole kVA
    DATE = "date"  # 日期
    INTEGER = "integer"  # 整数
    CHOICE = "choice"  # 选项
    CUSTOMER_KIND = "customer_kind"  # 用电类别
    VOLTAGE = "voltage"  # 电压等级
    TARIFF = "tariff"  # 电价代码 (checked against the tariff catalogue by the service)
    ACCOUNT_NO = "account_no"  # 户号 (another customer, for 并户)
    ID_NUMBER = "id_number"  # 证件号码 (checked with app/domain/ids.py by the service)


class RatingKind(StrEnum):
    """The kind of transaction a satisfaction rating (服务评价) is about
    (``service_rating.kind``, docs/rules.md#satisfaction-rating)."""

    PAYMENT = "payment"  # 收费 (a receipt)
    APPLICATION = "application"  # 业务受理 (an accepted application)
    WORK_ORDER = "work_order"  # 诉求工单 (issue 10; rated once its table exists)


class RatingVia(StrEnum):
    """Where the customer gave the rating (``service_rating.via``)."""

    PAD = "pad"  # the rating pad of the customer display (客户显示屏评价器)
    DIALOG = "dialog"  # the dialog on the clerk's screen (no second screen)
    SKIPPED = "skipped"  # not rated: the clerk skipped it with a reason


class OutageKind(StrEnum):
    """Kinds of outage notice (停电信息, docs/rules.md#outages)."""

    PLANNED = "planned"  # 计划停电
    FAULT = "fault"  # 故障停电


class OutageStatus(StrEnum):
    """An outage's status. ``announced`` / ``ended`` / ``cancelled`` are stored; ``active`` is an
    announced outage whose start has come (app/domain/outages.py reads it from the clock)."""

    ANNOUNCED = "announced"  # 已发布 (not started yet)
    ACTIVE = "active"  # 停电中
    ENDED = "ended"  # 已送电
    CANCELLED = "cancelled"  # 已取消


class OutageScopeKind(StrEnum):
    """What an outage covers: an address prefix (区域), a 线路 or a 台区."""

    AREA = "area"  # 区域 (the start of the supply address, e.g. 杭州市西湖区文三路)
    LINE = "line"  # 线路
    TRANSFORMER_AREA = "transformer_area"  # 台区


class OpType(StrEnum):
    """An operation-log record's type (``operation_log.op_type``): part of each record's hash, so
    the values are fixed forever."""

    # log-in and users
    LOGIN = "Login"
    LOGOUT = "Logout"
    AUTH_FAILED = "AuthFailed"
    LOCK_USER = "LockUser"
    UNLOCK_USER = "UnlockUser"
    CREATE_USER = "CreateUser"
    UPDATE_USER = "UpdateUser"
    CHANGE_PASSWORD = "ChangePassword"
    # setup, rules, tariffs
    INITIALIZE_NODE = "InitializeNode"
    CHANGE_HALL_RULES = "ChangeHallRules"
    LOAD_TARIFF_CATALOGUE = "LoadTariffCatalogue"
    ADD_TARIFF_VERSION = "AddTariffVersion"
    # customers
    REGISTER_CUSTOMER = "RegisterCustomer"
    UPDATE_CUSTOMER = "UpdateCustomer"
    # service applications (业务受理)
    ACCEPT_APPLICATION = "AcceptApplication"
    ADVANCE_APPLICATION = "AdvanceApplication"
    SUSPEND_APPLICATION = "SuspendApplication"
    RESUME_APPLICATION = "ResumeApplication"
    CANCEL_APPLICATION = "CancelApplication"
    COMPLETE_APPLICATION = "CompleteApplication"
    ATTACH_DOCUMENT = "AttachDocument"
    IMPORT_APPLICATION_CATALOGUE = "ImportApplicationCatalogue"  # a catalogue version (the shipped one too)
    # work orders (诉求工单)
    RECORD_WORK_ORDER = "RecordWorkOrder"
    DISPATCH_WORK_ORDER = "DispatchWorkOrder"
    REASSIGN_WORK_ORDER = "ReassignWorkOrder"
    START_WORK_ORDER = "StartWorkOrder"
    REPLY_WORK_ORDER = "ReplyWorkOrder"
    CALLBACK_WORK_ORDER = "CallbackWorkOrder"
    ARCHIVE_WORK_ORDER = "ArchiveWorkOrder"
    CHANGE_WORK_ORDER_RULES = "ChangeWorkOrderRules"  # a hall's deadline figures
    CHANGE_WORK_ORDER_CATEGORIES = "ChangeWorkOrderCategories"  # a hall's category tree
    # readings and bills
    IMPORT_READINGS = "ImportReadings"
    COMPUTE_BILLS = "ComputeBills"
    IMPORT_BILLS = "ImportBills"
    ISSUE_ADJUSTMENT = "IssueAdjustment"
    # payments and printing
    POST_PAYMENT = "PostPayment"
    REVERSE_PAYMENT = "ReversePayment"
    REFUND_PAYMENT = "RefundPayment"
    PRINT_DOCUMENT = "PrintDocument"
    # cashier sessions and audit
    OPEN_SESSION = "OpenSession"
    CLOSE_SESSION = "CloseSession"
    RETURN_SESSION = "ReturnSession"
    APPROVE_SESSION = "ApproveSession"
    RECORD_ANCHOR = "RecordAnchor"
    # satisfaction (服务评价, docs/rules.md#satisfaction-rating)
    RECORD_RATING = "RecordRating"
    SKIP_RATING = "SkipRating"
    # outage notices (docs/rules.md#outages)
    RECORD_OUTAGE = "RecordOutage"
    UPDATE_OUTAGE = "UpdateOutage"
    END_OUTAGE = "EndOutage"
    CANCEL_OUTAGE = "CancelOutage"
    IMPORT_OUTAGES = "ImportOutages"
    # offline branches and sync (docs/sync.md)
    REGISTER_SYNC_NODE = "RegisterSyncNode"  # the centre registers a branch node
    ISSUE_ENROLMENT_CODE = "IssueEnrolmentCode"  # a one-time enrolment code (its hash only)
    ENROL_NODE = "EnrolNode"  # a branch PC enrolled (new incarnation)
    BLOCK_SYNC_NODE = "BlockSyncNode"  # refused: restored PC, reused seq, foreign op
    CORRECT_SYNCED_PAYMENT = "CorrectSyncedPayment"  # excess of a branch payment on a bill paid centrally -> prepaid; a re-point
    RESOLVE_SYNC_CONFLICT = "ResolveSyncConflict"  # a supervisor's decision on a conflict
    CARRY_BRANCH_WORK = "CarryBranchWork"  # a refused PC's unsent work taken in by the centre (docs/sync.md#recovery)
    # demo data
    SEED_DEMO_DATA = "SeedDemoData"
    SEED_DEMO_PAYMENTS = "SeedDemoPayments"


class WorkOrderType(StrEnum):
    """A work order's type (诉求类型, docs/rules.md#work-orders)."""

    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报 (may be anonymous)
    SUGGESTION = "suggestion"  # 意见/建议
    PRAISE = "praise"  # 表扬
    ENQUIRY = "enquiry"  # 咨询
    REPAIR = "repair"  # 故障报修


class WorkOrderChannel(StrEnum):
    """Where a work order came in (受理渠道)."""

    COUNTER = "counter"  # 营业厅
    HOTLINE = "hotline"  # 95598
    APP = "app"  # 网上国网
    PHONE = "phone"  # 电话 (the hall's own line)
    LETTER = "letter"  # 信函


class WorkOrderUrgency(StrEnum):
    """How urgent a work order is (紧急程度)."""

    NORMAL = "normal"  # 一般
    URGENT = "urgent"  # 紧急
    CRITICAL = "critical"  # 特急


class WorkOrderArea(StrEnum):
    """Where a fault is, for the repair deadlines (十项承诺 art. 3: 城区 / 农村 / 特殊边远地区)."""

    URBAN = "urban"  # 城区
    RURAL = "rural"  # 农村
    REMOTE = "remote"  # 特殊边远地区


class WorkOrderStage(StrEnum):
    """A work order's stage (环节, docs/rules.md#work-order-state-machine)."""

    ACCEPTED = "accepted"  # 受理
    DISPATCHED = "dispatched"  # 派单
    PROCESSING = "processing"  # 处理
    REPLIED = "replied"  # 回复
    CALLED_BACK = "called_back"  # 回访
    ARCHIVED = "archived"  # 归档


class WorkOrderStatus(StrEnum):
    """Open until archived; the worklist's index starts with it."""

    OPEN = "open"  # 在办
    ARCHIVED = "archived"  # 已归档


class WorkOrderAction(StrEnum):
    """What is done to a work order (docs/rules.md#work-order-state-machine)."""

    DISPATCH = "dispatch"  # 派单
    REASSIGN = "reassign"  # 改派
    START = "start"  # 开始处理 (contacted the customer / arrived on site)
    REPLY = "reply"  # 回复 (with the resolution)
    CALLBACK = "callback"  # 回访 (with the customer's verdict)
    ARCHIVE = "archive"  # 归档


class WorkOrderResult(StrEnum):
    """The customer's verdict at the callback (回访结果)."""

    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意 (reopens the order to 处理)
