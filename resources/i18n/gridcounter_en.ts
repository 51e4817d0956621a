<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name></name>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="43"/>
        <source>第%1档</source>
        <extracomment>JSON keys of a tariff and what they are called on screen</extracomment>
        <translation>Tier %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="45"/>
        <source>第%1个电价</source>
        <translation>Tariff %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="124"/>
        <source>kWh/年</source>
        <translation>kWh/year</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="124"/>
        <source>kWh/月</source>
        <translation>kWh/month</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="128"/>
        <source>%1 %2 以上</source>
        <translation>Above %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="128"/>
        <source>全部电量</source>
        <translation>All consumption</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="192"/>
        <source>长期（直至新版本生效）</source>
        <translation>Open-ended (until a new version takes effect)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="193"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="154"/>
        <location filename="../../ui/billing_admin/tariff_view.py" line="193"/>
        <location filename="../../ui/outages/outage_text.py" line="52"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="202"/>
        <source>电价（元/kWh）</source>
        <translation>Tariff (CNY/kWh)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="172"/>
        <source>低保户、五保户每月免费 %1 kWh</source>
        <translation>Low-income households get %1 kWh free each month</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="174"/>
        <source>（按 %1 元/kWh 抵扣电费）</source>
        <translation> (credited at %1 CNY/kWh)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_view.py" line="177"/>
        <source>基本电费 %1 元/千伏安·月</source>
        <translation>Capacity charge %1 CNY/kVA·month</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="83"/>
        <source>进行中</source>
        <extracomment>the year-less time of a crowded table column (the tooltip has the year) the default: minutes, with the year</extracomment>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="84"/>
        <source>已交班，待审核</source>
        <translation>Closed, awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="85"/>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="86"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="47"/>
        <source>长款 %1</source>
        <extracomment>session status -&gt; (text colour, background colour) of its badge</extracomment>
        <translation>Over %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="49"/>
        <source>短款 %1</source>
        <translation>Short %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="50"/>
        <source>账实相符</source>
        <translation>Balanced</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="169"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="184"/>
        <source>保存 PDF 失败：%1</source>
        <translation>Could not save the PDF: %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/common.py" line="199"/>
        <source>已保存，但打印记录未能保存（%1）</source>
        <translation>Saved, but the print log could not be updated (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周一</source>
        <extracomment>One colour per period, dark (expensive, warm) to cool (cheap); white text on all but 平.</extracomment>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="68"/>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="167"/>
        <source>某日时段 (Ctrl+D)</source>
        <translation>Periods on a day (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="176"/>
        <source>输入 8 位数字（如 20261001），或用 ←→ 选年/月/日、↑↓ 调整；Alt+↓ 打开日历</source>
        <translation>Type 8 digits (e.g. 20261001), or pick year/month/day with ←→ and adjust with ↑↓; Alt+↓ opens the calendar</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="263"/>
        <source>「%1」时段表</source>
        <translation>“%1” schedule</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="265"/>
        <source>法定假日</source>
        <translation>public holiday</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="265"/>
        <source>放假</source>
        <translation>day off</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="267"/>
        <source>节假日时段覆盖%1</source>
        <translation>Holiday periods override the %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="269"/>
        <source>此版本没有节假日时段，按%1</source>
        <translation>This version has no holiday periods; the %1 applies</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="279"/>
        <source>%1 年的法定节假日安排尚未收录（已收录 %2 年），按非节假日显示</source>
        <translation>The public holidays of %1 are not on file yet (on file: %2); shown as a normal day</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_day.py" line="281"/>
        <source>该日不在此版本的生效期间内（%1 起）</source>
        <translation>This date is outside the effective period of this version (from %1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_text.py" line="117"/>
        <source>时段应为 {&quot;from&quot;, &quot;to&quot;, &quot;period&quot;} 对象</source>
        <translation>Each period must be a {&quot;from&quot;, &quot;to&quot;, &quot;period&quot;} object</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_messages.py" line="56"/>
        <location filename="../../ui/billing_admin/schedule_models.py" line="117"/>
        <source>起始</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_messages.py" line="56"/>
        <location filename="../../ui/billing_admin/schedule_models.py" line="117"/>
        <source>结束</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="117"/>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_text.py" line="46"/>
        <source>时刻格式应为 HH:MM，如 08:00（输入的是“%1”）</source>
        <translation>Write the time as HH:MM, e.g. 08:00 (you entered “%1”)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_text.py" line="50"/>
        <source>分钟须在 00–59（输入的是 %1）</source>
        <translation>Minutes must be 00–59 (you entered %1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_text.py" line="51"/>
        <source>时刻须在 00:00–24:00（输入的是 %1）</source>
        <translation>The time must be within 00:00–24:00 (you entered %1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="244"/>
        <source>季节</source>
        <translation>Season</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="244"/>
        <source>月份</source>
        <translation>Months</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="271"/>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="311"/>
        <location filename="../../ui/billing_admin/tariff_view.py" line="154"/>
        <source>%1 月</source>
        <translation>Months %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="288"/>
        <source>月份请写成数字，如 7、8 或 2-6、9-11</source>
        <translation>Write the months as numbers, e.g. 7, 8 or 2-6, 9-11</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_models.py" line="303"/>
        <source>新季节</source>
        <translation>New season</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_tables.py" line="100"/>
        <source>%1（无电价）</source>
        <translation>%1 (no price)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="107"/>
        <source>法定节假日（此季节）</source>
        <extracomment>the tables as first loaded: Esc asks before it throws away changes to them</extracomment>
        <translation>Public holidays (this season)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="112"/>
        <source>添加季节 (Ins)</source>
        <translation>Add season (Ins)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="113"/>
        <source>在季节表中按 Ins：复制当前季节的时段，再填写月份</source>
        <translation>Ins in the season table: copies the current season&apos;s periods; then fill in the months</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="114"/>
        <source>删除季节 (Del)</source>
        <translation>Delete season (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="115"/>
        <source>在季节表中按 Del</source>
        <translation>Del in the season table</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="116"/>
        <source>添加时段 (Ins)</source>
        <translation>Add period (Ins)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="117"/>
        <source>在时段表中按 Ins：把当前时段从中间拆成两段</source>
        <translation>Ins in the period table: splits the current period in two at its middle</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="118"/>
        <source>删除时段 (Del)</source>
        <translation>Delete period (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="119"/>
        <source>在时段表中按 Del：时间并入上一段</source>
        <translation>Del in the period table: its time joins the period before</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="120"/>
        <source>添加 (Ins)</source>
        <translation>Add (Ins)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="120"/>
        <source>在节假日表中按 Ins</source>
        <translation>Ins in the holiday table</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="121"/>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="121"/>
        <source>在节假日表中按 Del</source>
        <translation>Del in the holiday table</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="159"/>
        <source>季节（月份组）</source>
        <translation>Seasons (groups of months)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="164"/>
        <source>节假日时段（法定节假日覆盖当日时段，可为空）</source>
        <translation>Holiday periods (replace the day&apos;s periods on public holidays; may be empty)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="194"/>
        <source>每个季节是一组月份和一张覆盖 00:00–24:00 的时段表，每个月恰好属于一个季节；节假日时段在法定节假日覆盖当日的时段。表格中 Ins 添加（拆分）一行、Del 删除一行，Enter / F2 或直接输入修改，Tab 到下一张表。</source>
        <translation>Each season is a group of months with a schedule covering 00:00–24:00; every month belongs to exactly one season. Holiday periods replace the day&apos;s periods on public holidays. In the tables, Ins adds (splits) a row, Del deletes a row, Enter / F2 or typing edits, Tab moves to the next table.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="209"/>
        <source>时段表（schedules、holiday_periods）应为列表</source>
        <translation>The schedules (schedules, holiday_periods) must be lists</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="213"/>
        <source>每个季节应为 {&quot;name&quot;, &quot;months&quot;, &quot;periods&quot;} 对象</source>
        <translation>Each season must be a {&quot;name&quot;, &quot;months&quot;, &quot;periods&quot;} object</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="217"/>
        <source>季节的 months、periods 应为列表</source>
        <translation>A season&apos;s months and periods must be lists</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="311"/>
        <source>「%1」的时段（%2）</source>
        <translation>Periods of “%1” (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="311"/>
        <source>未命名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="315"/>
        <source>时段（请先添加季节）</source>
        <translation>Periods (add a season first)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="353"/>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="354"/>
        <source>时段表已修改，尚未保存。
放弃这些修改并关闭吗？</source>
        <translation>The period tables have unsaved changes.
Discard them and close?</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_messages.py" line="56"/>
        <location filename="../../ui/billing_admin/tariff_view.py" line="93"/>
        <location filename="../../ui/outages/outage_text.py" line="52"/>
        <source>%1：%2</source>
        <extracomment>season -&gt; band row (None: the season&apos;s table as a whole) -&gt; texts
----------
the template of the domain&apos;s messages about one value of a tariff (app.domain.tariffs.parsing.path_error)</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="409"/>
        <source>此季节的时段表有误</source>
        <translation>This season&apos;s schedule has errors</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="411"/>
        <source>第 %1 行（%2）：%3</source>
        <translation>Row %1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/schedule_messages.py" line="95"/>
        <source>第 %1 行：%2</source>
        <translation>Row %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="419"/>
        <source>「%1」的时段表：%2</source>
        <translation>“%1” schedule: %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="439"/>
        <location filename="../../ui/billing_admin/tariff_schedule.py" line="440"/>
        <source>季节%1</source>
        <translation>Season %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="51"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="60"/>
        <source>该户所在台区 %1</source>
        <translation>This customer&apos;s transformer area %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="61"/>
        <source>该户所在线路 %1</source>
        <translation>This customer&apos;s line %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="62"/>
        <source>该户所在区域 %1</source>
        <translation>This customer&apos;s area %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="65"/>
        <source>（停电中）</source>
        <translation> (outage under way)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/outage_text.py" line="67"/>
        <source>%1 %2%3 %4（%5）</source>
        <translation>%1 %2%3 %4 (%5)</translation>
    </message>
</context>
<context>
    <name>AcceptDialog</name>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="134"/>
        <location filename="../../ui/applications/accept_dialog.py" line="191"/>
        <source>业务受理</source>
        <extracomment>(text, error) -&gt; None: where the outcome is told (the customer view&apos;s status line) the payments feature&apos;s F6 (ui/payments/customer_hook.CustomerPayments.take_payment)</extracomment>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="180"/>
        <source>新客户（未建档）：只可受理新装、临时用电</source>
        <extracomment>once per form, and kept with its draft: a second Ctrl+Enter, a retry or the draft restored after a crash that came just after the acceptance accepts it once (the service answers with the application already accepted) the handling time&apos;s start: when the customer view first showed the customer (set by the caller), else when this form opened (a new customer) kept on disk as it is typed (ui/drafts.py), until accepted or cancelled</extracomment>
        <translation>New customer (not registered): only new connections and temporary supply can be accepted</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="182"/>
        <source>户号 %1&#x3000;%2&#x3000;%3&#x3000;%4 %5 kVA</source>
        <translation>Account %1&#x3000;%2&#x3000;%3&#x3000;%4 %5 kVA</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="201"/>
        <source>大客户：受理后转客户经理 %1 办理</source>
        <translation>Large customer: routed to account manager %1 after acceptance</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="203"/>
        <source>大客户：档案中尚未指定客户经理</source>
        <translation>Large customer: no account manager assigned in the record</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="220"/>
        <source>申请人姓名或单位名称</source>
        <translation>Applicant name or organisation</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="226"/>
        <source>选填</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="239"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="240"/>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="241"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="242"/>
        <source>申请资料</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="244"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="260"/>
        <source>先收费 (F6)</source>
        <translation>Take payment first (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="265"/>
        <source>主管授权…</source>
        <translation>Supervisor approval…</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="278"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="279"/>
        <source>受理 (Ctrl+Enter)</source>
        <translation>Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="325"/>
        <source>%1（选填）</source>
        <translation>%1 (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="341"/>
        <source>请选择电价</source>
        <translation>Choose a tariff</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="396"/>
        <source>资料齐全</source>
        <translation>All documents received</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="401"/>
        <source>缺：%1&#x3000;（收到身份证明并签署一证受理承诺书后可先受理）</source>
        <translation>Missing: %1&#x3000;(can be accepted with an ID document and a signed one-document commitment)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="404"/>
        <source>缺：%1&#x3000;（资料齐全后方可受理）</source>
        <translation>Missing: %1&#x3000;(can be accepted once all documents are received)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="417"/>
        <source>承诺办结日期：计算中…</source>
        <translation>Promised completion: computing…</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="428"/>
        <source>承诺办结日期：%1（%2个工作日）</source>
        <translation>Promised completion: %1 (%2 working days)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="431"/>
        <source>&#x3000;暂定：所跨年份的节假日尚未录入</source>
        <translation>&#x3000;provisional: the holidays of a year it spans are not entered yet</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="468"/>
        <source>正在受理…</source>
        <translation>Accepting…</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="515"/>
        <source>证件号码校验未通过：核对原件无误后，请值班长授权（按 Enter）</source>
        <translation>The ID number fails its check: after checking the original, ask the supervisor to approve (press Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="525"/>
        <source>授权未通过：%1</source>
        <translation>Approval not granted: %1</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="548"/>
        <source>客户尚欠电费 %1：按 F6 先收费，收费后再受理</source>
        <translation>The customer owes %1: press F6 to take the payment, then accept</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="554"/>
        <source>请先在客户视图中按 F6 收清欠费，再受理</source>
        <translation>Settle the arrears first with F6 in the customer view, then accept</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="561"/>
        <source>不能受理：</source>
        <translation>Cannot be accepted:</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="570"/>
        <source>收费：收费完成后按 Ctrl+Enter 再次受理</source>
        <translation>Payment: once paid, press Ctrl+Enter to accept again</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="583"/>
        <source>已收费。按 Ctrl+Enter 再次受理</source>
        <translation>Paid. Press Ctrl+Enter to accept again</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="591"/>
        <source>证件号码校验未通过，需值班长授权</source>
        <translation>The ID number failed validation; supervisor approval is required</translation>
    </message>
    <message>
        <location filename="../../ui/applications/accept_dialog.py" line="665"/>
        <source>已恢复%1的草稿，请与客户核对后再受理。</source>
        <translation>The draft of %1 was restored: check it with the customer before accepting.</translation>
    </message>
</context>
<context>
    <name>AdjustmentDialog</name>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="103"/>
        <source>补收金额对应的退补电量应为正数或 0（退还电量请把金额也填为负数）</source>
        <extracomment>field names as the service&apos;s ValidationErrors name them</extracomment>
        <translation>An extra charge goes with positive adjustment kWh or 0 (to credit kWh, enter a negative amount too)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="106"/>
        <source>退还金额对应的退补电量应为负数或 0，如 -20（补收电量请把金额填为正数）</source>
        <translation>A credit goes with negative adjustment kWh or 0, e.g. -20 (to charge kWh, enter a positive amount)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="143"/>
        <source>退补 — 账单 %1（%2）</source>
        <extracomment>the second person&apos;s approval (退补 at or above the limit, issue 7 item 7b), kept for a retry what the approval was given for (bill, amount, kWh, reason): an edited entry is not it</extracomment>
        <translation>Adjustment — bill %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="176"/>
        <source>开具退补账单&#x3000;更正 %1 电费</source>
        <translation>Issue adjustment bill&#x3000;Correct period %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="180"/>
        <source>%1&#x3000;户号 %2</source>
        <translation>%1&#x3000;Account No. %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="198"/>
        <source>原账单 %1&#x3000;%2&#x3000;%3 kWh&#x3000;金额 %4</source>
        <translation>Original bill %1&#x3000;%2&#x3000;%3 kWh&#x3000;Amount %4</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="200"/>
        <source>已缴 %1&#x3000;欠费 %2&#x3000;%3</source>
        <translation>Paid %1&#x3000;Arrears %2&#x3000;%3</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="203"/>
        <source>&#x3000;退补冲减 %1</source>
        <translation>&#x3000;Credited by adjustment %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="205"/>
        <source>已退补 %1，该账单现合计 %2</source>
        <translation>Adjusted so far %1; this bill now totals %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="188"/>
        <source>补收填正数，退还填负数（如 -12.50）。原账单不会被修改：退补另开一张新账单，并记入操作日志。</source>
        <translation>Enter a positive amount to charge extra, a negative one to credit (e.g. -12.50). The original bill is not changed: the adjustment is issued as a new bill and recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="211"/>
        <source>补收为正，退还为负，如 -12.50</source>
        <translation>Positive to charge extra, negative to credit, e.g. -12.50</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="214"/>
        <source>整数，可为负；只调电费填 0</source>
        <translation>Whole number, may be negative; 0 to adjust the amount only</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="217"/>
        <source>如：抄表差错，本次示数多抄 20 kWh</source>
        <translation>e.g. Reading error: current reading 20 kWh too high</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="237"/>
        <source>退补金额（元）</source>
        <translation>Adjustment amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="238"/>
        <source>大写</source>
        <translation>In words</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="239"/>
        <source>退补电量（kWh）</source>
        <translation>Usage adjustment (kWh)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="240"/>
        <source>退补原因</source>
        <translation>Reason for adjustment</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="249"/>
        <source>确认后将：</source>
        <translation>On confirmation:</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="279"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="279"/>
        <location filename="../../ui/billing/adjustment.py" line="488"/>
        <source>确认退补 (Enter)</source>
        <translation>Confirm adjustment (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="335"/>
        <source>输入退补金额后，这里显示新账单和对欠费、预存的影响。</source>
        <translation>Enter the adjustment amount to see the new bill and its effect on arrears and prepaid here.</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="339"/>
        <source>补收</source>
        <translation>Extra charge</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="339"/>
        <source>退还</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="340"/>
        <source>%1 人民币%2</source>
        <translation>%1 RMB %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="343"/>
        <source>%1 kWh</source>
        <translation>%1 kWh</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="343"/>
        <source>电量不变</source>
        <translation>usage unchanged</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="345"/>
        <source>电量待填</source>
        <translation>usage not entered yet</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="348"/>
        <source>新开退补账单（%1）%2，%3，缴费截止 %4</source>
        <translation>New adjustment bill (%1) %2, %3, due %4</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="351"/>
        <source>客户欠费增加 %1</source>
        <translation>The customer&apos;s arrears increase by %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="353"/>
        <source>；客户预存 %1，将先行抵扣</source>
        <translation>; the customer&apos;s prepaid %1 is applied first</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="360"/>
        <source>冲减该账单欠费 %1（现欠 %2 → %3），不计为客户缴费</source>
        <translation>Reduces the arrears of this bill by %1 (owed %2 → %3); not counted as a payment by the customer</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="364"/>
        <source>其余 %1</source>
        <translation>The remaining %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="365"/>
        <source>该账单已无欠费，退还的 %1</source>
        <translation>This bill has no arrears left; the credited %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="367"/>
        <source>%1先冲抵该户其他未结清的账单，再转入预存</source>
        <translation>%1 first settles the customer’s other unpaid bills, then goes to prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="369"/>
        <source>%1转入预存</source>
        <translation>%1 goes to prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="371"/>
        <source>账单 %1 合计：%2 → %3（原账单不变）</source>
        <translation>Bill %1 total: %2 → %3 (original bill unchanged)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="376"/>
        <source>退补后该账单金额为负：最多可退 %1</source>
        <translation>The bill would total below zero: at most %1 can be credited</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="454"/>
        <source>请填写退补原因（至少%1个字）</source>
        <translation>Enter a reason for the adjustment (at least %1 characters)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="488"/>
        <source>正在开具…</source>
        <translation>Issuing…</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="491"/>
        <location filename="../../ui/billing/adjustment.py" line="552"/>
        <source>正在保存，请稍候…</source>
        <translation>Saving, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/billing/adjustment.py" line="519"/>
        <source>退补结果未确认（%1）。请按 Enter 重试：同一笔退补不会重复开具。</source>
        <translation>Adjustment not confirmed (%1). Press Enter to try again: the same adjustment will not be issued twice.</translation>
    </message>
</context>
<context>
    <name>AllocationModel</name>
    <message>
        <location filename="../../ui/payments/models.py" line="131"/>
        <source>账期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="132"/>
        <source>账单号</source>
        <translation>Bill No.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="133"/>
        <source>违约金</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="135"/>
        <source>本金</source>
        <translation>Principal</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="137"/>
        <source>小计</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="139"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="139"/>
        <source>结清</source>
        <translation>Settled</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="139"/>
        <source>部分</source>
        <translation>Partial</translation>
    </message>
</context>
<context>
    <name>AnchorsModel</name>
    <message>
        <location filename="../../ui/audit/models.py" line="54"/>
        <source>节点</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="55"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="56"/>
        <source>校验码</source>
        <translation>Digest</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="57"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="58"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="59"/>
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="60"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="61"/>
        <source>与日志</source>
        <translation>Against the log</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="68"/>
        <source>哈希链自第%1条断开</source>
        <translation>hash chain broken from record %1</translation>
    </message>
</context>
<context>
    <name>ApplicationDetailDialog</name>
    <message>
        <location filename="../../ui/applications/detail.py" line="168"/>
        <source>业务申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="178"/>
        <source>申请内容</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="183"/>
        <source>办理记录</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="188"/>
        <source>挂起记录</source>
        <translation>Suspensions</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="189"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="217"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="218"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="219"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="220"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="221"/>
        <source>客户经理</source>
        <translation>Account manager</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="222"/>
        <source>当前环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="223"/>
        <source>承诺办结</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="224"/>
        <source>应办结</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="225"/>
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="249"/>
        <source>业务信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="253"/>
        <source>申请资料</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="270"/>
        <source>附件功能尚未安装</source>
        <translation>Attachments are not installed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="281"/>
        <location filename="../../ui/applications/detail.py" line="530"/>
        <source>推进到下一环节</source>
        <translation>Move to the next stage</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="282"/>
        <location filename="../../ui/applications/detail.py" line="594"/>
        <source>办结归档</source>
        <translation>Complete and archive</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="283"/>
        <location filename="../../ui/applications/detail.py" line="545"/>
        <source>挂起</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="284"/>
        <location filename="../../ui/applications/detail.py" line="555"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="285"/>
        <location filename="../../ui/applications/detail.py" line="572"/>
        <source>撤销</source>
        <translation>Cancel application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="288"/>
        <source>补打受理回执</source>
        <translation>Reprint acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="294"/>
        <source>打印申请表</source>
        <translation>Print application form</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="313"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="354"/>
        <source>业务申请 %1</source>
        <translation>Application %1</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="357"/>
        <source>%1&#x3000;%2%3</source>
        <translation>%1&#x3000;%2%3</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="360"/>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="365"/>
        <location filename="../../ui/applications/detail.py" line="371"/>
        <source>%1&#x3000;%2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="367"/>
        <source>%1（申请人，尚未建档）</source>
        <translation>%1 (applicant, not registered yet)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="372"/>
        <source>（未分派）</source>
        <translation>(not assigned)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="375"/>
        <source>挂起中，期限暂停计算</source>
        <translation>Suspended: the deadline clock is stopped</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="381"/>
        <source>%1 于 %2 %3</source>
        <translation>%1 on %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="397"/>
        <source>办理记录 (%1)</source>
        <translation>Steps (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="398"/>
        <source>挂起记录 (%1)</source>
        <translation>Suspensions (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="414"/>
        <source>超期 %1 个工作日</source>
        <translation>%1 working days overdue</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="416"/>
        <source>剩余 %1 个工作日</source>
        <translation>%1 working days left</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="418"/>
        <source>%1&#x3000;已用 %2 / 时限 %3 个工作日，%4</source>
        <translation>%1&#x3000;used %2 of %3 working days, %4</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="432"/>
        <source>%1 kVA</source>
        <translation>%1 kVA</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="455"/>
        <source>受理备注：</source>
        <translation>Acceptance note:</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="459"/>
        <source>撤销原因：</source>
        <translation>Cancellation reason:</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="461"/>
        <source>该业务无需填写业务信息</source>
        <translation>This type has no details to fill in</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="474"/>
        <source>已收资料</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="475"/>
        <source>缺件</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="476"/>
        <source>承诺后补</source>
        <translation>To follow (committed)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="485"/>
        <source>已签署</source>
        <translation>signed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="485"/>
        <source>未签署</source>
        <translation>not signed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="486"/>
        <source>一证受理承诺书：</source>
        <translation>One-document commitment:</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="526"/>
        <source>推进到「%1」。办理意见（可不填）：</source>
        <translation>Move to &quot;%1&quot;. Remark (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="528"/>
        <source>办理意见（可不填）：</source>
        <translation>Remark (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="530"/>
        <source>推进</source>
        <translation>Move on</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="537"/>
        <source>已推进到「%1」</source>
        <translation>Moved to &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="537"/>
        <source>已推进</source>
        <translation>Moved on</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="545"/>
        <source>挂起申请</source>
        <translation>Suspend application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="545"/>
        <source>挂起原因（挂起期间不计办理时限）：</source>
        <translation>Reason for suspending (the time limit stops meanwhile):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="548"/>
        <source>已挂起，期限暂停计算</source>
        <translation>Suspended: the deadline clock is stopped</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="555"/>
        <source>恢复办理</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="555"/>
        <source>恢复说明（可不填）：</source>
        <translation>Remark on resuming (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="558"/>
        <source>已恢复办理，期限继续计算</source>
        <translation>Resumed: the deadline clock runs again</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="569"/>
        <source>撤销须由值班长办理：%1</source>
        <translation>Only a supervisor can cancel: %1</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="572"/>
        <source>撤销申请</source>
        <translation>Cancel application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="572"/>
        <source>撤销原因（撤销后不能恢复）：</source>
        <translation>Reason for cancelling (cannot be undone):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="575"/>
        <source>申请已撤销</source>
        <translation>Application cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="585"/>
        <source>客户模块未启用，无法为新装登记客户档案</source>
        <translation>The customers module is not available: the new connection&apos;s customer cannot be registered</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="591"/>
        <source>未填写新客户档案，申请未办结</source>
        <translation>No customer record entered: the application was not completed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="594"/>
        <source>办结意见（可不填）：</source>
        <translation>Completion remark (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="594"/>
        <source>办结</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="679"/>
        <source>已办结归档，新客户户号 %1</source>
        <translation>Completed and archived; new account %1</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="681"/>
        <source>已办结归档，客户档案已按申请变更</source>
        <translation>Completed and archived; the customer record was changed as applied</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="706"/>
        <source>可能重复建档</source>
        <translation>Possible duplicate customer</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="707"/>
        <source>%1
%2

仍要为此申请新建客户档案吗？</source>
        <translation>%1
%2

Register a new customer for this application anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="712"/>
        <source>未办结：可能与已有客户重复</source>
        <translation>Not completed: may duplicate an existing customer</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="738"/>
        <source>上一份单据仍在预览中</source>
        <translation>The previous document is still being previewed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="745"/>
        <source>正在办理，请稍候…</source>
        <translation>Working on it, please wait…</translation>
    </message>
</context>
<context>
    <name>ApplicationDocuments</name>
    <message>
        <location filename="../../ui/applications/printing.py" line="20"/>
        <source>业务受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../ui/applications/printing.py" line="20"/>
        <source>用电申请表</source>
        <translation>Application form</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <location filename="../../ui/applications/models.py" line="66"/>
        <source>受理编号</source>
        <extracomment>期限&apos;s colours (text, background) by deadline status 期限 sorts green, yellow, red the column painted in the deadline colours (a subclass with other columns says which)</extracomment>
        <translation>Application no.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="67"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="68"/>
        <source>当前环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="69"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="71"/>
        <source>受理时间</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="76"/>
        <source>承诺办结日期</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="82"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="88"/>
        <source>受理人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="98"/>
        <source>%1（挂起中，期限暂停计算）</source>
        <translation>%1 (suspended: the clock is stopped)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/models.py" line="100"/>
        <source>%1，应于 %2 前办结</source>
        <translation>%1, due by %2</translation>
    </message>
</context>
<context>
    <name>ApplicationsModule</name>
    <message>
        <location filename="../../ui/applications/module.py" line="105"/>
        <source>业务受理</source>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="130"/>
        <source>Enter/双击 打开申请 · F9 新建申请 · F5 刷新 · Ctrl+PgDown/PgUp 翻页 · Ctrl+F 筛选 · Ctrl+Shift+F 清除筛选 · 筛选框中 ↓ 回到列表</source>
        <translation>Enter/double-click opens · F9 new application · F5 refresh · Ctrl+PgDown/PgUp pages · Ctrl+F filters · Ctrl+Shift+F clears filters · ↓ in a filter back to the list</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="148"/>
        <source>新建申请</source>
        <translation>New application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="149"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="150"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="151"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="152"/>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="153"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="154"/>
        <source>打开申请</source>
        <translation>Open application</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="222"/>
        <source>请更正受理日期</source>
        <translation>Correct the acceptance dates</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="282"/>
        <source>没有符合条件的申请</source>
        <translation>No applications match</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="282"/>
        <source>本页没有申请</source>
        <translation>No applications on this page</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="286"/>
        <source>第 %1–%2 条%3 · 本页在办：超期 %4 · 临期 %5 · 正常 %6</source>
        <translation>Rows %1–%2%3 · open on this page: overdue %4 · due soon %5 · on time %6</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="289"/>
        <source>（后面还有）</source>
        <translation> (more follow)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="332"/>
        <source>请先在列表中选择一笔申请</source>
        <translation>Select an application in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/applications/module.py" line="355"/>
        <source>当前角色无权受理业务（营业员、值班长可以受理）</source>
        <translation>Your role may not accept applications (clerks and supervisors may)</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/approval_dialog.py" line="34"/>
        <source>主管授权</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="56"/>
        <source>请值班长在本机输入自己的账号和密码，并填写放行原因（至少%1个字）。授权人与原因将记入档案和操作日志。</source>
        <translation>A supervisor must enter their own user name and password on this PC and give a reason for the override (at least %1 characters). The approver and the reason are recorded in the customer record and the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="64"/>
        <source>值班长用户名</source>
        <translation>Supervisor user name</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="67"/>
        <source>值班长密码</source>
        <translation>Supervisor password</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="69"/>
        <source>如：已核对身份证原件，证号无误</source>
        <translation>e.g. Original ID card checked; number is correct</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="76"/>
        <source>授权人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="77"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="78"/>
        <source>授权原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="83"/>
        <source>授权并保存</source>
        <translation>Approve and save</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="84"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="116"/>
        <source>请输入授权人用户名</source>
        <translation>Enter the approver&apos;s user name</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="120"/>
        <source>请输入授权人密码</source>
        <translation>Enter the approver&apos;s password</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="124"/>
        <source>请填写至少%1个字的授权原因</source>
        <translation>Enter a reason of at least %1 characters</translation>
    </message>
</context>
<context>
    <name>AttachmentPreview</name>
    <message>
        <location filename="../../ui/applications/attachments.py" line="211"/>
        <source>选择一个附件查看</source>
        <translation>Select an attachment to view it</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="225"/>
        <source>无法预览“%1”：PDF 文件无法读取</source>
        <translation>Cannot preview &quot;%1&quot;: the PDF cannot be read</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="233"/>
        <source>无法预览“%1”：图片无法读取</source>
        <translation>Cannot preview &quot;%1&quot;: the image cannot be read</translation>
    </message>
</context>
<context>
    <name>AttachmentsModel</name>
    <message>
        <location filename="../../ui/applications/attachments.py" line="89"/>
        <source>序号</source>
        <extracomment>files the scanner-folder list offers, newest first suffixes the scanner list and the file dialog show (the service decides by the bytes anyway)</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="90"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="91"/>
        <source>资料</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="91"/>
        <source>（未指定）</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="92"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="94"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="96"/>
        <source>添加人</source>
        <translation>Added by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="98"/>
        <source>添加时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="101"/>
        <source>%1（来源：%2）</source>
        <translation>%1 (source: %2)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="109"/>
        <source>文件</source>
        <translation>file</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="109"/>
        <source>扫描</source>
        <translation>scanner</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="109"/>
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../ui/applications/attachments.py" line="321"/>
        <source>从文件添加</source>
        <extracomment>One document to add: a name for the messages and a function that returns (file name, bytes) on the worker thread.</extracomment>
        <translation>Add from file</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="323"/>
        <source>选择扫描件、照片或 PDF 文件（Ctrl+O）</source>
        <translation>Choose a scan, photo or PDF file (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="324"/>
        <source>从扫描文件夹添加</source>
        <translation>Add from scanner folder</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="326"/>
        <source>从扫描仪保存文件的文件夹中选择最新的扫描件（Ctrl+Shift+O）</source>
        <translation>Choose the newest scans from the folder the scanner saves to (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="327"/>
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="329"/>
        <source>添加剪贴板中的图片或复制的文件（Ctrl+V）</source>
        <translation>Add the image or copied file on the clipboard (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="332"/>
        <source>新添加的附件是哪一项受理资料</source>
        <translation>Which application document the new attachment is</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="333"/>
        <location filename="../../ui/applications/attachments.py" line="404"/>
        <location filename="../../ui/applications/attachments.py" line="439"/>
        <source>（未指定资料）</source>
        <translation>(no document specified)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="344"/>
        <source>资料：</source>
        <translation>Document:</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="401"/>
        <source>选择一个附件查看</source>
        <translation>Select an attachment to view it</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="458"/>
        <source>共 %1 个附件，%2（每个申请最多 %3 个、合计 %4；单个文件不超过 %5）</source>
        <translation>%1 attachments, %2 (at most %3 and %4 in total per application; %5 per file)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="466"/>
        <source>%1。申请已关闭，不能再添加附件</source>
        <translation>%1. The application is closed: no more attachments can be added</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="480"/>
        <source>选择要添加的附件</source>
        <translation>Choose the attachment to add</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="481"/>
        <source>扫描件或照片 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)</source>
        <translation>Scans or photos (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="493"/>
        <source>未设置扫描文件夹：请在 settings.toml 中设置 scanner_folder（扫描仪保存文件的文件夹）</source>
        <translation>No scanner folder set: set scanner_folder (the folder the scanner saves to) in settings.toml</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="499"/>
        <source>扫描文件夹“%1”不存在或无法访问，请检查扫描仪的保存位置</source>
        <translation>Scanner folder &quot;%1&quot; does not exist or cannot be opened; check where the scanner saves</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="513"/>
        <source>扫描文件夹“%1”中没有扫描件（PDF、JPEG、PNG、TIFF）</source>
        <translation>Scanner folder &quot;%1&quot; holds no scans (PDF, JPEG, PNG, TIFF)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="540"/>
        <source>粘贴图片_%1.png</source>
        <translation>pasted_image_%1.png</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="545"/>
        <source>剪贴板中没有图片或文件：请先在扫描软件中复制图片，或在文件夹中复制文件</source>
        <translation>The clipboard holds no image or file: copy the image in the scanning program, or copy a file in a folder</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="591"/>
        <source>文件无法读取（可能已被移走、正被扫描程序占用或没有权限）</source>
        <translation>The file cannot be read (moved away, still used by the scanning program, or no permission)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="594"/>
        <source>“%1”未添加：%2</source>
        <translation>&quot;%1&quot; not added: %2</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="615"/>
        <source>正在打开“%1”…</source>
        <translation>Opening &quot;%1&quot;…</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="618"/>
        <source>第 %1 个附件：%2（%3，%4）</source>
        <translation>Attachment %1: %2 (%3, %4)</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <location filename="../../ui/audit/labels.py" line="13"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="14"/>
        <source>退出登录</source>
        <translation>Log-out</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="15"/>
        <source>登录失败</source>
        <translation>Failed log-in</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="16"/>
        <source>锁定用户</source>
        <translation>Lock user</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="17"/>
        <source>解锁用户</source>
        <translation>Unlock user</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="18"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="19"/>
        <source>修改用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="20"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="21"/>
        <source>初始化节点</source>
        <translation>Initialise node</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="22"/>
        <source>修改业务规则</source>
        <translation>Change hall rules</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="23"/>
        <source>载入电价目录</source>
        <translation>Load tariff catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="24"/>
        <source>新增电价版本</source>
        <translation>New tariff version</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="25"/>
        <source>建档</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="26"/>
        <source>修改档案</source>
        <translation>Record edited</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="27"/>
        <source>受理申请</source>
        <translation>Accept application</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="28"/>
        <source>推进环节</source>
        <translation>Advance stage</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="29"/>
        <source>挂起申请</source>
        <translation>Suspend application</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="30"/>
        <source>恢复申请</source>
        <translation>Resume application</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="31"/>
        <source>撤销申请</source>
        <translation>Cancel application</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="32"/>
        <source>办结申请</source>
        <translation>Complete application</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="33"/>
        <source>上传附件</source>
        <translation>Attach document</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="34"/>
        <source>导入业务目录</source>
        <translation>Import business-type catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="35"/>
        <source>导入抄表数据</source>
        <translation>Import meter readings</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="36"/>
        <source>电费计算</source>
        <translation>Compute bills</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="37"/>
        <source>导入账单</source>
        <translation>Import bills</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="38"/>
        <source>退补</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="39"/>
        <source>收费</source>
        <translation>Collect payment</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="40"/>
        <source>冲正</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="41"/>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="42"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="43"/>
        <source>开班</source>
        <translation>Open session</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="44"/>
        <source>交班日结</source>
        <translation>Close shift (day-end)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="45"/>
        <source>退回班次</source>
        <translation>Return session</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="46"/>
        <source>审核班次</source>
        <translation>Approve session</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="47"/>
        <source>录入锚点</source>
        <translation>Record anchor</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="48"/>
        <source>受理工单</source>
        <translation>Record work order</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="49"/>
        <source>派单</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="50"/>
        <source>改派工单</source>
        <translation>Reassign work order</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="51"/>
        <source>处理工单</source>
        <translation>Start work order</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="52"/>
        <source>答复工单</source>
        <translation>Reply to work order</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="53"/>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="54"/>
        <source>归档工单</source>
        <translation>Archive work order</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="55"/>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="56"/>
        <source>跳过评价</source>
        <translation>Skip rating</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="57"/>
        <source>发布停电信息</source>
        <translation>Announce an outage</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="58"/>
        <source>修改停电信息</source>
        <translation>Edit outage</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="59"/>
        <source>停电结束</source>
        <translation>Outage ended</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="60"/>
        <source>取消停电</source>
        <translation>Cancel outage</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="61"/>
        <source>导入停电信息</source>
        <translation>Import outages</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="62"/>
        <source>修改工单时限</source>
        <translation>Change work-order deadlines</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="63"/>
        <source>修改诉求分类</source>
        <translation>Change request categories</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="64"/>
        <source>登记分支节点</source>
        <translation>Register branch node</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="65"/>
        <source>签发注册码</source>
        <translation>Issue enrolment code</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="66"/>
        <source>节点注册</source>
        <translation>Node enrolled</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="67"/>
        <source>停用同步节点</source>
        <translation>Block sync node</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="68"/>
        <source>同步收费转预存</source>
        <translation>Synced payment excess to prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="69"/>
        <source>处理同步冲突</source>
        <translation>Resolve sync conflict</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="70"/>
        <source>接收分支转交的操作</source>
        <translation>Received work carried from a branch</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="71"/>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="72"/>
        <source>演示收费</source>
        <translation>Demo payments</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="76"/>
        <source>日结报表</source>
        <translation>Day-end report</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="77"/>
        <source>班次审核</source>
        <translation>Session review</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="78"/>
        <source>手工录入</source>
        <translation>Typed in</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="81"/>
        <source>与日志一致</source>
        <translation>Matches the log</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="81"/>
        <source>与日志不符</source>
        <translation>Does not match the log</translation>
    </message>
    <message>
        <location filename="../../ui/audit/labels.py" line="81"/>
        <source>日志中无此条</source>
        <translation>Not in the log</translation>
    </message>
</context>
<context>
    <name>AuditFilterBar</name>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="33"/>
        <location filename="../../ui/audit/filter_bar.py" line="40"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="37"/>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="44"/>
        <location filename="../../ui/audit/filter_bar.py" line="45"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="62"/>
        <source>回车筛选</source>
        <translation>Enter to filter</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="72"/>
        <source>操作人(&amp;R)</source>
        <translation>Acto&amp;r</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="73"/>
        <source>户号(&amp;H)</source>
        <translation>Account (&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="74"/>
        <source>类型(&amp;L)</source>
        <translation>Type (&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="75"/>
        <source>日期(&amp;D)</source>
        <translation>&amp;Dates</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="76"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="113"/>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>Dates are written YYYY-MM-DD</translation>
    </message>
</context>
<context>
    <name>AuditModule</name>
    <message>
        <location filename="../../ui/audit/module.py" line="87"/>
        <source>校验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="88"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="89"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="90"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="91"/>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="114"/>
        <source>尚未校验：按 F9 校验哈希链、锚点并对账（与 verify-log 相同）</source>
        <translation>Not verified yet: F9 checks the hash chain and anchors and reconciles the books (as verify-log does)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="141"/>
        <source>选中一条记录查看其内容</source>
        <translation>Select a record to see its content</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="176"/>
        <source>锚点是某条记录的哈希，记在日志之外：日结报表上打印的链头在班次审核时存入（日结报表），审核时的链头（班次审核），或按纸质报表录入（手工录入）。记录被改动后重算整条链，锚点处就对不上。</source>
        <translation>An anchor is a record&apos;s hash kept outside the log: the chain head printed on a day-end report and stored at the session review (day-end report), the head at the review (session review), or typed in from a paper report (manual). A record changed and the chain recomputed no longer matches at the anchor.</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="191"/>
        <source>操作日志</source>
        <translation>Operation log</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="192"/>
        <source>锚点</source>
        <translation>Anchors</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="195"/>
        <source>审计</source>
        <translation>Audit</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="209"/>
        <source>F9 校验 · Enter 筛选 · Ctrl+F 筛选栏 · Alt+PgDn / Alt+PgUp 翻页 · F5 刷新 · Ctrl+Tab 切换标签</source>
        <translation>F9 verify · Enter filter · Ctrl+F filters · Alt+PgDn / Alt+PgUp pages · F5 refresh · Ctrl+Tab tabs</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="281"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="305"/>
        <source>第 %1 页 · 第 %2–%3 条（新的在前）</source>
        <translation>Page %1 · records %2–%3 (newest first)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="307"/>
        <source>没有符合条件的记录</source>
        <translation>No records match</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="331"/>
        <source>节点 %1 · 第 %2 条 · %3（%4）</source>
        <translation>Node %1 · record %2 · %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="337"/>
        <source>操作人 %1 · %2</source>
        <translation>By %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="338"/>
        <source>对象 %1 %2</source>
        <translation>Object %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="339"/>
        <source>本条哈希 %1</source>
        <translation>Hash %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="340"/>
        <source>前条哈希 %1</source>
        <translation>Previous hash %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="341"/>
        <source>内容哈希 %1</source>
        <translation>Payload hash %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="364"/>
        <source>锚点 (%1)</source>
        <translation>Anchors (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="366"/>
        <source>锚点 (%1，%2 处不符)</source>
        <translation>Anchors (%1, %2 differ)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="378"/>
        <source>正在校验哈希链、锚点并对账…</source>
        <translation>Verifying the hash chain and anchors and reconciling…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="379"/>
        <source>正在校验操作日志…</source>
        <translation>Verifying the operation log…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="395"/>
        <source>校验未完成：%1</source>
        <translation>Verification not finished: %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="409"/>
        <source>节点 %1：哈希链完整，至第 %2 条（%3 个锚点一致）</source>
        <translation>Node %1: hash chain intact up to record %2 (%3 anchors agree)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="416"/>
        <source>节点 %1：第 %2 条起断链</source>
        <translation>Node %1: chain broken from record %2</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="418"/>
        <source>没有操作日志</source>
        <translation>No operation log</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="420"/>
        <source>对账一致（%1 笔收费、%2 张账单）</source>
        <translation>Books reconcile (%1 payments, %2 bills)</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="422"/>
        <source>对账 %1 处不符</source>
        <translation>%1 differences in the books</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="428"/>
        <source>节点 %1 第 %2 条：%3</source>
        <translation>Node %1 record %2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="433"/>
        <source>说明：%1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="442"/>
        <source>校验完成：完整</source>
        <translation>Verified: intact</translation>
    </message>
    <message>
        <location filename="../../ui/audit/module.py" line="442"/>
        <source>校验完成：发现不符</source>
        <translation>Verified: differences found</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../ui/backup.py" line="72"/>
        <source>正在备份数据库，请稍候…</source>
        <extracomment>the automatic backup to run when the running one ends (one is enough: it copies all)</extracomment>
        <translation>Backing up the database, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="77"/>
        <source>正在备份数据库（可继续收费）…</source>
        <translation>Backing up the database (payments can go on)…</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="89"/>
        <source>数据库已备份并核验：%1（%2 MB，用时 %3 秒）</source>
        <translation>Database backed up and verified: %1 (%2 MB, %3 s)</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="95"/>
        <source>注意：%1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="99"/>
        <location filename="../../ui/backup.py" line="104"/>
        <source>备份数据库</source>
        <translation>Back up database</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="113"/>
        <source>交班已完成，但自动备份失败：%1</source>
        <translation>The shift was closed, but the automatic backup failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="115"/>
        <source>备份失败：%1</source>
        <translation>Backup failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup.py" line="119"/>
        <source>备份失败</source>
        <translation>Backup failed</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/dashboard/charts.py" line="86"/>
        <source>图表不可用（缺少 QtCharts），数字见下方表格</source>
        <extracomment>the kinds&apos; colours, in the order of the stacked bars</extracomment>
        <translation>Charts unavailable (QtCharts missing); the figures are in the tables below</translation>
    </message>
</context>
<context>
    <name>BillImportController</name>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="138"/>
        <source>选择账单文件</source>
        <translation>Choose bill file</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="139"/>
        <source>账单数据 (*.csv *.txt);;所有文件 (*)</source>
        <translation>Bill data (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="144"/>
        <source>已选择 %1，确认出账日期后按 Enter 导入</source>
        <translation>Selected %1. Check the issue date, then press Enter to import</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="151"/>
        <source>请先选择账单文件（F12 或 Ctrl+O）</source>
        <translation>Choose a bill file first (F12 or Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="162"/>
        <source>正在导入 %1 …</source>
        <translation>Importing %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="177"/>
        <source>账单导入完成：%1 张，合计 %2</source>
        <translation>Bills imported: %1, total %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="179"/>
        <source>账单文件有 %1 处错误，未导入任何账单</source>
        <translation>The bill file has %1 errors; no bills were imported</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="184"/>
        <source>账单导入失败</source>
        <translation>Bill import failed</translation>
    </message>
</context>
<context>
    <name>BillImportPage</name>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="72"/>
        <source>账单文件</source>
        <translation>Bill file</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="77"/>
        <source>出账日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="80"/>
        <source>文件中未填出账日期的行按此日期出账</source>
        <translation>Rows without an issue date in the file are issued on this date</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="88"/>
        <source>账单导入</source>
        <translation>Import bills</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="90"/>
        <source>导入营销系统等外部核算好的电费账单：必需列 户号、账期（YYYY-MM）、电量(kWh)、金额(元)（最多两位小数）；可选 出账日期、缴费截止日（默认出账日期后按规定天数）、备注。UTF-8 或 GBK 编码均可。导入的账单与核算的账单一样计违约金、收费，有预存的自动抵扣。只要有一行出错，整批都不导入。</source>
        <translation>Imports bills calculated elsewhere, e.g. in the marketing system. Required columns: 户号 (account No.), 账期 (period, YYYY-MM), 电量(kWh) (usage), 金额(元) (amount, at most 2 decimals); optional: 出账日期 (issue date), 缴费截止日 (due date; by default the set number of days after the issue date), 备注 (notes). UTF-8 or GBK encoding. Imported bills accrue late fees and are paid like calculated ones; prepaid is applied automatically. If any row has an error, nothing is imported.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="99"/>
        <source>F12 选择文件 · 在出账日期框按 Enter 导入 · 错误表中 ↑↓ 查看各行</source>
        <translation>F12 choose file · Enter in the issue date box imports · ↑↓ in the error table shows each row</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="104"/>
        <source>✔ 已导入 %1 张账单，合计 %2</source>
        <translation>✔ %1 bills imported, total %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="105"/>
        <source>账单号 %1 – %2 · 账期 %3 · 电量 %4 kWh · 文件编码 %5</source>
        <translation>Bill No. %1 – %2 · period %3 · usage %4 kWh · encoding %5</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="107"/>
        <source> · %1 户以预存抵扣 %2</source>
        <translation> · %2 paid from prepaid for %1 customers</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="110"/>
        <source>✖ 发现 %1 处错误，未导入任何账单</source>
        <translation>✖ %1 errors found; no bills were imported</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="113"/>
        <source>✖ 导入失败，未导入任何账单</source>
        <translation>✖ Import failed; no bills were imported</translation>
    </message>
</context>
<context>
    <name>BillLinesModel</name>
    <message>
        <location filename="../../ui/billing/models.py" line="144"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="145"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="146"/>
        <source>单价(元)</source>
        <translation>Unit price (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="147"/>
        <source>金额(元)</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="149"/>
        <source>计算过程</source>
        <translation>Calculation</translation>
    </message>
</context>
<context>
    <name>Billing</name>
    <message>
        <location filename="../../ui/formatting.py" line="109"/>
        <source>正常</source>
        <translation>Regular</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="110"/>
        <source>退补</source>
        <translation>Adjustment</translation>
    </message>
</context>
<context>
    <name>BillingAdmin</name>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="54"/>
        <source>请输入抄表期间，如 2026-03</source>
        <translation>Enter the reading period, e.g. 2026-03</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="56"/>
        <source>期间格式应为 YYYY-MM（年-月），如 2026-03</source>
        <translation>The period must be YYYY-MM (year-month), e.g. 2026-03</translation>
    </message>
</context>
<context>
    <name>BillingAdminModule</name>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="99"/>
        <source>抄表导入</source>
        <translation>Import readings</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="100"/>
        <source>账单导入</source>
        <translation>Import bills</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="102"/>
        <source>选择导入文件</source>
        <translation>Choose import file</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="103"/>
        <location filename="../../ui/billing_admin/module.py" line="382"/>
        <source>电费核算</source>
        <translation>Billing run</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="104"/>
        <source>电价管理</source>
        <translation>Tariffs</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="105"/>
        <source>新建电价版本</source>
        <translation>New tariff version</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="107"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="128"/>
        <source>抄表导入 (F9)</source>
        <translation>Import readings (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="129"/>
        <source>账单导入 (F12)</source>
        <translation>Import bills (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="131"/>
        <source>电费核算 (F10)</source>
        <translation>Billing run (F10)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="134"/>
        <source>新建版本 (Ins)</source>
        <translation>New version (Ins)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="136"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="138"/>
        <source>电价管理 (F11)</source>
        <translation>Tariffs (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="174"/>
        <source>正在导入或核算，请等待完成后再退出</source>
        <translation>An import or billing run is in progress; wait for it to finish before leaving</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="209"/>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="272"/>
        <source>选择抄表数据文件</source>
        <translation>Choose meter reading file</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="273"/>
        <source>抄表数据 (*.csv *.txt);;所有文件 (*)</source>
        <translation>Meter readings (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="278"/>
        <source>已选择 %1，确认抄表期间后按 Enter 导入</source>
        <translation>Selected %1. Check the reading period, then press Enter to import</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="286"/>
        <source>请先选择抄表文件（F9 或 Ctrl+O）</source>
        <translation>Choose a reading file first (F9 or Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="295"/>
        <source>正在导入 %1 …</source>
        <translation>Importing %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="305"/>
        <source>抄表导入完成：%1 行</source>
        <translation>Readings imported: %1 rows</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="307"/>
        <source>抄表文件有 %1 处错误，未导入任何数据</source>
        <translation>The reading file has %1 errors; nothing was imported</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="313"/>
        <source>抄表导入失败</source>
        <translation>Reading import failed</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="376"/>
        <source>%1 期没有需要出账的客户，未执行核算</source>
        <translation>No customer needs billing for period %1; the billing run was not started</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="378"/>
        <source>为 %1 期已抄表、尚未出账的 %2 户客户计算并发行电费账单？</source>
        <translation>Calculate and issue bills for the %2 customers read in period %1 and not yet billed?</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="380"/>
        <source>（另有 %1 户本期已出账，将跳过）</source>
        <translation> (%1 more customers are already billed for this period and will be skipped)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="381"/>
        <source>账单发行后不可修改，更正须开退补账单。</source>
        <translation>Issued bills cannot be changed; corrections need an adjustment bill.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="473"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="387"/>
        <source>正在核算 %1 期电费…</source>
        <translation>Running billing for period %1…</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="397"/>
        <source>正在核算… %1 / %2</source>
        <translation>Billing… %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="410"/>
        <source>%1 期电费核算完成：发行 %2 张账单</source>
        <translation>Billing for period %1 complete: %2 bills issued</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="417"/>
        <source>电费核算失败</source>
        <translation>Billing run failed</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="451"/>
        <source>读取电价目录失败</source>
        <translation>Could not read the tariff list</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="461"/>
        <source>请先在列表中选择作为底稿的电价版本</source>
        <translation>Select the tariff version to start from in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/module.py" line="471"/>
        <source>已保存电价 %1 的新版本，%2 起生效</source>
        <translation>Saved a new version of tariff %1, effective from %2</translation>
    </message>
</context>
<context>
    <name>BillsModel</name>
    <message>
        <location filename="../../ui/billing/models.py" line="74"/>
        <source>账期</source>
        <extracomment>bill statuses as the service words them</extracomment>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="75"/>
        <source>账单号</source>
        <translation>Bill No.</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="76"/>
        <source>电量(kWh)</source>
        <translation>Usage (kWh)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="77"/>
        <source>电费(元)</source>
        <translation>Charge (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="80"/>
        <source>退补冲减(元)</source>
        <translation>Adjustment credit (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="83"/>
        <source>缴费截止日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="84"/>
        <source>已缴(元)</source>
        <translation>Paid (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="86"/>
        <source>欠费(元)</source>
        <translation>Arrears (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="88"/>
        <source>违约金(元)</source>
        <translation>Late fee (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/models.py" line="90"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>BillsTab</name>
    <message>
        <location filename="../../ui/billing/tab.py" line="131"/>
        <source>打印账单明细</source>
        <translation>Print bill details</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="136"/>
        <source>退补… (%1)</source>
        <translation>Adjustment… (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="141"/>
        <source>退补…</source>
        <translation>Adjustment…</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="145"/>
        <source>为选中的账单开具退补账单（补收或退还）</source>
        <translation>Issue an adjustment bill for the selected bill (extra charge or credit)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="167"/>
        <source>选中一张账单查看计算过程</source>
        <translation>Select a bill to see how it was calculated</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="249"/>
        <source>正在读取账单…</source>
        <translation>Loading bills…</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="283"/>
        <source>共 %1 张账单</source>
        <translation>%1 bills</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="285"/>
        <source>未结清 %1 张</source>
        <translation>%1 unpaid</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="287"/>
        <source>逾期 %1 张</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="288"/>
        <source>违约金计至 %1</source>
        <translation>Late fees up to %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="297"/>
        <source>该客户暂无账单</source>
        <translation>This customer has no bills yet</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="314"/>
        <source>%1 账单%2&#x3000;%3&#x3000;电价 %4&#x3000;%5 kWh</source>
        <translation>%1 bill%2&#x3000;%3&#x3000;Tariff %4&#x3000;%5 kWh</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="317"/>
        <source>合计 %1</source>
        <translation>Total %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="319"/>
        <source>（账单金额 %1）</source>
        <translation> (bill amount %1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="320"/>
        <source>已缴 %1，欠费 %2，违约金 %3</source>
        <translation>Paid %1, arrears %2, late fee %3</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="323"/>
        <source>更正账单 %1</source>
        <translation>Corrects bill %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="354"/>
        <source>当前角色无权开具退补账单，请值班长办理</source>
        <translation>Your role cannot issue adjustment bills; ask a supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="358"/>
        <source>请先选中要更正的账单，再按 %1 退补</source>
        <translation>Select the bill to correct first, then press %1 to adjust it</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="361"/>
        <source>退补账单不能再退补：请选中原账单 %1</source>
        <translation>An adjustment bill cannot be adjusted again: select the original bill %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="372"/>
        <source>补收</source>
        <translation>Extra charge</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="372"/>
        <source>退还</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="373"/>
        <source>已开具退补账单 %1：%2 %3，更正账单 %4</source>
        <translation>Adjustment bill %1 issued: %2 %3, correcting bill %4</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="410"/>
        <source>账单明细</source>
        <translation>Bill details</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="417"/>
        <source>账单明细 %1</source>
        <translation>Bill details %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="418"/>
        <source>%1&#x3000;户号 %2&#x3000;·&#x3000;打印或另存为PDF记入打印记录（第2份起为补打），仅预览不记录</source>
        <translation>%1&#x3000;Account No. %2&#x3000;·&#x3000;Printing or saving as PDF is recorded in the print log (from the 2nd copy on as a reprint); previewing alone is not</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="436"/>
        <source>已另存为PDF %1</source>
        <translation>saved as PDF %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="438"/>
        <source>已送打印机 %1</source>
        <translation>sent to printer %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="439"/>
        <source>（补打，第%1份）</source>
        <translation> (reprint, copy %1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/tab.py" line="440"/>
        <source>账单明细 %1%2 %3</source>
        <translation>Bill details %1%2 %3</translation>
    </message>
</context>
<context>
    <name>BranchSync</name>
    <message>
        <location filename="../../ui/sync/status.py" line="127"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="185"/>
        <source>同步未完成：%1</source>
        <translation>Sync not completed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="204"/>
        <source>同步完成，但中心拒收 %1 组操作：%2</source>
        <translation>Sync done, but the centre refused %1 groups of operations: %2</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="212"/>
        <source>同步完成：发送 %1 组，接收 %2 条，暂存 %3 组</source>
        <translation>Sync done: %1 groups sent, %2 changes received, %3 groups held</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <location filename="../../ui/outages/module.py" line="52"/>
        <source>取消停电 %1</source>
        <translation>Cancel outage %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="56"/>
        <source>如 施工改期</source>
        <translation>e.g. works postponed</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="59"/>
        <source>确定取消停电</source>
        <translation>Cancel the outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="59"/>
        <source>返回 (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="62"/>
        <source>取消原因</source>
        <translation>Reason for cancelling</translation>
    </message>
</context>
<context>
    <name>CashierModule</name>
    <message>
        <location filename="../../ui/cashier/module.py" line="94"/>
        <source>开班</source>
        <extracomment>F8 pressed while another module is shown: the main window brings this module forward</extracomment>
        <translation>Open session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="95"/>
        <source>交班/日结</source>
        <translation>Close session / Day end</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="96"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="97"/>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="98"/>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="99"/>
        <location filename="../../ui/cashier/module.py" line="649"/>
        <source>日结报表</source>
        <translation>Day-end report</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="119"/>
        <source>本班次</source>
        <translation>This session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="132"/>
        <source>班次审核</source>
        <translation>Session review</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="185"/>
        <source>班次 %1 尚未交班。
退出程序不会交班，下次登录后可继续收费。
现在退出吗？要交班请选“否”，再按 F8。</source>
        <translation>Session %1 is not closed.
Quitting does not close it; you can go on taking payments after you log in again.
Quit now? To close the session, choose “No” and press F8.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="197"/>
        <source>正在交班，请稍候…</source>
        <translation>Closing the session, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="200"/>
        <location filename="../../ui/cashier/module.py" line="422"/>
        <source>放弃点钞</source>
        <translation>Discard cash count</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="201"/>
        <source>点钞尚未提交，离开将丢弃已录入的张数。确定离开吗？</source>
        <translation>The cash count has not been submitted; leaving discards the counts entered. Leave anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="322"/>
        <source>读取本班次失败</source>
        <translation>Could not load this session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="331"/>
        <source>班次 %1 被 %2 退回：%3</source>
        <translation>Session %1 was returned by %2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="357"/>
        <source>读取班次列表失败</source>
        <translation>Could not load the session list</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="373"/>
        <source>已在班次 %1 中，无需再开班</source>
        <translation>Session %1 is already open; no need to open another</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="384"/>
        <source>已开班：班次 %1，备用金 %2</source>
        <translation>Session %1 opened, float %2</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="403"/>
        <source>当前没有进行中的班次，无需交班（按 F7 开班）</source>
        <translation>No session is open, so there is nothing to close (press F7 to open one)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="410"/>
        <source>有 %1 张收据未打印，不能交班</source>
        <translation>%1 receipts have not been printed; the session cannot be closed</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="413"/>
        <source>请清点钱箱，录入各面额张（枚）数</source>
        <translation>Count the cash drawer and enter the number of notes and coins of each denomination</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="422"/>
        <source>点钞尚未提交，返回将丢弃已录入的张数。确定返回吗？</source>
        <translation>The cash count has not been submitted; going back discards the counts entered. Go back anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="440"/>
        <source>应有现金 %1，实点现金 %2，%3。
交班后本班次不能再收费或冲正。确认交班吗？</source>
        <translation>Expected cash %1, counted cash %2, %3.
After closing, this session can take no more payments or reversals. Close the session?</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="441"/>
        <source>确认交班</source>
        <translation>Close session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="463"/>
        <source>班次 %1 已交班：%2</source>
        <translation>Session %1 closed: %2</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="490"/>
        <location filename="../../ui/cashier/module.py" line="503"/>
        <source>交班失败</source>
        <translation>Could not close the session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="514"/>
        <source>正在打印收据，请稍候…</source>
        <translation>Printing receipts, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="534"/>
        <source>补打收据</source>
        <translation>Reprint receipts</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="549"/>
        <source>收据均已打印，请清点钱箱后交班</source>
        <translation>All receipts are printed; count the cash drawer, then close the session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="554"/>
        <source>收据 %1 请在 客户 → 缴费记录 中选中后按 Ctrl+P 打印</source>
        <translation>To print receipt %1, select it under Customers → Payments and press Ctrl+P</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="556"/>
        <source>仍有收据未打印：%1（按 Ctrl+P 继续打印）</source>
        <translation>Receipts still not printed: %1 (press Ctrl+P to continue printing)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="573"/>
        <location filename="../../ui/cashier/module.py" line="664"/>
        <location filename="../../ui/cashier/module.py" line="690"/>
        <source>请先在列表中选择一个班次</source>
        <translation>Select a session in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="576"/>
        <source>班次 %1 尚未交班，还没有日结报表</source>
        <translation>Session %1 has not been closed yet, so it has no day-end report</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="579"/>
        <location filename="../../ui/cashier/module.py" line="586"/>
        <source>正在生成日结报表…</source>
        <translation>Generating the day-end report…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="603"/>
        <source>日结报表已保存：%1</source>
        <translation>Day-end report saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="615"/>
        <source>日结报表未打印（关闭预览不算打印），可按 Ctrl+P 再次打开预览后打印或另存为 PDF。</source>
        <translation>The day-end report was not printed (closing the preview does not count); press Ctrl+P to open the preview again, then print or save as PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="693"/>
        <source>只能退回已交班、待审核的班次</source>
        <translation>Only closed sessions awaiting approval can be returned</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="705"/>
        <source>班次 %1 已退回</source>
        <translation>Session %1 returned</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="709"/>
        <source>退回失败</source>
        <translation>Could not return the session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="605"/>
        <source>日结报表 %1</source>
        <translation>Day-end report %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="618"/>
        <source>日结报表未保存，可按 Ctrl+P 再次打开。</source>
        <translation>The day-end report was not saved; press Ctrl+P to open it again.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="627"/>
        <source>已打印第%1次；再次打印为补打（第%2次打印）</source>
        <translation>Printed (print %1); printing again is a reprint (print %2)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="629"/>
        <source>补打（第%1次打印）：打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 后记入打印记录，关闭预览不算打印</source>
        <translation>Reprint (print %1): recorded in the print log once printed (Ctrl+P) or saved as PDF (Ctrl+S); closing the preview does not count as printing</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="630"/>
        <source>第1次打印：打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 后记入打印记录，关闭预览不算打印</source>
        <translation>First print: recorded in the print log once printed (Ctrl+P) or saved as PDF (Ctrl+S); closing the preview does not count as printing</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="633"/>
        <source>（补打，第%1次打印）</source>
        <translation> (reprint, print %1)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="635"/>
        <source>已另存为PDF %1</source>
        <translation>saved as PDF %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="637"/>
        <source>已送打印机 %1</source>
        <translation>sent to printer %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="638"/>
        <source>日结报表 %1%2 %3</source>
        <translation>Day-end report %1%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="640"/>
        <source>；该报表同时在别处打印，纸面次数（第%1次）有误，请收回后补打</source>
        <translation>; this report was also printed elsewhere at the same time, so the print number on paper (print %1) is wrong: take it back and reprint</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="647"/>
        <source>日结报表打印组件不可用（%1），班次数据已保存。</source>
        <translation>The day-end report printing component is unavailable (%1); the session data has been saved.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="651"/>
        <source>日结报表生成失败，可按 Ctrl+P 重试。</source>
        <translation>The day-end report could not be generated; press Ctrl+P to try again.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="652"/>
        <source>日结报表生成失败</source>
        <translation>Day-end report failed</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="667"/>
        <source>班次 %1 %2，不能审核</source>
        <translation>Session %1 is %2 and cannot be approved</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="184"/>
        <location filename="../../ui/cashier/module.py" line="667"/>
        <source>尚未交班</source>
        <translation>not closed yet</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="667"/>
        <source>已审核</source>
        <translation>already approved</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="669"/>
        <source>班次 %1（%2）：应有现金 %3，实点现金 %4，%5。
确认审核通过吗？</source>
        <translation>Session %1 (%2): expected cash %3, counted cash %4, %5.
Approve this session?</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="670"/>
        <source>审核班次</source>
        <translation>Approve session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="675"/>
        <source>班次 %1 已审核通过</source>
        <translation>Session %1 approved</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/module.py" line="679"/>
        <source>审核失败</source>
        <translation>Approval failed</translation>
    </message>
</context>
<context>
    <name>CatalogueAdminModule</name>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="237"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="238"/>
        <source>导入新版本</source>
        <translation>Import new version</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="239"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="255"/>
        <source>业务类型目录</source>
        <translation>Business-type catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="298"/>
        <source>↑↓ 选择版本 · Ctrl+E 导出所选版本 · Ctrl+I 导入新版本 · F5 刷新</source>
        <translation>↑↓ choose a version · Ctrl+E export it · Ctrl+I import a new version · F5 refresh</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="330"/>
        <source>共 %1 个版本，现行第 %2 版</source>
        <translation>%1 versions; version %2 in force</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="362"/>
        <source>第%1版的业务类型（%2 种）</source>
        <translation>Types of version %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="379"/>
        <source>导出业务类型目录</source>
        <translation>Export business-type catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="380"/>
        <source>业务类型目录-第%1版.json</source>
        <translation>business-types-v%1.json</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="381"/>
        <source>业务类型目录 (*.json)</source>
        <translation>Business-type catalogue (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="396"/>
        <source>已导出第%1版到 %2</source>
        <translation>Version %1 exported to %2</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="401"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="418"/>
        <source>已导入第%1版（%2 种业务类型），此后受理的申请按此版本办理</source>
        <translation>Version %1 imported (%2 types); applications accepted from now on follow it</translation>
    </message>
</context>
<context>
    <name>ChangeNotice</name>
    <message>
        <location filename="../../ui/payments/change_notice.py" line="27"/>
        <source>找零</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/payments/change_notice.py" line="37"/>
        <source>按 Esc 或打开下一位客户时清除</source>
        <translation>Cleared by Esc or when the next customer is opened</translation>
    </message>
    <message>
        <location filename="../../ui/payments/change_notice.py" line="63"/>
        <source>收现金 %1&#x3000;实收合计 %2&#x3000;应收 %3&#x3000;收据 %4</source>
        <translation>Cash received %1&#x3000;total received %2&#x3000;due %3&#x3000;receipt %4</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/login.py" line="242"/>
        <location filename="../../ui/login.py" line="306"/>
        <source>修改密码</source>
        <extracomment>after an administrator&apos;s reset (issue 7 item 7d): no 取消, Esc does nothing</extracomment>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="263"/>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="264"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="265"/>
        <source>确认新密码</source>
        <translation>Confirm new password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="244"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="244"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="275"/>
        <source>管理员已重置您的密码，请设置新密码后继续</source>
        <translation>Your password was reset; set a new one to continue</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="276"/>
        <source>用户：%1（%2）</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="278"/>
        <source>新密码至少8位，须同时包含字母和数字。</source>
        <translation>The new password needs at least 8 characters, with both letters and digits.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="289"/>
        <source>请输入当前密码</source>
        <translation>Enter your current password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="293"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="306"/>
        <source>密码已修改，下次登录请使用新密码。</source>
        <translation>Password changed. Use the new password next time you log in.</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <location filename="../../ui/customers/history_model.py" line="71"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="72"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="73"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="72"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>CloseSessionPage</name>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="205"/>
        <source>交班 / 日结</source>
        <translation>Close session / Day end</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="219"/>
        <source>打印这些收据 (Ctrl+P)</source>
        <translation>Print these receipts (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="239"/>
        <source>点钞（钱箱现金，含备用金）</source>
        <translation>Cash count (drawer cash, including float)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="242"/>
        <source>输入各面额张（枚）数，Enter 下移一行，最后到备注再按 Enter 确认交班（或随时按 Ctrl+Enter），Esc 返回。长款＝实点多于应有，短款＝实点少于应有；非现金收款不进钱箱，只核对笔数与金额。</source>
        <translation>Enter the number of notes (coins) of each denomination; Enter moves down a row, and Enter on the note confirms closing (or Ctrl+Enter at any time); Esc goes back. Over = more cash counted than expected, short = less; non-cash payments do not go into the drawer, only their count and amount are checked.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="274"/>
        <source>备注（可空），如：长款已登记待查</source>
        <translation>Note (optional), e.g. Overage recorded, under investigation</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="277"/>
        <location filename="../../ui/cashier/close_page.py" line="441"/>
        <source>确认交班 (Ctrl+Enter)</source>
        <translation>Close session (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="278"/>
        <source>返回 (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="295"/>
        <source>备用金</source>
        <translation>Float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="295"/>
        <source>+ 现金净收</source>
        <translation>+ Net cash taken</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="296"/>
        <source>= 应有现金</source>
        <translation>= Expected cash</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="296"/>
        <source>实点现金</source>
        <translation>Counted cash</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="311"/>
        <source>账实核对</source>
        <translation>Cash check</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="316"/>
        <source>本班次收款（按收款方式）</source>
        <translation>Payments this session (by method)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="322"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="400"/>
        <source>交班 / 日结 — 班次 %1</source>
        <translation>Close session / Day end — session %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="401"/>
        <source>%1 · 开班 %2 · 收费 %3 笔</source>
        <translation>%1 · opened %2 · %3 payments</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="406"/>
        <source>收费 %1 笔 · 冲正 %2 笔 · 退费 %3 笔 · 合计 %4</source>
        <translation>%1 payments · %2 reversals · %3 refunds · total %4</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="415"/>
        <source>以下 %1 张收据尚未打印，不能交班：</source>
        <translation>These %1 receipts have not been printed; the session cannot be closed:</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="418"/>
        <source>按 Ctrl+P 打印这些收据（无收据打印机时在预览中打印或另存为PDF；仅关闭预览不算已打印），然后即可交班。</source>
        <translation>Press Ctrl+P to print these receipts (without a receipt printer, print or save as PDF from the preview; just closing the preview does not count as printed), then close the session.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="441"/>
        <source>正在交班…</source>
        <translation>Closing session…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="487"/>
        <source>有未打印的收据，不能交班</source>
        <translation>Some receipts have not been printed; the session cannot be closed</translation>
    </message>
</context>
<context>
    <name>CollectingForm</name>
    <message>
        <location filename="../../ui/customers/registration_dialog.py" line="48"/>
        <source>办结登记：新客户档案</source>
        <extracomment>the checked registration (RegisterCustomer)</extracomment>
        <translation>Completion: new customer record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/registration_dialog.py" line="49"/>
        <source>户号在办结时生成</source>
        <translation>The account number is issued on completion</translation>
    </message>
    <message>
        <location filename="../../ui/customers/registration_dialog.py" line="50"/>
        <source>确定 (Ctrl+S)</source>
        <translation>OK (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/registration_dialog.py" line="54"/>
        <source>由申请带入，以申请为准</source>
        <translation>Taken from the application, which decides</translation>
    </message>
</context>
<context>
    <name>ComputePage</name>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="253"/>
        <location filename="../../ui/billing_admin/pages.py" line="294"/>
        <source>开始核算 (Enter)</source>
        <extracomment>the supervisor typed a period: the default (latest period to bill) no longer replaces it</extracomment>
        <translation>Start billing (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="276"/>
        <source>抄表期间</source>
        <translation>Reading period</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="283"/>
        <source>电费核算</source>
        <translation>Billing run</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="285"/>
        <source>为本期已抄表、尚未出账的客户，按抄表日生效的电价版本计算并发行电费账单；已出账的自动跳过，可重复执行。账单发行后不可修改，更正请开退补账单。</source>
        <translation>Calculates and issues bills for customers read in this period and not yet billed, using the tariff version in effect on the reading date. Customers already billed are skipped, so the run can be repeated. Issued bills cannot be changed; use an adjustment bill for corrections.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="290"/>
        <source>F10 电费核算 · 在期间框按 Enter 开始</source>
        <translation>F10 Billing run · Enter in the period box starts</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="294"/>
        <source>正在核算…</source>
        <translation>Billing…</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="300"/>
        <source>✔ %1 期已发行 %2 张电费账单</source>
        <translation>✔ %2 bills issued for period %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="302"/>
        <location filename="../../ui/billing_admin/pages.py" line="312"/>
        <source>%1 期没有需要出账的客户</source>
        <translation>No customers to bill in period %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="304"/>
        <source>账单合计 &lt;b&gt;%1&lt;/b&gt;&#x3000;·&#x3000;跳过 %2 户（无抄表或已出账）&#x3000;·&#x3000;用时 %3 秒</source>
        <translation>Bills total &lt;b&gt;%1&lt;/b&gt;&#x3000;·&#x3000;%2 skipped (no reading or already billed)&#x3000;·&#x3000;%3 s</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="315"/>
        <source>已抄表的 %1 户均已出账，未执行核算</source>
        <translation>All %1 customers read are already billed; the billing run was not started</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="317"/>
        <source>该期没有抄表数据：请先在“抄表导入”导入本期抄表文件，未执行核算</source>
        <translation>This period has no meter readings: import the readings file in “Import readings” first. The billing run was not started</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="323"/>
        <source>✖ 核算未完成</source>
        <translation>✖ Billing run not completed</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="61"/>
        <source>时间</source>
        <extracomment>the decisions offered (``conflicts.resolve_conflict``&apos;s ``choice``) money that failed the scope proof (a forged PC&apos;s), left out of the books with a note: centre only</extracomment>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="62"/>
        <source>节点</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="64"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="69"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="72"/>
        <source>分支的值</source>
        <translation>Branch value</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="73"/>
        <source>中心的值</source>
        <translation>Centre value</translation>
    </message>
</context>
<context>
    <name>CustomerApplications</name>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="75"/>
        <location filename="../../ui/applications/customer_hook.py" line="136"/>
        <source>业务</source>
        <extracomment>where 业务 sits among the customer view&apos;s tabs (ui/customers/host.py): after 缴费记录 (30)</extracomment>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="79"/>
        <source>业务受理</source>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="83"/>
        <source>为当前客户受理业务申请（未打开客户时受理新装、临时用电）</source>
        <translation>Accept an application for the open customer (with none open: new connection or temporary supply)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="116"/>
        <source>当前角色无权受理业务（营业员、值班长可以受理）</source>
        <translation>Your role may not accept applications (clerks and supervisors may)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="165"/>
        <source>业务 (%1)</source>
        <translation>Applications (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="168"/>
        <source>该客户暂无业务申请</source>
        <translation>This customer has no applications</translation>
    </message>
    <message>
        <location filename="../../ui/applications/customer_hook.py" line="173"/>
        <source>共 %1 笔业务，在办 %2 笔</source>
        <translation>%1 applications, %2 open</translation>
    </message>
</context>
<context>
    <name>CustomerBills</name>
    <message>
        <location filename="../../ui/billing/customer_hook.py" line="33"/>
        <location filename="../../ui/billing/customer_hook.py" line="55"/>
        <source>账单</source>
        <extracomment>where 账单 sits among the customer view&apos;s tabs (ui/customers/host.py)</extracomment>
        <translation>Bills</translation>
    </message>
    <message>
        <location filename="../../ui/billing/customer_hook.py" line="74"/>
        <source>账单 (%1)</source>
        <translation>Bills (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/customer_hook.py" line="76"/>
        <source>账单 (%1，欠%2)</source>
        <translation>Bills (%1, owes %2)</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <location filename="../../ui/customer_display/display.py" line="67"/>
        <source>跳过评价…</source>
        <extracomment>(text, error) -&gt; None: the main window&apos;s status bar how long 感谢您的评价 stays before the idle page</extracomment>
        <translation>Skip rating…</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="70"/>
        <source>客户显示屏上的评价客户没有作答：填写原因后跳过</source>
        <translation>The customer did not answer the rating on the customer display: give a reason and skip it</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="151"/>
        <source>请客户在显示屏上评价（%1）；客户不评价时按 Ctrl+Shift+K 填写原因跳过</source>
        <translation>Ask the customer to rate on the display (%1); if they do not, Ctrl+Shift+K skips with a reason</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="184"/>
        <source>客户未评价（%1），显示屏已返回欢迎页</source>
        <translation>Not rated (%1); the display is back to the welcome page</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="205"/>
        <source>当前没有等待客户作答的评价</source>
        <translation>No rating is waiting for the customer</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="247"/>
        <source>已跳过评价（%1）：%2</source>
        <translation>Rating skipped (%1): %2</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="250"/>
        <source>客户评价已记录（%1）</source>
        <translation>Rating recorded (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/display.py" line="254"/>
        <source>评价未能保存：%1</source>
        <translation>The rating was not saved: %1</translation>
    </message>
</context>
<context>
    <name>CustomerDisplayWindow</name>
    <message>
        <location filename="../../ui/customer_display/window.py" line="88"/>
        <source>客户显示屏</source>
        <extracomment>the pad&apos;s colours, best answer first (foreground, background)</extracomment>
        <translation>Customer display</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="140"/>
        <source>欢迎光临</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="144"/>
        <source>请将业务凭证交给营业员，办理完毕后请您对本次服务进行评价</source>
        <translation>Please hand your documents to the clerk, and rate our service when we are done</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="166"/>
        <source>应缴金额</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="167"/>
        <source>实收金额</source>
        <translation>Tendered</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="168"/>
        <source>找零</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="191"/>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="204"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="205"/>
        <source>祝您生活愉快，欢迎再次光临</source>
        <translation>Have a good day, and welcome back</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="251"/>
        <location filename="../../ui/customer_display/window.py" line="268"/>
        <source>客户：%1</source>
        <translation>Customer: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="260"/>
        <source>%1&#x3000;缴费 %2&#x3000;收据 %3</source>
        <translation>%1&#x3000;payment %2&#x3000;receipt %3</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="265"/>
        <source>%1&#x3000;%2&#x3000;申请编号 %3</source>
        <translation>%1&#x3000;%2&#x3000;application %3</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="270"/>
        <source>缴费成功</source>
        <translation>Payment complete</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="271"/>
        <source>本次缴费 %1</source>
        <translation>Paid %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="274"/>
        <source>实收 %1&#x3000;找零 %2</source>
        <translation>Tendered %1&#x3000;change %2</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="276"/>
        <source>收据号 %1</source>
        <translation>Receipt %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="281"/>
        <source>%1已受理</source>
        <translation>%1 accepted</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="281"/>
        <source>业务已受理</source>
        <translation>Application accepted</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="283"/>
        <source>申请编号 %1</source>
        <translation>Application %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="285"/>
        <source>承诺办结日期 %1</source>
        <translation>Promised by %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/window.py" line="294"/>
        <source>请点击上方按钮评价&#x3000;%1 秒后自动返回</source>
        <translation>Tap a button above to rate&#x3000;returning in %1 s</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <location filename="../../ui/customers/form.py" line="155"/>
        <source>新建客户档案</source>
        <extracomment>Enter / Tab order: down the left column, then down the right one. (CustomerView, created) after a successful save the clerk chose 打开已有档案 in the duplicate dialog: customer id cancelled (after confirming when dirty) the draft on disk of a new registration (ui/drafts.py); None: not kept a new registration&apos;s request id, once per form and kept with its draft: saved again (a retry, the draft restored after a crash just after the save) it registers once</extracomment>
        <translation>New customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="155"/>
        <source>编辑档案</source>
        <translation>Edit record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="169"/>
        <source>重新载入最新档案</source>
        <translation>Reload latest record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="181"/>
        <source>客户与证件</source>
        <translation>Customer and ID</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="182"/>
        <source>用电信息</source>
        <translation>Supply details</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="201"/>
        <source>&lt;span style=&apos;color:%1&apos;&gt;*&lt;/span&gt; 为必填项&#x3000;·&#x3000;回车：下一项&#x3000;·&#x3000;最后一项回车或 Ctrl+S：保存&#x3000;·&#x3000;Esc：取消</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;*&lt;/span&gt; required&#x3000;·&#x3000;Enter: next field&#x3000;·&#x3000;Enter on the last field or Ctrl+S: save&#x3000;·&#x3000;Esc: cancel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="205"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="209"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="248"/>
        <source>个人填姓名，单位填全称</source>
        <translation>Full name of the person or organization</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="250"/>
        <source>居民身份证18位</source>
        <translation>Resident ID card, 18 characters</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="253"/>
        <source>整数，单位 kVA，如 8</source>
        <translation>Whole number in kVA, e.g. 8</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="256"/>
        <source>VIP客户</source>
        <translation>VIP customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="258"/>
        <source>重要客户（计划停电须提前通知）</source>
        <translation>Important customer (told in advance of planned outages)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="260"/>
        <source>如 10kV文三线，可不填</source>
        <translation>e.g. 10kV Wensan line; optional</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="261"/>
        <source>如 文三新村1号台区，可不填</source>
        <translation>e.g. Wensan Xincun No. 1 transformer area; optional</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="262"/>
        <source>大客户必填</source>
        <translation>Required for large customers</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="263"/>
        <source>单位客户必填</source>
        <translation>Required for organizations</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="264"/>
        <source>手机11位或固话（区号-号码）</source>
        <translation>11-digit mobile or landline (area code-number)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="265"/>
        <location filename="../../ui/customers/form.py" line="268"/>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="266"/>
        <source>省市区街道门牌，如 杭州市西湖区文三路100号</source>
        <translation>Province, city, district, street, number, e.g. 100 Wensan Rd, Xihu District, Hangzhou</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="267"/>
        <source>字母和数字，可不填</source>
        <translation>Letters and digits, optional</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="273"/>
        <source>主管授权(&amp;A)…</source>
        <translation>Supervisor &amp;approval…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="274"/>
        <source>请值班长输入账号密码并填写原因（Alt+A）</source>
        <translation>A supervisor enters their user name, password and a reason (Alt+A)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="301"/>
        <source>客户类型</source>
        <translation>Customer type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="301"/>
        <source>用电类别</source>
        <translation>Usage category</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="301"/>
        <source>户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="302"/>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="302"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="302"/>
        <source>城乡类别</source>
        <translation>Urban/rural</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="303"/>
        <source>电压等级</source>
        <translation>Voltage</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="303"/>
        <source>合同容量(kVA)</source>
        <translation>Contract capacity (kVA)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="304"/>
        <source>电价代码</source>
        <translation>Tariff code</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="304"/>
        <source>低保/五保</source>
        <translation>Low-income</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="304"/>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="305"/>
        <source>客户经理</source>
        <translation>Account manager</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="305"/>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="306"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="306"/>
        <source>备用电话</source>
        <translation>Alternate phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="306"/>
        <source>用电地址</source>
        <translation>Supply address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="307"/>
        <source>电能表号</source>
        <translation>Meter No.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="307"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="308"/>
        <source>线路</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="308"/>
        <source>台区</source>
        <translation>Transformer area</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="308"/>
        <source>重要客户</source>
        <translation>Important customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="356"/>
        <source>按用电类别自动带出；输入代码或名称筛选</source>
        <translation>Filled in from the usage category; type a code or name to filter</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="357"/>
        <source>输入电价代码或名称中的字筛选，回车选定；Alt+↓ 展开全部可选电价</source>
        <translation>Type part of a tariff code or name to filter, Enter to choose; Alt+↓ lists all available tariffs</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="395"/>
        <source>%1，%2 起执行</source>
        <translation>%1, effective from %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="406"/>
        <source>电价目录中没有适用于%1的电价</source>
        <translation>The tariff list has no tariff for %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="440"/>
        <source>户号在保存时自动生成</source>
        <translation>The account No. is assigned when the record is saved</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="446"/>
        <source>编辑档案：%1</source>
        <translation>Edit record: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="447"/>
        <source>户号 %1&#x3000;·&#x3000;档案版本 %2</source>
        <translation>Account No. %1&#x3000;·&#x3000;Record version %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="450"/>
        <source>客户类型不能在此修改，过户、更名请走业务受理</source>
        <translation>The customer type cannot be changed here; use a transfer or rename request</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="467"/>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="468"/>
        <source>%1（不修改请留空）</source>
        <translation>%1 (leave empty to keep)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="552"/>
        <source>居民身份证18位（旧证15位）</source>
        <translation>Resident ID card, 18 characters (old cards 15)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="553"/>
        <source>统一社会信用代码18位</source>
        <translation>Unified social credit code, 18 characters</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="554"/>
        <source>护照号码</source>
        <translation>Passport number</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="554"/>
        <source>H或M开头加8位数字</source>
        <translation>H or M followed by 8 digits</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="555"/>
        <source>8位数字</source>
        <translation>8 digits</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="555"/>
        <source>9开头18位，或3位字母加12位数字</source>
        <translation>18 characters starting with 9, or 3 letters and 12 digits</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="556"/>
        <source>证件名称及号码</source>
        <translation>ID name and number</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="702"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="731"/>
        <source>授权未通过：%1</source>
        <translation>Approval not granted: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="743"/>
        <source>证件号码校验未通过，需值班长授权</source>
        <translation>The ID number failed validation; supervisor approval is required</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="777"/>
        <source>未保存：%1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="788"/>
        <source>正在载入…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="797"/>
        <source>已载入他人保存后的最新档案（版本 %1）。您刚才的修改没有保存，请核对后重新修改。</source>
        <translation>Loaded the latest record saved by someone else (version %1). Your changes were not saved; please check and make them again.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="807"/>
        <source>正在保存，请稍候…</source>
        <translation>Saving, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="810"/>
        <location filename="../../ui/customers/form.py" line="820"/>
        <source>放弃录入</source>
        <translation>Discard entry</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="810"/>
        <location filename="../../ui/customers/form.py" line="820"/>
        <source>表单中有尚未保存的内容，确定放弃吗？</source>
        <translation>The form has unsaved changes. Discard them?</translation>
    </message>
    <message>
        <location filename="../../ui/customers/form.py" line="844"/>
        <source>已恢复%1的草稿，请与客户核对后再保存。</source>
        <translation>The draft of %1 was restored: check it with the customer before saving.</translation>
    </message>
</context>
<context>
    <name>CustomerOutages</name>
    <message>
        <location filename="../../ui/outages/customer_hook.py" line="64"/>
        <source>⚠停电</source>
        <translation>⚠outage</translation>
    </message>
</context>
<context>
    <name>CustomerPayments</name>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="80"/>
        <location filename="../../ui/payments/customer_hook.py" line="115"/>
        <source>缴费记录</source>
        <extracomment>where 缴费记录 sits among the customer view&apos;s tabs (ui/customers/host.py) the cashier&apos;s 开班 dialog: True when a session was opened</extracomment>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="93"/>
        <source>收费</source>
        <translation>Collect payment</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="97"/>
        <source>为当前客户收费（现金、银行卡、扫码、转账）</source>
        <translation>Collect a payment from this customer (cash, bank card, QR code, transfer)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="99"/>
        <source>打印/补打收据</source>
        <translation>Print / reprint receipt</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="103"/>
        <source>打印缴费记录中选中的收据（再次打印标记为补打）</source>
        <translation>Print the receipt selected in Payments (printing again is marked as a reprint)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="128"/>
        <source>缴费记录 (%1)</source>
        <translation>Payments (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="137"/>
        <source>请先查询并打开客户，再按 F6 收费</source>
        <translation>Search for and open a customer first, then press F6 to collect a payment</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="142"/>
        <source>户号 %1 已销户，不能收费</source>
        <translation>Account %1 is closed; no payment can be taken</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="169"/>
        <source>尚未开班</source>
        <translation>No session open</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="172"/>
        <location filename="../../ui/payments/customer_hook.py" line="173"/>
        <location filename="../../ui/payments/customer_hook.py" line="178"/>
        <location filename="../../ui/payments/customer_hook.py" line="184"/>
        <source>请先开班（按 F7 开班）</source>
        <translation>Open a session first (press F7)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="176"/>
        <source>您还没有打开收费班次，收费前需要先开班并登记备用金。</source>
        <translation>You have not opened a cashier session. Before taking payments, open a session and enter the float.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="176"/>
        <source>现在开班</source>
        <translation>Open session now</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="176"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="209"/>
        <source>已收费 %1</source>
        <translation>Collected %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="211"/>
        <source>找零 %1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="212"/>
        <source>收据 %1</source>
        <translation>Receipt %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="247"/>
        <source>请先查询并打开客户，再在缴费记录中选择收据</source>
        <translation>Search for and open a customer first, then select a receipt in Payments</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="252"/>
        <source>该客户暂无可打印的收据</source>
        <translation>This customer has no receipts to print</translation>
    </message>
    <message>
        <location filename="../../ui/payments/customer_hook.py" line="255"/>
        <source>已选中收据 %1，再按 Ctrl+P 打印</source>
        <translation>Receipt %1 selected; press Ctrl+P again to print</translation>
    </message>
</context>
<context>
    <name>CustomerSummaryModel</name>
    <message>
        <location filename="../../ui/customers/search_model.py" line="70"/>
        <source>户号</source>
        <extracomment>The duplicate dialog also says why each record matched (证件号码, 15/18位, 户名+电话).</extracomment>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="73"/>
        <source>户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="75"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="76"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="77"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="78"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="79"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_model.py" line="81"/>
        <source>匹配项</source>
        <translation>Matched on</translation>
    </message>
</context>
<context>
    <name>CustomerViewWidget</name>
    <message>
        <location filename="../../ui/customers/view.py" line="70"/>
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="71"/>
        <source>变更记录</source>
        <translation>Change history</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="99"/>
        <source>编辑档案 (F4)</source>
        <translation>Edit record (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="105"/>
        <location filename="../../ui/customers/view.py" line="171"/>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="171"/>
        <source>户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="171"/>
        <source>客户类型</source>
        <translation>Customer type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="172"/>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="172"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="173"/>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="173"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="174"/>
        <source>备用电话</source>
        <translation>Alternate phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="174"/>
        <source>低保/五保</source>
        <translation>Low-income</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="174"/>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="175"/>
        <source>重要客户</source>
        <translation>Important customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="176"/>
        <source>用电类别</source>
        <translation>Usage category</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="176"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="176"/>
        <source>城乡类别</source>
        <translation>Urban/rural</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="177"/>
        <source>电压等级</source>
        <translation>Voltage</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="177"/>
        <source>合同容量</source>
        <translation>Contract capacity</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="178"/>
        <source>电价代码</source>
        <translation>Tariff code</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="178"/>
        <source>电能表号</source>
        <translation>Meter No.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="179"/>
        <source>客户经理</source>
        <translation>Account manager</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="179"/>
        <source>线路</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="180"/>
        <source>建档时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="180"/>
        <source>台区</source>
        <translation>Transformer area</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="181"/>
        <source>最后修改</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="186"/>
        <source>用电地址</source>
        <translation>Supply address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="187"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="232"/>
        <source>选中一条记录查看字段变更（原值 → 新值）</source>
        <translation>Select an entry to see the field changes (old value → new value)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="254"/>
        <source>%1&#x3000;%2&#x3000;%3：共%4项</source>
        <translation>%1&#x3000;%2&#x3000;%3: %4 fields</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="270"/>
        <source>%1 %2kVA</source>
        <translation>%1 %2 kVA</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="271"/>
        <source>电价 %1</source>
        <translation>Tariff %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="283"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="284"/>
        <source>电话：%1</source>
        <translation>Phone: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="285"/>
        <source>地址：%1</source>
        <translation>Address: %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="294"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="294"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="298"/>
        <source>（主管授权例外）</source>
        <translation> (supervisor-approved exception)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="306"/>
        <source>（大客户）</source>
        <translation> (large customer)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="308"/>
        <source>%1（版本 %2）</source>
        <translation>%1 (version %2)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/view.py" line="318"/>
        <source>变更记录 (%1)</source>
        <translation>Change history (%1)</translation>
    </message>
</context>
<context>
    <name>CustomerWorkOrders</name>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="73"/>
        <location filename="../../ui/workorders/customer_hook.py" line="138"/>
        <source>工单</source>
        <extracomment>where 工单 sits among the customer view&apos;s tabs: after 业务 (40) the intake key in the customer view (F2 F3 F4 F6 F9 are taken there; F7 / F8 everywhere)</extracomment>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="77"/>
        <source>登记诉求</source>
        <translation>Record a request</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="81"/>
        <source>为当前客户登记投诉、举报、意见建议、表扬、咨询或故障报修</source>
        <translation>Record a complaint, report, suggestion, praise, enquiry or fault repair for the open customer</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="120"/>
        <source>当前角色无权登记诉求（营业员、值班长可以登记）</source>
        <translation>Your role may not record requests (clerks and supervisors may)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="163"/>
        <source>工单 (%1)</source>
        <translation>Work orders (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="166"/>
        <source>该客户暂无诉求工单（F11 登记诉求）</source>
        <translation>No work orders for this customer (F11 records one)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/customer_hook.py" line="169"/>
        <source>共 %1 件工单，在办 %2 件</source>
        <translation>%1 work orders, %2 open</translation>
    </message>
</context>
<context>
    <name>CustomersModule</name>
    <message>
        <location filename="../../ui/customers/module.py" line="88"/>
        <source>新建客户 (F3)</source>
        <extracomment>a short message for the main window&apos;s status bar (also shown in the module) a customer view was opened (CustomerView) — features follow it through ``host.customerChanged``</extracomment>
        <translation>New customer (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="151"/>
        <source>查询客户</source>
        <translation>Find customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="152"/>
        <source>光标回到查询框（可直接扫码）</source>
        <translation>Back to the search box (ready to scan)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="153"/>
        <source>新建客户</source>
        <translation>New customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="153"/>
        <source>客户建档</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="154"/>
        <source>编辑档案</source>
        <translation>Edit record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="155"/>
        <source>修改当前打开的客户档案</source>
        <translation>Edit the record of the open customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="180"/>
        <source>Alt+%1&#x3000;·&#x3000;Ctrl+PgDown / Ctrl+PgUp：下一个 / 上一个标签页</source>
        <translation>Alt+%1&#x3000;·&#x3000;Ctrl+PgDown / Ctrl+PgUp: next / previous tab</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="274"/>
        <source>当前客户：%1&#x3000;%2&#x3000;（Esc 清空，继续查询或扫码下一位）</source>
        <translation>Current customer: %1&#x3000;%2&#x3000;(Esc clears; search or scan the next one)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="303"/>
        <source>请先查询并打开客户，再切换标签页</source>
        <translation>Search for and open a customer first, then switch tabs</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="360"/>
        <source>请先查询并打开客户，再按 F4 编辑档案</source>
        <translation>Search for and open a customer first, then press F4 to edit the record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="393"/>
        <source>该客户此前已建档（户号 %1），未重复建档</source>
        <translation>This customer was registered before (account %1); not registered again</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="395"/>
        <source>已建档，户号 %1</source>
        <translation>Customer created, account No. %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="397"/>
        <source>档案已保存，户号 %1（版本 %2）</source>
        <translation>Record saved, account No. %1 (version %2)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="402"/>
        <source>已打开已有档案，未新建</source>
        <translation>Opened the existing record; no new record was created</translation>
    </message>
    <message>
        <location filename="../../ui/customers/module.py" line="448"/>
        <source>客户 %1 %2 已不在本所档案中（已转至其他营业厅），客户视图已关闭</source>
        <translation>Customer %1 %2 is no longer on this office&apos;s books (moved to another hall); the customer view was closed</translation>
    </message>
</context>
<context>
    <name>DashboardModule</name>
    <message>
        <location filename="../../ui/dashboard/module.py" line="125"/>
        <source>刷新</source>
        <extracomment>how often the shown dashboard reads the figures again today&apos;s date (tests move it): 今日 / 本周 / 本月 and their date boxes are computed from it at every refresh, so a dashboard left open past midnight moves on to the new day</extracomment>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="128"/>
        <source>导出 xlsx</source>
        <translation>Export xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="131"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="136"/>
        <source>服务看板</source>
        <translation>Service dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="145"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="146"/>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="147"/>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="148"/>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="160"/>
        <source>从</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="162"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="171"/>
        <source>业务量（笔）</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="172"/>
        <source>平均办理时长</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="173"/>
        <source>业务办结按时率</source>
        <translation>Applications on time</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="174"/>
        <source>工单答复按时率</source>
        <translation>Work orders answered on time</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="175"/>
        <source>满意率</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="176"/>
        <source>每万户投诉</source>
        <translation>Complaints per 10,000 customers</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="184"/>
        <source>各营业员业务量（笔）</source>
        <translation>Transactions per clerk</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="187"/>
        <source>服务评价分布（次）</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="205"/>
        <source>业务量与办理时长</source>
        <translation>Transactions and handling time</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="206"/>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="345"/>
        <source>%1（%2）&#x3000;%3&#x3000;更新于 %4</source>
        <translation>%1 (%2)&#x3000;%3&#x3000;updated %4</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="356"/>
        <source>收费 %1&#x3000;受理 %2&#x3000;工单 %3</source>
        <translation>payments %1&#x3000;applications %2&#x3000;work orders %3</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="364"/>
        <source>中位数 %1&#x3000;计时 %2 笔</source>
        <translation>median %1&#x3000;%2 timed</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="369"/>
        <source>按时 %1&#x3000;超期 %2&#x3000;未到期 %3</source>
        <translation>on time %1&#x3000;late %2&#x3000;not yet due %3</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="373"/>
        <source>评价 %1&#x3000;跳过 %2</source>
        <translation>rated %1&#x3000;skipped %2</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="378"/>
        <source>投诉 %1 件&#x3000;客户 %2 户</source>
        <translation>%1 complaints&#x3000;%2 customers</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="382"/>
        <source>收费</source>
        <translation>Collect payment</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="383"/>
        <source>冲正</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="384"/>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="385"/>
        <source>业务受理</source>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="386"/>
        <source>工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="392"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="394"/>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="401"/>
        <source>看板已更新：%1</source>
        <translation>Dashboard updated: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="409"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="409"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="410"/>
        <source>服务看板_%1</source>
        <translation>dashboard_%1</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="411"/>
        <source>导出看板</source>
        <translation>Export dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard/module.py" line="418"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>DayEndPage</name>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="519"/>
        <source>日结完成</source>
        <translation>Day end complete</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="537"/>
        <source>日结报表 (Ctrl+P)</source>
        <translation>Day-end report (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="539"/>
        <source>返回本班次 (Esc)</source>
        <translation>Back to this session (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="556"/>
        <source>请将日结报表与现金一并交收费班长；值班长在“班次审核”中审核本班次。</source>
        <translation>Hand the day-end report and the cash to the head cashier; a supervisor approves this session under “Session review”.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="582"/>
        <source>日结完成 — 班次 %1</source>
        <translation>Day end complete — session %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="586"/>
        <source>应有现金 %1&#x3000;&#x3000;实点现金 %2
收费 %3 笔 · 冲正 %4 笔 · 退费 %5 笔 · 合计 %6</source>
        <translation>Expected cash %1&#x3000;&#x3000;Counted cash %2
%3 payments · %4 reversals · %5 refunds · total %6</translation>
    </message>
</context>
<context>
    <name>DenominationGrid</name>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="91"/>
        <source>面额</source>
        <extracomment>one denomination row of the count grid, in pixels one row of the takings-per-tender table on the close page</extracomment>
        <translation>Denomination</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="91"/>
        <source>张（枚）数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="91"/>
        <source>小计</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="131"/>
        <source>实点现金合计</source>
        <translation>Counted cash total</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/close_page.py" line="144"/>
        <source>%1的张（枚）数请填写整数</source>
        <translation>Enter a whole number for the count of %1</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <location filename="../../ui/drafts.py" line="75"/>
        <source>客户登记</source>
        <extracomment>the kinds of form kept as drafts (the file name of each) milliseconds after the last change before the draft is written drafts older than this are deleted at start (personal data is not kept for ever)</extracomment>
        <translation>Customer registration</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="76"/>
        <source>业务受理</source>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="77"/>
        <source>诉求登记</source>
        <translation>Record a request</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="105"/>
        <source>不到 1 分钟前</source>
        <extracomment>a few words the offer shows (the customer&apos;s name): on this clerk&apos;s own screen only</extracomment>
        <translation>less than a minute ago</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="107"/>
        <source>%1 分钟前</source>
        <translation>%1 min ago</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="109"/>
        <source>%1 小时前</source>
        <translation>%1 h ago</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="110"/>
        <source>%1 天前</source>
        <translation>%1 days ago</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="337"/>
        <source>上次未保存的%1（%2）</source>
        <extracomment>restores one draft into its form (opens the form, fills it)</extracomment>
        <translation>Unsaved %1 from last time (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="342"/>
        <source>：%1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="343"/>
        <source>程序上次没有正常退出，这份录入尚未保存。恢复后可继续填写并保存；丢弃则删除这份草稿。</source>
        <translation>The program did not close normally last time and this entry was not saved. Restore it to go on filling it in and save it; Discard deletes the draft.</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="348"/>
        <source>恢复未保存的录入</source>
        <translation>Restore unsaved entry</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="350"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="350"/>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="38"/>
        <source>疑似重复建档</source>
        <translation>Possible duplicate record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="43"/>
        <source>请核对下列已有档案。同一客户请打开已有档案办理；确属不同客户时才“仍然建档”。</source>
        <translation>Check the existing records below. For the same customer, open the existing record; choose “Create anyway” only if it really is a different customer.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="45"/>
        <source>↑↓ 选择档案&#x3000;·&#x3000;回车或 Alt+O 打开已有档案&#x3000;·&#x3000;Alt+R 仍然建档&#x3000;·&#x3000;Esc 或 Alt+C 取消</source>
        <translation>↑↓ select a record&#x3000;·&#x3000;Enter or Alt+O opens the existing record&#x3000;·&#x3000;Alt+R creates anyway&#x3000;·&#x3000;Esc or Alt+C cancels</translation>
    </message>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="70"/>
        <source>打开已有档案(&amp;O)</source>
        <translation>&amp;Open existing record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="72"/>
        <source>仍然建档(&amp;R)</source>
        <translation>C&amp;reate anyway</translation>
    </message>
    <message>
        <location filename="../../ui/customers/duplicate_dialog.py" line="74"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>ErrorMessage</name>
    <message>
        <location filename="../../ui/widgets.py" line="96"/>
        <source>发生意外错误（日志编号 %1）：刚才的操作可能没有完成，请核对后重试；如反复出现，请把日志编号告诉系统管理员</source>
        <translation>An unexpected error occurred (log ID %1): the last action may not have completed; check and try again. If it keeps happening, give the log ID to the system administrator</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/applications/worklist.py" line="133"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="134"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="135"/>
        <location filename="../../ui/applications/worklist.py" line="136"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="137"/>
        <location filename="../../ui/applications/worklist.py" line="290"/>
        <source>仅在办</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="139"/>
        <source>只列受理中和挂起的申请</source>
        <translation>List only applications in progress or suspended</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="152"/>
        <location filename="../../ui/applications/worklist.py" line="199"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="161"/>
        <source>回车筛选</source>
        <translation>Enter to filter</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="171"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="172"/>
        <location filename="../../ui/applications/worklist.py" line="275"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="173"/>
        <location filename="../../ui/applications/worklist.py" line="276"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="174"/>
        <location filename="../../ui/applications/worklist.py" line="277"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="175"/>
        <location filename="../../ui/applications/worklist.py" line="278"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="176"/>
        <location filename="../../ui/applications/worklist.py" line="282"/>
        <source>受理人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="177"/>
        <location filename="../../ui/applications/worklist.py" line="282"/>
        <source>客户经理</source>
        <translation>Account manager</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="178"/>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="179"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="246"/>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>Dates are written YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="251"/>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="274"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
</context>
<context>
    <name>HallRulesDialog</name>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="52"/>
        <location filename="../../ui/settings/hall_rules.py" line="156"/>
        <source>营业厅业务规则</source>
        <translation>Hall rules</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="65"/>
        <source>居民违约金日费率</source>
        <translation>Residential daily rate</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="66"/>
        <source>其他用户当年欠费日费率</source>
        <translation>Others, current-year arrears</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="67"/>
        <source>其他用户跨年度欠费日费率</source>
        <translation>Others, earlier-year arrears</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="68"/>
        <source>违约金宽限天数</source>
        <translation>Grace period (days)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="69"/>
        <source>最低违约金</source>
        <translation>Minimum late fee</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="70"/>
        <source>最低违约金金额（元）</source>
        <translation>Minimum amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="71"/>
        <source>收费顺序</source>
        <translation>Payment order</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="72"/>
        <source>缴费期限（出账后天数）</source>
        <translation>Due (days after billing)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="73"/>
        <source>单笔收费上限（元）</source>
        <translation>Max. per payment (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="74"/>
        <source>大额找零确认（元）</source>
        <translation>Confirm change from (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="75"/>
        <source>连续登录失败次数上限</source>
        <translation>Max. failed logins in a row</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="76"/>
        <source>账户锁定分钟数</source>
        <translation>Lockout (minutes)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="77"/>
        <source>本人审批</source>
        <translation>Self-approval</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="78"/>
        <source>退补审批金额（元）</source>
        <translation>Adjustment approval (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="84"/>
        <source>违约金不足最低金额时按最低金额收取</source>
        <translation>Charge the minimum when the late fee is lower</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="85"/>
        <source>先收违约金，后收本金</source>
        <translation>Collect late fees before the principal</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="87"/>
        <source>本厅只有一名值班长时，允许其审批本人的申请（记入日志）</source>
        <translation>A hall&apos;s only supervisor may approve own requests (logged)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="93"/>
        <source>0.001 即每日千分之一</source>
        <translation>0.001 = 0.1% a day</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="94"/>
        <source>找零达到此金额先请收费员确认；0 表示不提示</source>
        <translation>Clerk confirms change ≥ this; 0 = never</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="95"/>
        <source>连续输错密码达到上限后锁定的时间</source>
        <translation>Lock time after too many wrong passwords</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="96"/>
        <source>退补金额（正负均计）达到此数须另一位值班长或管理员授权；0 表示都要授权</source>
        <translation>A 2nd approver is needed from ± this; 0 = always</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="102"/>
        <source>违约金</source>
        <translation>Late fees</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="103"/>
        <source>收费</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="104"/>
        <source>登录安全</source>
        <translation>Login security</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="105"/>
        <source>审批</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="157"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="163"/>
        <location filename="../../ui/settings/hall_rules.py" line="259"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="163"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="175"/>
        <source>本厅所有柜台共用这些规则，保存后下一笔业务即按新规则办理；每次修改记入操作日志。Enter 下一项，Ctrl+S 保存，Esc 取消。</source>
        <translation>All counters of this hall share these rules; the next transaction after saving follows them. Every change is recorded in the audit log. Enter next field, Ctrl+S saves, Esc cancels.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="198"/>
        <source>营业厅业务规则&#x3000;%1（%2）</source>
        <translation>Hall rules — %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="203"/>
        <source>第 %1 版，%2 由 %3 修改（时间为 UTC）</source>
        <translation>Version %1, changed %2 by %3 (UTC)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="208"/>
        <source>尚未修改过：以下为默认规则</source>
        <translation>Never changed: these are the default rules</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="259"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/hall_rules.py" line="253"/>
        <source>保存失败</source>
        <translation>Could not save</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../ui/customers/history_model.py" line="37"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="38"/>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="39"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="40"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="35"/>
        <source>建档</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../ui/customers/history_model.py" line="35"/>
        <source>修改档案</source>
        <translation>Record edited</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="130"/>
        <source>导入业务类型目录新版本</source>
        <translation>Import a new business-type catalogue version</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="134"/>
        <source>导出的目录文件，修改后把 version 加一</source>
        <translation>An exported catalogue file, edited, with version increased by one</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="135"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="149"/>
        <source>改了什么、依据什么，如：计量装置校验时限改为8个工作日</source>
        <translation>What changed and why, e.g. meter test limit changed to 8 working days</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="155"/>
        <source>目录文件</source>
        <translation>Catalogue file</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="156"/>
        <source>版本说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="159"/>
        <source>新版本自导入起用于新受理的申请；已受理的申请仍按受理时的版本办理。有在办申请的业务类型不能删去。</source>
        <translation>A new version applies to applications accepted after the import; accepted ones keep the version they were accepted under. Types with open applications cannot be removed.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="165"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="165"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="175"/>
        <source>选择业务类型目录文件</source>
        <translation>Choose a business-type catalogue file</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="175"/>
        <source>业务类型目录 (*.json)</source>
        <translation>Business-type catalogue (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="187"/>
        <source>请选择目录文件</source>
        <translation>Choose a catalogue file</translation>
    </message>
</context>
<context>
    <name>ImportErrorsModel</name>
    <message>
        <location filename="../../ui/outages/models.py" line="69"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="70"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="71"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="205"/>
        <source>抄表文件</source>
        <translation>Reading file</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="209"/>
        <source>抄表期间</source>
        <translation>Reading period</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="216"/>
        <source>抄表导入</source>
        <translation>Import readings</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="218"/>
        <source>从抄表系统导出的 CSV：必需列 户号、抄表日期、上次示数、本次示数；可选 倍率 及 尖峰、峰、平、谷、深谷（分时电量之和须等于总电量）。UTF-8 或 GBK 编码均可。只要有一行出错，整批都不导入，改正后重新导入即可。</source>
        <translation>CSV exported from the meter reading system. Required columns: 户号 (account No.), 抄表日期 (reading date), 上次示数 (previous reading), 本次示数 (current reading); optional: 倍率 (multiplier) and 尖峰, 峰, 平, 谷, 深谷 (time-of-use usage, which must add up to the total). UTF-8 or GBK encoding. If any row has an error, nothing is imported; fix the file and import again.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="225"/>
        <source>F9 选择文件 · 在期间框按 Enter 导入 · 错误表中 ↑↓ 查看各行</source>
        <translation>F9 choose file · Enter in the period box imports · ↑↓ in the error table shows each row</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="231"/>
        <source>✔ 已导入 %1 行抄表数据</source>
        <translation>✔ %1 meter reading rows imported</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="232"/>
        <source>共读取 %1 行 · 文件编码 %2 · 批次 %3</source>
        <translation>%1 rows read · encoding %2 · batch %3</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="234"/>
        <source>✖ 发现 %1 处错误，未导入任何数据</source>
        <translation>✖ %1 errors found; nothing was imported</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="237"/>
        <source>✖ 导入失败，未导入任何数据</source>
        <translation>✖ Import failed; nothing was imported</translation>
    </message>
</context>
<context>
    <name>ImportantDialog</name>
    <message>
        <location filename="../../ui/outages/important.py" line="27"/>
        <source>重要客户停电提前告知清单 — %1</source>
        <translation>Important customers to notify — %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="29"/>
        <source>%1&#x3000;%2&#x3000;%3</source>
        <translation>%1&#x3000;%2&#x3000;%3</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="31"/>
        <source>%1&#x3000;原因：%2</source>
        <translation>%1&#x3000;reason: %2</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="41"/>
        <source>共 %1 户重要客户</source>
        <translation>%1 important customers</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="43"/>
        <source>本次停电范围内没有重要客户</source>
        <translation>No important customers in this outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="45"/>
        <source>；联系电话已脱敏</source>
        <translation>; phones masked</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="47"/>
        <source>打印预览 (Ctrl+P)</source>
        <translation>Print preview (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="51"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/important.py" line="78"/>
        <source>重要客户停电提前告知清单</source>
        <translation>Important customers to notify of the outage</translation>
    </message>
</context>
<context>
    <name>ImportantModel</name>
    <message>
        <location filename="../../ui/outages/models.py" line="55"/>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="56"/>
        <source>户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="57"/>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="58"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="59"/>
        <source>台区</source>
        <translation>Transformer area</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="60"/>
        <source>线路</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="61"/>
        <source>用电地址</source>
        <translation>Supply address</translation>
    </message>
</context>
<context>
    <name>InsightsNotice</name>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="109"/>
        <source>办理计量装置校验</source>
        <translation>Apply for a meter test</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="111"/>
        <source>为该客户受理计量装置校验申请</source>
        <translation>Accept a meter-test application for this customer</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="113"/>
        <source>登记工单</source>
        <translation>Record a work order</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="151"/>
        <source>近 %1 个月月均 %2 kWh</source>
        <translation>the %1-month average of %2 kWh</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="154"/>
        <source>去年同月 %1 kWh</source>
        <translation>the same month last year, %1 kWh</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="156"/>
        <source>%1，本月明显增加</source>
        <translation>%1, a marked rise this month</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="158"/>
        <source>比%1 高 %2%</source>
        <translation>%2% above %1</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="159"/>
        <source>比%1 低 %2%</source>
        <translation>%2% below %1</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="162"/>
        <source>用电量异常下降</source>
        <translation>Unusual drop in usage</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="162"/>
        <source>用电量异常增加</source>
        <translation>Unusual rise in usage</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="165"/>
        <source>%1：%2 用电 %3 kWh，%4。可为客户办理计量装置校验</source>
        <translation>%1: %2 used %3 kWh, %4. A meter test can be applied for</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="174"/>
        <source>峰时用电占 %1%，移 10% 到谷时每月约省 %2（近 %3 个月）</source>
        <translation>Peak use is %1%; moving 10% of it to the valley saves about %2 a month (last %3 months)</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="106"/>
        <location filename="../../ui/workorders/intake_dialog.py" line="154"/>
        <source>诉求登记</source>
        <extracomment>(text, error) -&gt; None: where the outcome is told (the customer view&apos;s status line, the module&apos;s)</extracomment>
        <translation>Record a request</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="150"/>
        <source>未关联客户：请填写诉求人和联系电话（匿名举报可不填）</source>
        <extracomment>once per dialog: a second Ctrl+Enter (or a retry) records the same order once the covering outage the lookup found (id, number); linked while the box is checked kept on disk as it is typed (ui/drafts.py), until recorded or cancelled</extracomment>
        <translation>No customer linked: give the reporter and phone (optional for an anonymous report)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="151"/>
        <source>关联客户：户号 %1&#x3000;%2&#x3000;%3</source>
        <translation>Customer: account %1&#x3000;%2&#x3000;%3</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="161"/>
        <source>请选择分类</source>
        <translation>Choose a category</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="173"/>
        <source>匿名举报（不关联客户，诉求人、电话可不填）</source>
        <translation>Anonymous report (no customer; reporter and phone optional)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="185"/>
        <source>手机或固定电话</source>
        <translation>mobile or landline</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="189"/>
        <source>诉求内容（Shift+Enter 换行，Ctrl+Enter 登记）</source>
        <translation>What the customer says (Shift+Enter new line, Ctrl+Enter records)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="225"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="225"/>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="231"/>
        <source>诉求类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="232"/>
        <source>诉求分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="233"/>
        <source>所在区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="235"/>
        <source>诉求人</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="236"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="237"/>
        <source>诉求内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="255"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="256"/>
        <source>登记 (Ctrl+Enter)</source>
        <translation>Record (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="307"/>
        <source>按客户档案：%1</source>
        <translation>From the customer record: %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="308"/>
        <source>请选择区域</source>
        <translation>Choose an area</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="334"/>
        <source>（不细分）</source>
        <translation>(no subcategory)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="349"/>
        <source>匿名举报：不关联客户，诉求人和联系电话可不填；联系方式只有登记人和值班长可见</source>
        <translation>Anonymous report: no customer; reporter and phone optional; the contact is seen only by the recording clerk and supervisors</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="353"/>
        <source>选填</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="373"/>
        <source>已知停电，不派单：预计 %1 恢复供电</source>
        <translation>Known outage, not dispatched: power expected back at %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="377"/>
        <source>时限：请选择所在区域（城区 45 分钟、农村 90 分钟、边远 2 小时到达现场）</source>
        <translation>Deadline: choose the area (arrival within 45 min urban, 90 min rural, 2 h remote)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="381"/>
        <source>时限：%1（%2）前到达现场；到达后 %3 小时内恢复供电（暂按 %4）</source>
        <translation>Deadline: on site by %1 (%2); power back within %3 h of arrival (taking %4 for now)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="392"/>
        <source>%1 前联系客户（%2 小时）</source>
        <translation>contact the customer by %1 (%2 h)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="398"/>
        <source>%1 前答复（%2 个工作日）</source>
        <translation>answer by %1 (%2 working days)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="400"/>
        <source>（暂定：节假日未录入）</source>
        <translation> (provisional: holidays not entered)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="403"/>
        <source>时限：表扬无办理时限</source>
        <translation>Deadline: praise has none</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="404"/>
        <source>时限：</source>
        <translation>Deadline: </translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="445"/>
        <source>正在登记…</source>
        <translation>Recording…</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="523"/>
        <source>已恢复%1的草稿，请与客户核对后再登记。</source>
        <translation>The draft of %1 was restored: check it with the customer before recording.</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="556"/>
        <source>该客户所在区域有停电：%1%2。故障报修请先向客户说明，避免重复派单</source>
        <translation>An outage covers this customer: %1%2. Tell the customer before dispatching a repair, to avoid a duplicate</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="558"/>
        <source>，预计 %1 恢复</source>
        <translation>, expected back %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/intake_dialog.py" line="567"/>
        <source>关联停电 %1（已知原因，不再派单）</source>
        <translation>Link to outage %1 (known cause, no dispatch)</translation>
    </message>
</context>
<context>
    <name>IssueDateField</name>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="57"/>
        <source>日期格式应为 YYYY-MM-DD，如 2026-04-03</source>
        <translation>The date must be YYYY-MM-DD, e.g. 2026-04-03</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/bill_import.py" line="59"/>
        <source>出账日期不能晚于今天</source>
        <translation>The issue date cannot be later than today</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/idle_lock.py" line="124"/>
        <location filename="../../ui/idle_lock.py" line="156"/>
        <source>屏幕已锁定</source>
        <extracomment>the lock timed out while an unlock was being checked: look again this much later</extracomment>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="148"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="165"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="168"/>
        <source>注销（换人登录）</source>
        <translation>Log out (switch user)</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="158"/>
        <source>%1（工号 %2）暂时离开。请输入该用户的密码解锁。</source>
        <translation>%1 (staff no. %2) is away. Enter this user&apos;s password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="212"/>
        <source>锁屏时间过长，已自动注销，请重新登录</source>
        <translation>The screen was locked too long, so you were logged out; please log in again</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="222"/>
        <source>请输入密码</source>
        <translation>Enter the password</translation>
    </message>
</context>
<context>
    <name>LoggedDocuments</name>
    <message>
        <location filename="../../ui/printing/documents.py" line="122"/>
        <source>%1 %2</source>
        <extracomment>the paper of these documents (print_record.paper)</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="124"/>
        <source>补打（第%1份）&#x3000;·&#x3000;打印或另存为PDF记入打印记录，仅预览不记录</source>
        <translation>Reprint (copy %1)&#x3000;·&#x3000;printing or saving as PDF is logged; previewing is not</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="126"/>
        <source>打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 记入打印记录；仅预览不记录</source>
        <translation>Print (Ctrl+P) or save as PDF (Ctrl+S) to log the copy; previewing alone is not logged</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="150"/>
        <source>已另存为PDF %1</source>
        <translation>saved as PDF %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="152"/>
        <source>已送打印机 %1</source>
        <translation>sent to printer %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="153"/>
        <source>（补打，第%1份）</source>
        <translation> (reprint, copy %1)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/documents.py" line="154"/>
        <source>%1 %2%3 %4</source>
        <translation>%1 %2%3 %4</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="64"/>
        <source>登录 — GridCounter 电力营业厅柜台业务系统</source>
        <extracomment>Emitted once, when the window is first shown (the cold-start benchmark hook).</extracomment>
        <translation>Log in — GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="82"/>
        <source>GridCounter 电力营业厅柜台业务系统</source>
        <translation>GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <source>%1（节点 %2）</source>
        <translation>%1 (node %2)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="95"/>
        <location filename="../../ui/login.py" line="110"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <location filename="../../ui/login.py" line="111"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="116"/>
        <location filename="../../ui/login.py" line="149"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="116"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="121"/>
        <source>%1 · Enter 登录 · Esc 退出</source>
        <translation>%1 · Enter logs in · Esc quits</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="137"/>
        <source>联网模式</source>
        <translation>Networked</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="137"/>
        <source>单机模式</source>
        <translation>Standalone</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="149"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="158"/>
        <source>请输入用户名</source>
        <translation>Enter the user name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="162"/>
        <source>请输入密码</source>
        <translation>Enter the password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="204"/>
        <source>请修改密码后再登录</source>
        <translation>Change your password to log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>GridCounter 电力营业厅柜台业务系统 — %1</source>
        <extracomment>A scanner &quot;types&quot; a whole code in a few milliseconds a key; a person needs 80 ms or more. Shorter bursts are not taken for a scan (two digits pressed together by a person).</extracomment>
        <translation>GridCounter power-supply counter system — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296"/>
        <source>功能模块</source>
        <translation>Modules</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <source>Ctrl+数字键 切换模块</source>
        <translation>Ctrl+number switches module</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>模块(&amp;M)</source>
        <translation>&amp;Modules</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>当前用户没有可用的功能模块，请联系系统管理员。</source>
        <translation>No module is available to this user. Please call the administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="369"/>
        <source>系统(&amp;S)</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="371"/>
        <source>锁定屏幕</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="372"/>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="374"/>
        <source>打印机设置…</source>
        <translation>Printer settings…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="377"/>
        <source>营业厅业务规则…</source>
        <translation>Hall rules…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="379"/>
        <source>工单时限与诉求分类…</source>
        <translation>Work-order deadlines and categories…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>立即备份数据库</source>
        <translation>Back up database now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <source>注销（返回登录）</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386"/>
        <source>退出程序</source>
        <translation>Quit program</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="389"/>
        <location filename="../../ui/main_window.py" line="543"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="390"/>
        <location filename="../../ui/main_window.py" line="795"/>
        <source>快捷键一览</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391"/>
        <location filename="../../ui/main_window.py" line="800"/>
        <source>关于 GridCounter</source>
        <translation>About GridCounter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="396"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="396"/>
        <source>客户(&amp;C)</source>
        <translation>&amp;Customers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="403"/>
        <source>收费班次</source>
        <translation>Cashier sessions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="403"/>
        <source>收费班次(&amp;K)</source>
        <translation>Cashie&amp;r</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>业务受理</source>
        <translation>Service applications</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="413"/>
        <source>业务受理(&amp;Y)</source>
        <translation>Applicatio&amp;ns</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="417"/>
        <source>诉求工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="417"/>
        <source>工单(&amp;W)</source>
        <translation>&amp;Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="421"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="421"/>
        <source>报表(&amp;R)</source>
        <translation>Re&amp;ports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="425"/>
        <source>看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="425"/>
        <source>看板(&amp;D)</source>
        <translation>Dash&amp;board</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="429"/>
        <source>停电信息</source>
        <translation>Outages</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="429"/>
        <source>停电(&amp;O)</source>
        <translation>&amp;Outages</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="437"/>
        <source>业务类型目录</source>
        <translation>Business-type catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="437"/>
        <source>业务目录(&amp;T)</source>
        <translation>Business &amp;types</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="441"/>
        <source>审计</source>
        <translation>Audit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="441"/>
        <source>审计(&amp;A)</source>
        <translation>&amp;Audit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="520"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="529"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="535"/>
        <source>班次(&amp;J)</source>
        <translation>&amp;Sessions</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="801"/>
        <source>GridCounter 电力营业厅柜台业务系统
版本 %4（数据库结构 %5）
%1 · %2
数据库：%3</source>
        <translation>GridCounter — power supply business hall counter system
Version %4 (database schema %5)
%1 · %2
Database: %3</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405"/>
        <source>电费管理</source>
        <translation>Billing</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="406"/>
        <source>电费(&amp;B)</source>
        <translation>&amp;Billing</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="433"/>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="433"/>
        <source>用户(&amp;U)</source>
        <translation>&amp;Users</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="451"/>
        <source>客户模块加载失败，已记录到日志：%1</source>
        <translation>The customers module could not be loaded (logged): %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="462"/>
        <source>客户模块启动失败，已记录到日志：%1</source>
        <translation>The customers module could not be started (logged): %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="553"/>
        <source>%1（节点 %2）</source>
        <translation>%1 (node %2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556"/>
        <source>联网模式</source>
        <translation>Networked</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556"/>
        <source>单机模式</source>
        <translation>Standalone</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="558"/>
        <source>数据库 %1</source>
        <translation>Database %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="561"/>
        <source>%1（工号 %2 · %3）</source>
        <translation>%1 (staff no. %2 · %3)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="566"/>
        <source>欢迎，%1</source>
        <translation>Welcome, %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="648"/>
        <source>已解锁</source>
        <translation>Unlocked</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="793"/>
        <source>Enter	下一项 / 确认</source>
        <translation>Enter	next field / confirm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="794"/>
        <source>Esc	取消 / 关闭对话框</source>
        <translation>Esc	cancel / close dialog</translation>
    </message>
</context>
<context>
    <name>MoneyBand</name>
    <message>
        <location filename="../../ui/money_band.py" line="84"/>
        <source>欠费</source>
        <extracomment>One style sheet, set once: changing a label&apos;s own style sheet after it is shown leaves its size hint on the old font (the figure then paints clipped); a property switch does not. The tones&apos; colours belong here too, not in the application sheet: a figure re-polished by a rule of the application sheet keeps the size of its old text (seen clipped, &quot;¥41&quot;).</extracomment>
        <translation>Arrears</translation>
    </message>
    <message>
        <location filename="../../ui/money_band.py" line="85"/>
        <source>违约金</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <location filename="../../ui/money_band.py" line="86"/>
        <source>预存</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/money_band.py" line="87"/>
        <source>应缴</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <location filename="../../ui/money_band.py" line="105"/>
        <source>截至 %1：应缴 = 欠费 + 违约金 − 预存</source>
        <translation>As of %1: amount due = arrears + late fee − prepaid</translation>
    </message>
</context>
<context>
    <name>OpenSessionDialog</name>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="30"/>
        <location filename="../../ui/cashier/open_dialog.py" line="45"/>
        <location filename="../../ui/cashier/open_dialog.py" line="81"/>
        <source>开班</source>
        <translation>Open session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="34"/>
        <source>如 500 或 500.00；没有备用金填 0</source>
        <translation>e.g. 500 or 500.00; enter 0 if there is no float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="42"/>
        <source>备用金（元）</source>
        <translation>Float (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="45"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="50"/>
        <source>开班：清点备用金</source>
        <translation>Open session: count the float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="51"/>
        <source>请清点放入钱箱的备用金（找零用）。开班后才能收费；交班时系统按“备用金 + 现金净收”核对钱箱。Enter 开班，Esc 取消。</source>
        <translation>Count the float (change money) put in the cash drawer. Payments can be taken only after the session is open; at closing, the drawer is checked against “float + net cash taken”. Enter opens, Esc cancels.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="66"/>
        <source>备用金</source>
        <translation>Float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/open_dialog.py" line="81"/>
        <source>正在开班…</source>
        <translation>Opening session…</translation>
    </message>
</context>
<context>
    <name>OperationsModel</name>
    <message>
        <location filename="../../ui/audit/models.py" line="34"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="36"/>
        <source>节点</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="37"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="38"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="39"/>
        <source>操作人</source>
        <translation>Actor</translation>
    </message>
    <message>
        <location filename="../../ui/audit/models.py" line="40"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>OptionBar</name>
    <message>
        <location filename="../../ui/reports/options.py" line="77"/>
        <source>不限</source>
        <extracomment>report code → label; the service names the same codes (app.services.reports.REPORTS)</extracomment>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="84"/>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="85"/>
        <source>显示完整电话</source>
        <translation>Show full phone numbers</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="126"/>
        <source>报表类型(&amp;L)</source>
        <translation>Report (&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="128"/>
        <source>期间(&amp;D)</source>
        <translation>&amp;Dates</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="130"/>
        <source>从</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="132"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="134"/>
        <source>汇总(&amp;G)</source>
        <translation>&amp;Group by</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="137"/>
        <source>排序(&amp;O)</source>
        <translation>S&amp;ort</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="139"/>
        <source>应缴不少于(元)</source>
        <translation>Owing at least (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="141"/>
        <source>逾期不少于</source>
        <translation>Overdue at least</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="144"/>
        <source>发行批次(&amp;N)</source>
        <translation>Bill ru&amp;n</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="186"/>
        <source>电费发行</source>
        <translation>Bill run</translation>
    </message>
    <message>
        <location filename="../../ui/reports/options.py" line="186"/>
        <source>账单导入</source>
        <translation>Import bills</translation>
    </message>
</context>
<context>
    <name>OutageDialog</name>
    <message>
        <location filename="../../ui/outages/form.py" line="59"/>
        <source>发布停电信息</source>
        <extracomment>the saved OutageView</extracomment>
        <translation>Announce an outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="59"/>
        <source>修改停电信息 %1</source>
        <translation>Edit outage %1</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="89"/>
        <source>如 文三1号台区、文三2号台区（多个用顿号或分号隔开）</source>
        <translation>e.g. Wensan No. 1、Wensan No. 2 (separate several with 、 or ;)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="90"/>
        <source>如 10kV文三线</source>
        <translation>e.g. 10kV Wensan line</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="91"/>
        <source>地址开头，如 浙江省杭州市西湖区古墩路</source>
        <translation>start of the address, e.g. 浙江省杭州市西湖区古墩路</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="92"/>
        <source>如 线路检修、变压器故障</source>
        <translation>e.g. line maintenance, transformer fault</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="93"/>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="96"/>
        <source>停电类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="97"/>
        <source>开始时间</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="98"/>
        <source>预计送电</source>
        <translation>Expected end</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="99"/>
        <source>台区</source>
        <translation>Transformer area</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="100"/>
        <source>线路</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="101"/>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="102"/>
        <source>停电原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="103"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="115"/>
        <source>停电范围至少填写一项（台区、线路或区域）；覆盖该范围的客户在查询结果和客户视图中显示停电提示</source>
        <translation>Give at least one of transformer area, line or area; customers it covers show the outage in the search results and the customer view</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="122"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/form.py" line="122"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>OutagesModel</name>
    <message>
        <location filename="../../ui/outages/models.py" line="31"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="32"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="33"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="34"/>
        <source>停电时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="35"/>
        <source>停电范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="36"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/outages/models.py" line="37"/>
        <source>录入</source>
        <translation>Entered</translation>
    </message>
</context>
<context>
    <name>OutagesModule</name>
    <message>
        <location filename="../../ui/outages/module.py" line="96"/>
        <source>发布停电信息</source>
        <translation>Announce an outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="97"/>
        <source>登记故障停电</source>
        <translation>Record a fault outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="98"/>
        <source>修改停电信息</source>
        <translation>Edit outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="99"/>
        <location filename="../../ui/outages/module.py" line="320"/>
        <location filename="../../ui/outages/module.py" line="331"/>
        <source>登记送电</source>
        <translation>Record power restored</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="100"/>
        <source>取消停电</source>
        <translation>Cancel outage</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="101"/>
        <source>导入停电信息</source>
        <translation>Import outages</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="103"/>
        <source>重要客户清单</source>
        <translation>Important customers</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="105"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="108"/>
        <source>停电信息</source>
        <translation>Outages</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="124"/>
        <source>发布停电 (Ctrl+N)</source>
        <translation>Announce (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="125"/>
        <source>故障停电 (Ctrl+G)</source>
        <translation>Fault outage (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="126"/>
        <source>修改 (F4)</source>
        <translation>Edit (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="127"/>
        <source>送电 (Ctrl+E)</source>
        <translation>Restored (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="128"/>
        <source>取消 (Ctrl+D)</source>
        <translation>Cancel (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="129"/>
        <source>导入CSV (Ctrl+I)</source>
        <translation>Import CSV (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="130"/>
        <source>重要客户清单 (Ctrl+P)</source>
        <translation>Important customers (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="144"/>
        <source>导入未完成，文件中的问题（改正后重新导入，一条也没有导入）：</source>
        <translation>Import not done; the file&apos;s problems (correct them and import again; nothing was imported):</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="202"/>
        <source>正在导入停电信息，请等待完成</source>
        <translation>Importing outages, please wait</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="276"/>
        <source>停电中 %1 条，待停电 %2 条；近30天已结束的也列在下面</source>
        <translation>%1 under way, %2 to come; those ended in the last 30 days are listed too</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="302"/>
        <source>已发布停电信息 %1</source>
        <translation>Outage %1 announced</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="308"/>
        <source>已登记故障停电 %1</source>
        <translation>Fault outage %1 recorded</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="313"/>
        <source>已修改停电信息 %1</source>
        <translation>Outage %1 changed</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="320"/>
        <source>确认 %1 已恢复送电？送电时间记为现在。</source>
        <translation>Confirm power is back for %1? The time recorded is now.</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="326"/>
        <source>%1 已登记送电</source>
        <translation>%1: power restored recorded</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="350"/>
        <source>%1 已取消</source>
        <translation>%1 cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="365"/>
        <source>选择停电信息文件</source>
        <translation>Choose an outage file</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="365"/>
        <source>CSV 文件 (*.csv *.txt)</source>
        <translation>CSV files (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="372"/>
        <source>正在导入 %1…</source>
        <translation>Importing %1…</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="393"/>
        <source>已导入 %1 条停电信息（%2 – %3）</source>
        <translation>%1 outages imported (%2 – %3)</translation>
    </message>
    <message>
        <location filename="../../ui/outages/module.py" line="402"/>
        <source>导入未完成：文件中有 %1 处问题，一条也没有导入</source>
        <translation>Import not done: %1 problems in the file, nothing imported</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/payments/dialog.py" line="120"/>
        <source>收费 — %1（户号 %2）</source>
        <extracomment>when the customer view first showed the customer (set by the caller): the handling time&apos;s start the request sent last whose answer was lost: re-sent as it is, the form locked meanwhile</extracomment>
        <translation>Collect payment — %1 (account No. %2)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="165"/>
        <source>收费&#x3000;%1</source>
        <extracomment>the hall&apos;s rules (payment limit, large-change threshold): the defaults until read, at open</extracomment>
        <translation>Collect payment&#x3000;%1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="168"/>
        <source>户号 %1</source>
        <translation>Account No. %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="191"/>
        <source>欠费</source>
        <translation>Arrears</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="191"/>
        <source>违约金</source>
        <translation>Late fee</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="192"/>
        <source>预存</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="192"/>
        <source>应缴</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="214"/>
        <source>本次收取的金额</source>
        <translation>Amount to collect</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="231"/>
        <source>收费金额（元）</source>
        <translation>Payment amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="238"/>
        <source>收款方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="238"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="238"/>
        <source>交易参考号</source>
        <translation>Transaction ref.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="259"/>
        <source>客户交来的现金</source>
        <translation>Cash handed over by the customer</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="281"/>
        <source>找零</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="307"/>
        <source>销账预览（先旧后新，先违约金后本金）</source>
        <translation>Allocation preview (oldest first; late fee before principal)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="332"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="332"/>
        <location filename="../../ui/payments/dialog.py" line="717"/>
        <source>确认收费 (Enter)</source>
        <translation>Confirm payment (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="383"/>
        <source>收费金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="383"/>
        <source>%1金额</source>
        <translation>%1 amount</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="414"/>
        <source>请输入收款金额（现金、银行卡、扫码或转账）</source>
        <translation>Enter the amount received (cash, bank card, QR code or transfer)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="450"/>
        <source>大写：人民币%1</source>
        <translation>In words: RMB %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="452"/>
        <source>大写：—</source>
        <translation>In words: —</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="453"/>
        <source>实收合计 %1&#x3000;应收 %2</source>
        <translation>Total received %1&#x3000;due %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="460"/>
        <source>找零较大，请核对现金金额（是否漏输小数点）</source>
        <translation>Large change: check the cash amount (a missing decimal point?)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="465"/>
        <source>收款已足额，Enter 确认收费</source>
        <translation>Amount covered; press Enter to confirm the payment</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="471"/>
        <source>还差 %1</source>
        <translation>%1 still to pay</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="525"/>
        <source>违约金计至 %1</source>
        <translation>Late fees up to %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="536"/>
        <source>转入预存 %1</source>
        <translation>To prepaid %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="538"/>
        <source>使用预存 %1</source>
        <translation>From prepaid %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="540"/>
        <source>冲抵账单 %1 张，合计 %2</source>
        <translation>Pays %1 bills, total %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="543"/>
        <source>没有未结清的账单，全部转入预存</source>
        <translation>No unpaid bills; all of it goes to prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="695"/>
        <source>请核对找零</source>
        <translation>Check the change</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="696"/>
        <source>要找零 %1，金额较大。

收费金额 %2，收到现金 %3。
请核对现金金额是否输错（如漏输小数点）。确认找零 %1 并收费吗？</source>
        <translation>The change is %1, a large amount.

Amount %2, cash received %3.
Check that the cash amount was typed correctly (a missing decimal point?). Give %1 change and take the payment?</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="700"/>
        <source>请核对现金金额：当前要找零 %1</source>
        <translation>Check the cash amount: the change would be %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="713"/>
        <source>正在收费…</source>
        <translation>Taking payment…</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="715"/>
        <source>原样重试 (Enter)</source>
        <translation>Retry as is (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="721"/>
        <source>正在保存，请稍候…</source>
        <translation>Saving, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="762"/>
        <source>收费未确认：%1。请按 Enter 原样重试（不会重复收费）</source>
        <translation>Payment not confirmed: %1. Press Enter to retry as is (it will not be charged twice)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="755"/>
        <location filename="../../ui/payments/dialog.py" line="765"/>
        <source>结果未知：不能修改，重试会原样重发同一笔收费</source>
        <translation>Result unknown: no changes; a retry resends the same payment</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="772"/>
        <source>未收费：可修改后重新确认</source>
        <translation>Not charged: you can change it and confirm again</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="783"/>
        <source>按当前应缴 %1 收费</source>
        <translation>Take the current amount due, %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="786"/>
        <source>仍收 %1，%2 转入预存</source>
        <translation>Still take %1; %2 goes to prepaid</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="788"/>
        <source>仍收 %1（部分缴费）</source>
        <translation>Still take %1 (partial payment)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="790"/>
        <source>取消收费</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="792"/>
        <source>%1

本次未收费。请选择：</source>
        <translation>%1

Nothing has been charged. Choose:</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="793"/>
        <source>应缴金额已变化</source>
        <translation>Amount due has changed</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="807"/>
        <source>收费金额已改为当前应缴，请核对收款后按 Enter 确认</source>
        <translation>The amount is now the current amount due; check the money received and press Enter to confirm</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="824"/>
        <source>收费结果未知</source>
        <translation>Payment result unknown</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="825"/>
        <source>上一次收费没有得到答复，可能已经收费成功。
关闭后请在缴费记录中核对，不要重复收费。

确定关闭吗？</source>
        <translation>The last payment got no answer and may have gone through.
After closing, check it in Payments; do not charge again.

Close anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/payments/dialog.py" line="821"/>
        <source>正在收费，请稍候…</source>
        <translation>Taking payment, please wait…</translation>
    </message>
</context>
<context>
    <name>PaymentsModel</name>
    <message>
        <location filename="../../ui/payments/models.py" line="61"/>
        <source>收据号</source>
        <translation>Receipt No.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="62"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="64"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="65"/>
        <source>金额(元)</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="67"/>
        <source>收款方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="68"/>
        <source>收费员</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="69"/>
        <source>班次</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="70"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="76"/>
        <source>已冲正</source>
        <translation>Reversed</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="76"/>
        <source>已退费</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="78"/>
        <source>正常</source>
        <translation>Posted</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="80"/>
        <source>未打印</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <location filename="../../ui/payments/models.py" line="80"/>
        <source>%1，未打印</source>
        <translation>%1, not printed</translation>
    </message>
</context>
<context>
    <name>PaymentsTab</name>
    <message>
        <location filename="../../ui/payments/tab.py" line="52"/>
        <location filename="../../ui/payments/tab.py" line="155"/>
        <source>补打收据 (Ctrl+P)</source>
        <translation>Reprint receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="55"/>
        <source>冲正/退费…</source>
        <translation>Reversal / refund…</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="117"/>
        <source>共 %1 笔收费，合计 %2</source>
        <translation>%1 payments, total %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="120"/>
        <source>冲正/退费 %1 笔</source>
        <translation>%1 reversals / refunds</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="123"/>
        <source>未打印收据 %1 张（选中后按 Ctrl+P 打印）</source>
        <translation>%1 receipts not printed (select one and press Ctrl+P to print)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="125"/>
        <source>暂无缴费记录</source>
        <translation>No payments yet</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="155"/>
        <source>打印收据 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="162"/>
        <source>请先在缴费记录中选中要打印的收据</source>
        <translation>Select the receipt to print in the payments list first</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="165"/>
        <source>上一张收据还在出具，请稍候</source>
        <translation>The previous receipt is still being issued, please wait</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="172"/>
        <source>请选中一笔收费记录再办理冲正</source>
        <translation>Select a payment to reverse</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="176"/>
        <source>该笔收费已冲正</source>
        <translation>This payment has already been reversed</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="175"/>
        <source>该笔收费已退费</source>
        <translation>This payment has already been refunded</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="188"/>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="188"/>
        <source>冲正</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <location filename="../../ui/payments/tab.py" line="189"/>
        <source>已%1：收据 %2，凭证 %3</source>
        <translation>%1 done: receipt %2, voucher %3</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../ui/printing/preview.py" line="107"/>
        <source>打印预览 — %1</source>
        <extracomment>pages narrower than this (points) are rolls: shown at a fixed, readable zoom ``CopyLog.record``&apos;s ``where`` for a copy saved as PDF: this + the file&apos;s path</extracomment>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="155"/>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="159"/>
        <source>另存为PDF (Ctrl+S)</source>
        <translation>Save as PDF (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="162"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="201"/>
        <source>共 %1 页&#x3000;%2×%3 mm</source>
        <translation>%1 pages&#x3000;%2×%3 mm</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="253"/>
        <source>已取消打印</source>
        <translation>Printing cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="264"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="276"/>
        <source>已发送到打印机 %1（%2 页）</source>
        <translation>Sent to printer %1 (%2 pages)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="285"/>
        <source>已输出，但打印记录未能保存（%1），本联仍算未打印</source>
        <translation>Output, but the print log could not be updated (%1); this copy still counts as not printed</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="300"/>
        <source>打印失败，请检查打印机后重试（详情已记入日志）</source>
        <translation>Printing failed; check the printer and try again (details logged)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="307"/>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="308"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="332"/>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="342"/>
        <source>保存失败：%1</source>
        <translation>Could not save: %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/preview.py" line="347"/>
        <source>正在处理，请稍候再关闭</source>
        <translation>Busy, please wait before closing</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <location filename="../../ui/settings/printer.py" line="67"/>
        <source>打印机设置</source>
        <translation>Printer settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="82"/>
        <source>（不指定：每张收据先预览，再选择打印机）</source>
        <translation>(None: preview each receipt, then choose a printer)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="85"/>
        <source>%1（系统默认）</source>
        <translation>%1 (system default)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="89"/>
        <source>%1（当前设置，系统中未找到）</source>
        <translation>%1 (current setting, not found on this system)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="115"/>
        <source>收据打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="117"/>
        <source>收据纸张</source>
        <translation>Receipt paper</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="126"/>
        <source>打印测试收据</source>
        <translation>Print test receipt</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="131"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="131"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="139"/>
        <source>本机打印机设置</source>
        <translation>Printer settings on this PC</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="140"/>
        <source>收费后收据直接打印到这里选择的打印机；不指定时先打开打印预览。设置只对本机有效。</source>
        <translation>After a payment, receipts print directly to the printer chosen here; with none chosen, the print preview opens first. The setting applies to this PC only.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="169"/>
        <source>本机共有 %1 台打印机</source>
        <translation>%1 printers on this PC</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="170"/>
        <source>本机没有安装打印机；收据可在预览中另存为PDF</source>
        <translation>No printer is installed on this PC; receipts can be saved as PDF from the preview</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="174"/>
        <source>系统中找不到这台打印机（可能已删除或未连接）</source>
        <translation>This printer cannot be found on the system (it may have been removed or disconnected)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="176"/>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="176"/>
        <source>打印中</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="177"/>
        <source>已中止</source>
        <translation>Aborted</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="177"/>
        <source>出错</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="180"/>
        <source>位置：%1</source>
        <translation>Location: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="181"/>
        <source>状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="181"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="184"/>
        <source>分辨率：%1 dpi</source>
        <translation>Resolution: %1 dpi</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="203"/>
        <source>正在打印测试收据…</source>
        <translation>Printing test receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="209"/>
        <source>测试收据已送打印机 %1，请核对字迹、二维码和裁切位置</source>
        <translation>Test receipt sent to printer %1; check the text, QR code and cut position</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="220"/>
        <source>测试打印失败：%1</source>
        <translation>Test print failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="227"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/printer.py" line="246"/>
        <source>保存失败：%1</source>
        <translation>Could not save: %1</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing/show.py" line="28"/>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../ui/printing/show.py" line="44"/>
        <source>%1的打印模板尚未启用</source>
        <translation>The print template for %1 is not enabled yet</translation>
    </message>
</context>
<context>
    <name>RatingDialog</name>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="105"/>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="111"/>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="119"/>
        <source>请客户点击按钮；键盘 5 非常满意 … 1 非常不满意</source>
        <translation>Ask the customer to press a button; keys 5 very satisfied … 1 very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="121"/>
        <source>跳过评价… (Esc)</source>
        <translation>Skip rating… (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="144"/>
        <source>%1&#x3000;缴费 %2&#x3000;收据 %3</source>
        <translation>%1&#x3000;payment %2&#x3000;receipt %3</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="146"/>
        <source>%1&#x3000;%2&#x3000;申请编号 %3&#x3000;承诺办结日期 %4</source>
        <translation>%1&#x3000;%2&#x3000;application %3&#x3000;promised by %4</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/reason_dialog.py" line="32"/>
        <source>必填，%1–%2 个字</source>
        <translation>required, %1–%2 characters</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="34"/>
        <source>可不填，最多 %1 个字</source>
        <translation>optional, at most %1 characters</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="38"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/reason_dialog.py" line="51"/>
        <source>请填写原因（至少 %1 个字）</source>
        <translation>Enter a reason (at least %1 characters)</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinter</name>
    <message>
        <location filename="../../ui/printing/receipts.py" line="202"/>
        <location filename="../../ui/printing/receipts.py" line="282"/>
        <location filename="../../ui/printing/receipts.py" line="325"/>
        <source>收据</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="246"/>
        <source>收据 %1 已送打印机，但打印记录未能保存（%2），交班前须重新打印</source>
        <translation>Receipt %1 was sent to the printer, but the print log could not be updated (%2); print it again before closing the session</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="247"/>
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="250"/>
        <source>打印机出错：%1</source>
        <translation>Printer error: %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="258"/>
        <source>已另存为PDF %1</source>
        <translation>saved as PDF %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="259"/>
        <source>已送打印机 %1</source>
        <translation>sent to printer %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="262"/>
        <source>（补打，第%1联）</source>
        <translation> (reprint, copy %1)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="263"/>
        <source>收据 %1%2 %3</source>
        <translation>Receipt %1%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="265"/>
        <source>；该收据同时在别处打印，纸面联次（第%1联）有误，请收回后补打</source>
        <translation>; this receipt was also printed elsewhere at the same time, so the copy number on paper (copy %1) is wrong: take it back and reprint</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="270"/>
        <source>已出具第%1联；再次打印为补打（第%2联）</source>
        <translation>Copy %1 issued; printing again is a reprint (copy %2)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="275"/>
        <source>第1联&#x3000;·&#x3000;关闭预览不算已打印：请打印 (Ctrl+P) 或另存为PDF (Ctrl+S)，否则不能交班</source>
        <translation>Copy 1&#x3000;·&#x3000;Closing the preview does not count as printed: print (Ctrl+P) or save as PDF (Ctrl+S), or the session cannot be closed</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="283"/>
        <source>%1&#x3000;户号 %2&#x3000;%3</source>
        <translation>%1&#x3000;Account No. %2&#x3000;%3</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="323"/>
        <source>，找零 %1</source>
        <translation>, change %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="326"/>
        <source>%1 %2（%3）未打印：交班前须打印（缴费记录中选中按 Ctrl+P，或交班时按 Ctrl+P）</source>
        <translation>%1 %2 (%3) not printed: it must be printed before the session is closed (select it in Payments and press Ctrl+P, or press Ctrl+P when closing)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="280"/>
        <source>收费收据</source>
        <translation>Payment receipt</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="280"/>
        <location filename="../../ui/printing/receipts.py" line="324"/>
        <source>冲正凭证</source>
        <translation>Reversal voucher</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="281"/>
        <location filename="../../ui/printing/receipts.py" line="325"/>
        <source>退费凭证</source>
        <translation>Refund voucher</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="282"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="272"/>
        <source>补打（第%1联）</source>
        <translation>Reprint (copy %1)</translation>
    </message>
    <message>
        <location filename="../../ui/printing/receipts.py" line="285"/>
        <source>&#x3000;·&#x3000;未设置收据打印机（系统 → 打印机设置）</source>
        <translation>&#x3000;·&#x3000;No receipt printer set (System → Printer settings)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/printing.py" line="28"/>
        <source>诉求受理回执</source>
        <translation>Request acknowledgement</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <location filename="../../ui/customers/registration_dialog.py" line="88"/>
        <source>新客户档案</source>
        <translation>New customer record</translation>
    </message>
</context>
<context>
    <name>RepointDialog</name>
    <message>
        <location filename="../../ui/sync/repoint.py" line="58"/>
        <location filename="../../ui/sync/repoint.py" line="103"/>
        <source>重新指向</source>
        <extracomment>what a lookup answers: a RepointTarget (centre) or its JSON (branch) the decision: (account_no, amount_fen) → the resolved row</extracomment>
        <translation>Re-point</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="74"/>
        <source>输入这笔钱应归属客户的户号并回车核对姓名：同一户号则抵扣其未缴账单，其他户号则转入该户并抵扣其未缴账单（余下的留作预存）。不改动原收费记录，不影响当日收款合计。转出的是该户的预存：若分支离线时已用了这笔预存，分支那笔收费将暂不能入账（收费暂未入账），宜在分支同步后再重新指向。</source>
        <extracomment>the supervisor signed in for this dialog (a branch asks before the first lookup)</extracomment>
        <translation>Enter the account number of the customer this money belongs to and press Enter to check the name: the same account settles its unpaid bills; another account receives the money and settles its unpaid bills (the rest stays prepaid). The original payment is not changed, nor are the day&apos;s takings. The money moved is this customer&apos;s prepaid balance: if the branch spent it while offline, that branch payment cannot be booked yet (money not yet booked) — re-point after the branch has synced where possible.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="83"/>
        <source>户号，回车核对</source>
        <translation>Account no., Enter to check</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="87"/>
        <location filename="../../ui/sync/repoint.py" line="120"/>
        <source>（尚未核对）</source>
        <translation>(not checked yet)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="92"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="99"/>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="100"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="101"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="103"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="127"/>
        <source>请输入户号</source>
        <translation>Enter an account number</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="140"/>
        <source>本笔收费的客户：余款抵扣其未缴账单</source>
        <translation>This payment&apos;s own customer: the money settles its unpaid bills</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="140"/>
        <source>转入该户</source>
        <translation>Moved to this account</translation>
    </message>
    <message>
        <location filename="../../ui/sync/repoint.py" line="144"/>
        <source>%1（户号 %2）— %3；欠费 %4，最多可转 %5</source>
        <translation>%1 (account %2) — %3; owes %4, at most %5 can move</translation>
    </message>
</context>
<context>
    <name>ReportsModule</name>
    <message>
        <location filename="../../ui/reports/module.py" line="57"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="83"/>
        <source>查询</source>
        <translation>Run</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="89"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="92"/>
        <source>导出 xlsx</source>
        <translation>Export xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="95"/>
        <source>导出 CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="177"/>
        <source>尚无电费发行或账单导入记录</source>
        <translation>No bill runs or bill imports yet</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="238"/>
        <source>正在生成报表…</source>
        <translation>Building the report…</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="255"/>
        <source>%1（%2）&#x3000;%3&#x3000;共 %4 行</source>
        <translation>%1 (%2)&#x3000;%3&#x3000;%4 rows</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="260"/>
        <source>%1：共 %2 行</source>
        <translation>%1: %2 rows</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="290"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="290"/>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="291"/>
        <source>导出报表</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../../ui/reports/module.py" line="298"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>ReturnSessionDialog</name>
    <message>
        <location filename="../../ui/cashier/review.py" line="46"/>
        <source>退回班次</source>
        <extracomment>filter value (the service&apos;s ``status`` argument) and its label</extracomment>
        <translation>Return session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="50"/>
        <source>例如：短款5元，由营业员当日补齐</source>
        <translation>E.g. CNY 5 short; the clerk makes it up today</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="55"/>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="55"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="59"/>
        <source>班次 %1（%2）：%3</source>
        <translation>Session %1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="60"/>
        <source>退回意见（营业员可见，至少4个字）</source>
        <translation>Reason for return (shown to the clerk, at least 4 characters)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="70"/>
        <source>请填写至少4个字的退回意见（如短款如何处理）</source>
        <translation>Enter a reason of at least 4 characters (e.g. how the shortage is handled)</translation>
    </message>
</context>
<context>
    <name>ReversalDialog</name>
    <message>
        <location filename="../../ui/payments/reversal.py" line="94"/>
        <source>收据 %1&#x3000;%2&#x3000;金额 %3
收款方式：%4&#x3000;收费员：%5</source>
        <translation>Receipt %1&#x3000;%2&#x3000;Amount %3
Payment method: %4&#x3000;Cashier: %5</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="114"/>
        <source>如：客户报错户号，钱款当面退回</source>
        <translation>e.g. Customer gave the wrong account No.; money returned in person</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="117"/>
        <source>值班长用户名</source>
        <translation>Supervisor user name</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="121"/>
        <source>值班长密码</source>
        <translation>Supervisor password</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="126"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="127"/>
        <source>原因说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="128"/>
        <source>授权人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="129"/>
        <source>授权密码</source>
        <translation>Approver password</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="143"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="165"/>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="165"/>
        <source>冲正</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="166"/>
        <source>%1 — 收据 %2</source>
        <translation>%1 — receipt %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="167"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="168"/>
        <source>确认%1</source>
        <translation>Confirm %1</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="170"/>
        <source>原收费所在班次已结班，办理退费：款项从本人当前班次的钱箱退出，并打印退费凭证。需值班长在本机输入账号和密码授权。</source>
        <translation>The session of the original payment is closed, so this is a refund: the money is paid out of your current session&apos;s drawer and a refund voucher is printed. A supervisor must approve by entering their user name and password on this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="173"/>
        <source>冲正将撤销这笔收费（账单恢复为未缴，预存退回），款项从原收费班次的钱箱退出，并打印冲正凭证。需值班长在本机输入账号和密码授权。</source>
        <translation>A reversal cancels this payment (bills become unpaid again, prepaid is returned): the money is paid out of the original session&apos;s drawer and a reversal voucher is printed. A supervisor must approve by entering their user name and password on this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="200"/>
        <source>您还没有开班，不能办理退费：退费的款项要从您本人当前收费班次的钱箱退给客户。请按 Esc 关闭，先开班（F7）并登记备用金，再办理退费。</source>
        <translation>You have no open session, so you cannot issue a refund: the refund is paid to the customer from the drawer of your own current session. Press Esc to close, open a session (F7) and record the float first, then issue the refund.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="245"/>
        <source>请填写至少%1个字的原因说明</source>
        <translation>Enter an explanation of at least %1 characters</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="248"/>
        <source>请值班长输入用户名</source>
        <translation>Supervisor: enter your user name</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="251"/>
        <source>请值班长输入密码</source>
        <translation>Supervisor: enter your password</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="301"/>
        <source>%1。已改为退费，请值班长重新输入密码后确认。</source>
        <translation>%1. Changed to a refund; supervisor, enter your password again to confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/payments/reversal.py" line="305"/>
        <source>操作未完成（%1），请重试；重试不会重复办理</source>
        <translation>Not completed (%1); please try again. Retrying will not process it twice</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/formatting.py" line="94"/>
        <source>营业员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="95"/>
        <source>值班长</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="96"/>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>RowErrorsModel</name>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="41"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="42"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="43"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="47"/>
        <source>第 %1 行</source>
        <translation>Row %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="47"/>
        <source>整个文件</source>
        <translation>Whole file</translation>
    </message>
</context>
<context>
    <name>ScannerPicker</name>
    <message>
        <location filename="../../ui/applications/attachments.py" line="146"/>
        <source>从扫描文件夹添加</source>
        <translation>Add from scanner folder</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="153"/>
        <source>%1    %2    %3</source>
        <translation>%1    %2    %3</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="165"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="167"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/attachments.py" line="171"/>
        <source>扫描文件夹：%1（最新的在最上面）</source>
        <translation>Scanner folder: %1 (newest first)</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="73"/>
        <source>户号 / 户名 / 拼音首字母 / 电话或后四位 / 证件号 / 表号 / 地址（F2），扫码枪可直接扫户号</source>
        <extracomment>A feature&apos;s marks on the search results (ui/customers/host.py ``add_search_marks``): called on the worker thread with the result&apos;s customer ids, after the search, in the same task. open this customer (uuid.UUID) in the customer view Enter on an account-like text: open this 户号 directly (scanner path) the clerk typed something: the module shows the results page Esc in the search box or the table: the module shows the (empty) results page</extracomment>
        <translation>Account No. / name / pinyin initials / phone or last 4 digits / ID No. / meter No. / address (F2); a scanner can scan the account No. directly</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="77"/>
        <source>查询客户</source>
        <translation>Find customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="170"/>
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="220"/>
        <source>这些关键字各自匹配的客户很多，已查看的部分中没有同时符合的。请输入更具体的内容，如门牌号、户号或电话后四位</source>
        <translation>Each of these words matches many customers, and none of those checked matches all of them. Type something more specific, such as the house number, the account number or the last four digits of a phone.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="222"/>
        <source>未找到匹配的客户。可换个关键字，或按 F3 新建客户</source>
        <translation>No matching customer. Try another keyword, or press F3 for a new customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="227"/>
        <source>已列出%1条，可能还有，请输入更多内容</source>
        <translation>%1 listed, there may be more: type more</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="229"/>
        <source>超过%1条，请输入更多内容</source>
        <translation>More than %1 matches; type more</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="231"/>
        <source>共%1条</source>
        <translation>%1 matches</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="233"/>
        <source>没有找到匹配的客户</source>
        <translation>No matching customer found</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="234"/>
        <source>%1 毫秒</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="245"/>
        <source>没有找到“%1”，请核对后重新输入</source>
        <translation>“%1” was not found; check it and try again</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="296"/>
        <source>按户号打开 %1…</source>
        <translation>Open account No. %1…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="308"/>
        <source>输入即查：↓ 进入结果列表，回车打开客户，Esc 清空</source>
        <translation>Results as you type: ↓ to the result list, Enter opens the customer, Esc clears</translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="43"/>
        <source>本班次</source>
        <translation>This session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="44"/>
        <location filename="../../ui/cashier/session_panel.py" line="154"/>
        <source>未开班</source>
        <translation>No session open</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="65"/>
        <source>当前没有进行中的班次。收费前请先按 F7 开班（清点并录入备用金）。</source>
        <translation>No session is open. Press F7 to open one (count and enter the float) before taking payments.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="81"/>
        <source>本班次收款合计</source>
        <translation>Total received this session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="81"/>
        <source>各收款方式净额之和</source>
        <translation>Sum of the net amounts of all payment methods</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="82"/>
        <source>钱箱应有现金</source>
        <translation>Expected cash in drawer</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="82"/>
        <source>备用金 + 现金净收</source>
        <translation>Float + net cash taken</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="83"/>
        <source>备用金</source>
        <translation>Float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="83"/>
        <source>开班时放入钱箱</source>
        <translation>Put in the drawer when the session opened</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="84"/>
        <source>收费笔数</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="108"/>
        <source>交班前请确认本班次的收据都已打印。按 F8 开始点钞：逐项录入各面额张数，系统算出实点现金并与应有现金比对，显示长款或短款。</source>
        <translation>Before closing, make sure every receipt of this session has been printed. Press F8 to start the cash count: enter the count of each denomination, and the system works out the counted cash, compares it with the expected cash and shows any overage or shortage.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="119"/>
        <source>按收款方式</source>
        <translation>By payment method</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="132"/>
        <source>F7 开班 · F8 交班/日结（点钞、核对长短款、打印日结报表）· F5 刷新</source>
        <translation>F7 Open session · F8 Close session / Day end (count cash, check over/short, print day-end report) · F5 Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="155"/>
        <source>开班后才能收费。</source>
        <translation>Payments can be taken once a session is open.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="162"/>
        <source>班次 %1&#x3000;营业员 %2&#x3000;开班 %3</source>
        <translation>Session %1&#x3000;Clerk %2&#x3000;Opened %3</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="168"/>
        <source>收费 %1 笔&#x3000;冲正 %2 笔&#x3000;退费 %3 笔</source>
        <translation>%1 payments&#x3000;%2 reversals&#x3000;%3 refunds</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/session_panel.py" line="170"/>
        <source>有 %1 张收据尚未打印（交班前须打印）：%2</source>
        <translation>%1 receipts not printed yet (must be printed before closing): %2</translation>
    </message>
</context>
<context>
    <name>SessionReviewPage</name>
    <message>
        <location filename="../../ui/cashier/review.py" line="147"/>
        <source>班次审核</source>
        <translation>Session review</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="157"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="162"/>
        <source>Enter/Ctrl+P 查看日结报表 · F10 审核通过 · F9 退回 · F5 刷新 · ↑↓ 选择班次</source>
        <translation>Enter/Ctrl+P day-end report · F10 approve · F9 return · F5 refresh · ↑↓ select session</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="184"/>
        <source>共 %1 个班次，%2 个待审核</source>
        <translation>%1 sessions, %2 awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="215"/>
        <source>班次 %1 尚未交班（备用金 %2）。</source>
        <translation>Session %1 is not closed yet (float %2).</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="218"/>
        <source>班次 &lt;b&gt;%1&lt;/b&gt;&#x3000;交班 %2&#x3000;应有现金 %3&#x3000;实点现金 %4&#x3000;&lt;b style=&apos;color:%5&apos;&gt;%6&lt;/b&gt;</source>
        <translation>Session &lt;b&gt;%1&lt;/b&gt;&#x3000;closed %2&#x3000;expected cash %3&#x3000;counted cash %4&#x3000;&lt;b style=&apos;color:%5&apos;&gt;%6&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="220"/>
        <source>&#x3000;已由 %1 审核</source>
        <translation>&#x3000;Approved by %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="222"/>
        <source>&#x3000;已由 %1 退回</source>
        <translation>&#x3000;Returned by %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/review.py" line="224"/>
        <source>&#x3000;审核意见：%1</source>
        <translation>&#x3000;Review comment: %1</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <location filename="../../ui/cashier/models.py" line="99"/>
        <source>班次号</source>
        <translation>Session No.</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="100"/>
        <source>营业员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="102"/>
        <source>开班时间</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="104"/>
        <source>交班时间</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="107"/>
        <source>备用金</source>
        <translation>Float</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="108"/>
        <source>应有现金</source>
        <translation>Expected cash</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="110"/>
        <source>实点现金</source>
        <translation>Counted cash</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="112"/>
        <source>长短款</source>
        <translation>Over/Short</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="114"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="115"/>
        <source>审核人</source>
        <translation>Approved by</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="92"/>
        <source>首次设置 — GridCounter 电力营业厅柜台业务系统</source>
        <extracomment>Months of readings, bills and counter payments each demo customer gets (docs/rules.md#demo-data). ``seed(db, settings, customers=, seed=, progress=) -&gt; report``; tests pass a fake.</extracomment>
        <translation>First-start setup — GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="112"/>
        <source>4位数字，如 3301</source>
        <translation>4 digits, e.g. 3301</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="113"/>
        <source>如 城东营业厅</source>
        <translation>e.g. Chengdong business hall</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="114"/>
        <source>如 国网杭州供电公司</source>
        <translation>e.g. State Grid Hangzhou Power Supply Co.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="118"/>
        <location filename="../../ui/setup_wizard.py" line="145"/>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="119"/>
        <source>至少8位，含字母和数字</source>
        <translation>At least 8 characters, letters and digits</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="120"/>
        <source>再输入一次</source>
        <translation>Type it again</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="121"/>
        <source>载入演示数据（%1户演示客户及其%2个月的账单和缴费、演示营业员账号，供培训和试用）</source>
        <translation>Load demo data (%1 demo customers with %2 months of bills and payments, demo clerk accounts; for training and trials)</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="134"/>
        <source>营业厅</source>
        <translation>Business hall</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="138"/>
        <source>节点编码</source>
        <translation>Node code</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="139"/>
        <source>营业厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="140"/>
        <source>供电公司</source>
        <translation>Power supply company</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="149"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="150"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="151"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="152"/>
        <source>确认密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="157"/>
        <location filename="../../ui/setup_wizard.py" line="211"/>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="157"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="158"/>
        <source>Enter 下一项 · Esc 退出</source>
        <translation>Enter next field · Esc quits</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="165"/>
        <source>欢迎使用 GridCounter 电力营业厅柜台业务系统</source>
        <translation>Welcome to GridCounter, the power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="167"/>
        <source>这是本数据库第一次启动。请填写本营业厅的信息，并创建系统管理员账户；管理员登录后可再添加营业员。节点编码是本营业厅户号的前缀，设置后不能修改。</source>
        <translation>This database is being started for the first time. Enter this business hall&apos;s details and create the administrator account; the administrator can add clerks after logging in. The node code prefixes this hall&apos;s account numbers and cannot be changed later.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="169"/>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="211"/>
        <source>正在设置…</source>
        <translation>Setting up…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="233"/>
        <source>正在生成演示数据…</source>
        <translation>Generating demo data…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="235"/>
        <source>载入演示数据</source>
        <translation>Load demo data</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="265"/>
        <source>正在生成演示客户… %1 / %2 户</source>
        <translation>Generating demo customers… %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="266"/>
        <source>正在生成演示抄表、账单和缴费… %1 / %2 个月</source>
        <translation>Generating demo readings, bills and payments… month %1 of %2</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="280"/>
        <source>演示数据已载入</source>
        <translation>Demo data loaded</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="289"/>
        <source>载入演示数据失败</source>
        <translation>Demo data could not be loaded</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="290"/>
        <source>系统已完成设置，但演示数据未能载入：%1
可稍后运行 “main.py seed-demo” 再载入。</source>
        <translation>Setup is complete, but the demo data could not be loaded: %1
You can load it later with &quot;main.py seed-demo&quot;.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../ui/app.py" line="326"/>
        <source>无法继续</source>
        <translation>Cannot continue</translation>
    </message>
</context>
<context>
    <name>SkipDialog</name>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="39"/>
        <source>跳过评价</source>
        <extracomment>reasons a clerk picks most often (any other may be typed)</extracomment>
        <translation>Skip rating</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="44"/>
        <source>业务 %1 不做评价。请填写原因（%2–%3个字）：</source>
        <translation>No rating for %1. Give the reason (%2–%3 characters):</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="55"/>
        <source>如：客户已离开</source>
        <translation>e.g. the customer has left</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="70"/>
        <source>返回评价 (Esc)</source>
        <translation>Back to the rating (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="71"/>
        <source>跳过评价 (Enter)</source>
        <translation>Skip rating (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display/dialogs.py" line="92"/>
        <source>请填写跳过原因（至少%1个字）</source>
        <translation>Give a reason for skipping (at least %1 characters)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/app.py" line="404"/>
        <source>GridCounter 电力营业厅柜台业务系统</source>
        <translation>GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="409"/>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="441"/>
        <source>程序已升级</source>
        <translation>Program upgraded</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="468"/>
        <source>数据库需要在服务器上升级</source>
        <translation>The database must be upgraded on the server</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="469"/>
        <source>本程序是新版本，联网数据库还是旧版本。柜台电脑不升级共享数据库，程序将退出。

%1</source>
        <translation>This program is a newer version than the shared database. A counter PC does not upgrade a shared database; the program will now quit.

%1</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="474"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="475"/>
        <source>GridCounter 无法打开数据库，程序将退出。
请检查数据库文件或网络连接后重试；如问题持续，请联系系统管理员。

详细信息：%1</source>
        <translation>GridCounter cannot open the database and will close.
Check the database file or the network connection and try again; if the problem persists, call the system administrator.

Details: %1</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../ui/workorders/detail.py" line="111"/>
        <source>%1 — 工单 %2</source>
        <extracomment>action → (service function, the permission it needs, F-key)</extracomment>
        <translation>%1 — work order %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="130"/>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="134"/>
        <source>如：城东供电所</source>
        <translation>e.g. Chengdong supply station</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="135"/>
        <source>用户名，部门和处理人至少填一项</source>
        <translation>user name; give a department or a person or both</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="139"/>
        <source>处理部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="140"/>
        <source>处理人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="143"/>
        <source>处理结果，2–1000 个字（Shift+Enter 换行）</source>
        <translation>Resolution, 2–1000 characters (Shift+Enter new line)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="145"/>
        <source>处理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="148"/>
        <source>请选择回访结果</source>
        <translation>Choose the callback result</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="152"/>
        <source>回访结果</source>
        <translation>Callback result</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="156"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="170"/>
        <source>不满意：工单退回“处理”环节，答复时限重新计算</source>
        <translation>Dissatisfied: the order goes back to processing and the answer deadline starts again</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="176"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="177"/>
        <source>%1 (Ctrl+Enter)</source>
        <translation>%1 (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>StepsModel</name>
    <message>
        <location filename="../../ui/applications/detail.py" line="120"/>
        <location filename="../../ui/workorders/models.py" line="170"/>
        <source>序号</source>
        <extracomment>the deadline colour as a label&apos;s role (ui/palette.py) the fields of a new customer the application decides (the registration shows them locked)</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="121"/>
        <source>办理时间</source>
        <translation>Done at</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="122"/>
        <location filename="../../ui/workorders/models.py" line="172"/>
        <source>办理人</source>
        <translation>Done by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="123"/>
        <location filename="../../ui/workorders/models.py" line="173"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="124"/>
        <location filename="../../ui/workorders/models.py" line="174"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="125"/>
        <source>备注 / 原因</source>
        <translation>Remark / reason</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="171"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="175"/>
        <source>派往 / 结果 / 说明</source>
        <translation>Assigned / result / note</translation>
    </message>
</context>
<context>
    <name>SupervisorPasswordDialog</name>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="90"/>
        <source>授权并处理</source>
        <translation>Authorise and resolve</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="96"/>
        <source>请值班长输入自己的账号和密码，由中心核对；密码连续输错将按登录规则锁定账户。决定将记入中心的操作日志。</source>
        <translation>The supervisor enters his own user name and password, checked by the centre; repeated wrong passwords lock the account as at log-in. The decision is recorded in the centre&apos;s operation log.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="103"/>
        <source>请输入授权人用户名</source>
        <translation>Enter the approver&apos;s user name</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="107"/>
        <source>请输入授权人密码</source>
        <translation>Enter the approver&apos;s password</translation>
    </message>
</context>
<context>
    <name>SuspensionsModel</name>
    <message>
        <location filename="../../ui/applications/detail.py" line="135"/>
        <source>挂起日期</source>
        <translation>Suspended on</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="137"/>
        <source>恢复日期</source>
        <translation>Resumed on</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="137"/>
        <source>挂起中</source>
        <translation>suspended</translation>
    </message>
    <message>
        <location filename="../../ui/applications/detail.py" line="139"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>SyncConflicts</name>
    <message>
        <location filename="../../ui/sync/rows.py" line="29"/>
        <source>同一字段两边都改了</source>
        <extracomment>what each kind of conflict means to a supervisor (docs/sync.md#apply-rules)</extracomment>
        <translation>Same field changed on both sides</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="30"/>
        <source>状态已在中心变化</source>
        <translation>Status changed at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="31"/>
        <source>账单已在中心缴清</source>
        <translation>Bill already paid at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="32"/>
        <source>客户已在中心销户</source>
        <translation>Customer closed at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="33"/>
        <source>日结与缴费不符</source>
        <translation>Day-end does not match the payments</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="34"/>
        <source>中心数据不能在分支修改</source>
        <translation>Centre data cannot be changed at a branch</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="35"/>
        <source>同一记录内容不同</source>
        <translation>Same record, different content</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="36"/>
        <source>操作待核准</source>
        <translation>Operation awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="37"/>
        <source>中心未能应用</source>
        <translation>The centre could not apply it</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="38"/>
        <source>超出节点范围</source>
        <translation>Outside the node&apos;s scope</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="39"/>
        <source>收据号已重编</source>
        <translation>Receipt renumbered</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="40"/>
        <source>收费暂未入账</source>
        <translation>Payment not yet booked at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="41"/>
        <source>分支转交的操作</source>
        <translation>Work carried from a branch</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="42"/>
        <source>客户已转至其他节点</source>
        <translation>Customer moved to another node</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="43"/>
        <source>已重新指向的收费被退还</source>
        <translation>Re-pointed payment given back</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="44"/>
        <source>同一笔收费被退还两次</source>
        <translation>One payment refunded twice</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="49"/>
        <source>操作日志</source>
        <extracomment>every synced table (app/sync/tables.py SYNC_TABLES) as a supervisor knows it</extracomment>
        <translation>Operation log</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="50"/>
        <source>营业厅节点</source>
        <translation>Hall node</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="51"/>
        <source>电价版本</source>
        <translation>Tariff version</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="52"/>
        <source>业务目录</source>
        <translation>Business-type catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="53"/>
        <location filename="../../ui/sync/rows.py" line="103"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="54"/>
        <source>营业厅规则</source>
        <translation>Hall rules</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="55"/>
        <source>工单设置</source>
        <translation>Work-order settings</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="56"/>
        <source>客户档案</source>
        <translation>Customer record</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="57"/>
        <source>停电信息</source>
        <translation>Outages</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="58"/>
        <source>停电范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="59"/>
        <source>抄表读数</source>
        <translation>Meter reading</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="60"/>
        <source>账单</source>
        <translation>Bills</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="61"/>
        <source>收费班次</source>
        <translation>Cashier sessions</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="62"/>
        <source>缴费</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="63"/>
        <source>缴费方式明细</source>
        <translation>Payment tenders</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="64"/>
        <source>缴费销账明细</source>
        <translation>Payment allocations</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="65"/>
        <source>业务申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="66"/>
        <source>业务办理环节</source>
        <translation>Application stage</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="67"/>
        <source>业务中止记录</source>
        <translation>Application suspension</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="68"/>
        <source>附件内容</source>
        <translation>Attachment content</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="69"/>
        <source>业务附件</source>
        <translation>Application attachment</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="70"/>
        <source>诉求工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="71"/>
        <source>工单处理环节</source>
        <translation>Work-order step</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="72"/>
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="73"/>
        <source>日志锚点</source>
        <translation>Log anchor</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="74"/>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="75"/>
        <source>服务回访</source>
        <translation>Service callback</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="80"/>
        <source>记录重复</source>
        <extracomment>the database&apos;s own error names a centre message may carry, in words</extracomment>
        <translation>Duplicate record</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="81"/>
        <source>引用的记录不存在</source>
        <translation>The referenced record does not exist</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="82"/>
        <source>缺少必填内容</source>
        <translation>A required value is missing</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="83"/>
        <source>数值不符合规则</source>
        <translation>A value breaks a rule</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="84"/>
        <source>内容过长</source>
        <translation>Text too long</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="85"/>
        <source>数值超出范围</source>
        <translation>Number out of range</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="86"/>
        <location filename="../../ui/sync/rows.py" line="88"/>
        <source>数据格式不符</source>
        <translation>Data format does not match</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="87"/>
        <source>日期格式不符</source>
        <translation>Date format does not match</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="89"/>
        <source>数据约束冲突</source>
        <translation>Data constraint conflict</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="95"/>
        <source>户号</source>
        <extracomment>the few fields that name a row (in this order) when a whole row image is shown; never an ID number or a phone (docs/privacy.md)</extracomment>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="96"/>
        <source>户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="97"/>
        <source>收据号</source>
        <translation>Receipt No.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="98"/>
        <source>账单号</source>
        <translation>Bill No.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="99"/>
        <source>受理号</source>
        <translation>Application no.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="100"/>
        <source>工单号</source>
        <translation>Work order no.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="101"/>
        <source>班次</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="102"/>
        <source>停电编号</source>
        <translation>Outage no.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="104"/>
        <source>账期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="105"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="106"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="161"/>
        <source>%1记录（%2项）</source>
        <translation>%1 record (%2 fields)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="202"/>
        <source>是</source>
        <extracomment>one line in Chinese from the centre (ConflictView.summary), &quot;&quot; when it gave none the decisions the centre accepts for this entry (empty: not said, all offered)</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="202"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/sync/rows.py" line="257"/>
        <source>%1：中心已将状态改为 %2，分支在状态 %3 下做了修改</source>
        <translation>%1: the centre changed the status to %2; the branch changed it in status %3</translation>
    </message>
</context>
<context>
    <name>SyncConflictsModule</name>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="153"/>
        <location filename="../../ui/sync/conflicts.py" line="326"/>
        <source>保留中心值</source>
        <translation>Keep centre value</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="156"/>
        <location filename="../../ui/sync/conflicts.py" line="327"/>
        <source>采用分支值</source>
        <translation>Take branch value</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="159"/>
        <location filename="../../ui/sync/conflicts.py" line="328"/>
        <source>标记已复核</source>
        <translation>Mark reviewed</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="161"/>
        <location filename="../../ui/sync/conflicts.py" line="473"/>
        <source>重新指向</source>
        <translation>Re-point</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="163"/>
        <location filename="../../ui/sync/conflicts.py" line="391"/>
        <source>审核后不入账</source>
        <translation>Reviewed, not booked</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="165"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="178"/>
        <location filename="../../ui/sync/conflicts.py" line="332"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="180"/>
        <source>中心：各分支节点的冲突</source>
        <translation>Centre: every branch&apos;s conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="182"/>
        <source>本节点的冲突（经中心读取）</source>
        <translation>This node&apos;s conflicts (read from the centre)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="199"/>
        <source>保留中心值 (Ctrl+K)</source>
        <translation>Keep centre value (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="200"/>
        <source>采用分支值 (Ctrl+B)</source>
        <translation>Take branch value (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="201"/>
        <source>已复核 (Ctrl+R)</source>
        <translation>Reviewed (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="202"/>
        <source>重新指向 (Ctrl+J)</source>
        <translation>Re-point (Ctrl+J)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="203"/>
        <source>审核后不入账 (Ctrl+Shift+U)</source>
        <translation>Reviewed, not booked (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="204"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="270"/>
        <source>待处理冲突 %1 条</source>
        <translation>%1 open conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="270"/>
        <source>没有待处理的冲突</source>
        <translation>No open conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="273"/>
        <source>待处理 %1 条</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="292"/>
        <source>%1：%2
分支的值：%3
中心的值：%4</source>
        <translation>%1: %2
Branch value: %3
Centre value: %4</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="333"/>
        <source>对“%1”%2？此决定将记入操作日志。</source>
        <translation>%2 for &quot;%1&quot;? The decision is recorded in the operation log.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="343"/>
        <location filename="../../ui/sync/conflicts.py" line="473"/>
        <source>在中心对“%1”%2</source>
        <translation>%2 for &quot;%1&quot; at the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="392"/>
        <source>这笔收费将不记入账目（该项及同一笔收费的其他待处理项一并关闭）。请写明核实的经过：</source>
        <translation>This payment will not be booked (this entry and the payment&apos;s other open entries are closed). Write down what was checked:</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="393"/>
        <source>不入账</source>
        <translation>Do not book</translation>
    </message>
    <message>
        <location filename="../../ui/sync/conflicts.py" line="503"/>
        <source>冲突已处理：%1</source>
        <translation>Conflict resolved: %1</translation>
    </message>
</context>
<context>
    <name>SyncFeature</name>
    <message>
        <location filename="../../ui/sync/plug.py" line="64"/>
        <source>分支节点</source>
        <translation>Branch node</translation>
    </message>
    <message>
        <location filename="../../ui/sync/plug.py" line="65"/>
        <source>本机数据库为分支节点，与中心同步</source>
        <translation>This PC&apos;s database is a branch node that syncs with the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/plug.py" line="69"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync/plug.py" line="69"/>
        <source>同步冲突(&amp;Y)</source>
        <translation>Sync conflicts(&amp;Y)</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../ui/sync/status.py" line="43"/>
        <source>同步状态读取中…</source>
        <extracomment>the longest wait between background rounds while the centre cannot be reached</extracomment>
        <translation>Reading sync status…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="63"/>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="70"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="72"/>
        <source>中心 %1</source>
        <translation>Centre %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="74"/>
        <source>● 已停止同步，请联系中心</source>
        <translation>● Sync stopped: contact the centre</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="78"/>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="80"/>
        <source>尚未与中心 %1 同步</source>
        <translation>Not yet synced with centre %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="81"/>
        <source>待发送 %1 条</source>
        <translation>%1 to send</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="84"/>
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="91"/>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="96"/>
        <source>冲突 %1</source>
        <translation>Conflicts %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="104"/>
        <source>⚠ 本机时钟偏差约 %1 分钟</source>
        <translation>⚠ Clock off by about %1 min</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status.py" line="105"/>
        <source>本机时钟与中心不一致，请校准；只影响显示，不影响同步顺序</source>
        <translation>This PC&apos;s clock differs from the centre&apos;s; please correct it. It affects only what is displayed, not the sync order</translation>
    </message>
</context>
<context>
    <name>TariffEditorDialog</name>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="154"/>
        <source>新建电价版本 — %1</source>
        <translation>New tariff version — %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="176"/>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="423"/>
        <source>常用字段</source>
        <translation>Common fields</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="183"/>
        <source>时段表</source>
        <translation>Schedules</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="205"/>
        <source>整个版本的 JSON（金额、电量请写成带引号的文本，如 &quot;0.538&quot;）。可增删档次、调整时段；Ctrl+S 保存。</source>
        <translation>The whole version as JSON (write amounts and kWh as quoted text, e.g. &quot;0.538&quot;). You can add or remove tiers and adjust time periods; Ctrl+S saves.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="184"/>
        <source>高级（JSON）</source>
        <translation>Advanced (JSON)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="224"/>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="543"/>
        <source>保存为新版本 (Ctrl+S)</source>
        <translation>Save as new version (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="224"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="235"/>
        <source>以 %1（%2 起）为底稿。电价从不修改旧版本：保存后按生效日期起用新版本，此前的账单仍按旧版本计算。Enter 下一项，最后一项按 Enter 保存。</source>
        <translation>Based on %1 (from %2). Tariffs never change old versions: the new version applies from its effective date, and earlier bills stay on the old version. Enter: next field; Enter on the last field saves.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="265"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="266"/>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="267"/>
        <source>截止日期</source>
        <translation>Effective to</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="267"/>
        <source>留空＝长期（直至新版本生效）</source>
        <translation>Empty = open-ended (until a new version takes effect)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="268"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="269"/>
        <source>价格依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="269"/>
        <source>价格文件文号、公告</source>
        <translation>Price document No. or notice</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="271"/>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="327"/>
        <source>元/kWh</source>
        <translation>CNY/kWh</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="273"/>
        <source>电价（%1）</source>
        <translation>Price (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="275"/>
        <source>电价</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="279"/>
        <source>%1电价（%2）</source>
        <translation>%1 price (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="282"/>
        <source>加价</source>
        <translation>Markup</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="283"/>
        <source>低保免费电量（kWh/月）</source>
        <translation>Low-income free kWh (kWh/month)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="283"/>
        <source>无则留空</source>
        <translation>Leave empty if none</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="285"/>
        <source>免费电量抵扣单价</source>
        <translation>Free kWh credit price</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="287"/>
        <source>基本电费（元/kVA·月）</source>
        <translation>Capacity charge (CNY/kVA·month)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="292"/>
        <source>年中新装户首年的年阶梯电量按供电月数折算（如 8 月新装：× 5/12）</source>
        <translation>Connected mid-year: pro-rate the first year’s annual tier limits by months of supply (August: × 5/12)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="294"/>
        <source>本版本在抄表周期内生效时，按生效日前后的天数分摊电量，各按其版本计价</source>
        <translation>Starts inside a reading period: split the kWh by days, each part at its own version’s prices</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="310"/>
        <source>kWh/年</source>
        <translation>kWh/year</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="310"/>
        <source>kWh/月</source>
        <translation>kWh/month</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="311"/>
        <source>&lt;b&gt;%1&lt;/b&gt;（%2，档数在“高级”中增删）</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2; add or remove tiers under “Advanced”)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="311"/>
        <source>阶梯</source>
        <translation>Tiers</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="311"/>
        <source>阶梯加价</source>
        <translation>Tier markups</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="319"/>
        <source>上限</source>
        <translation>Upper limit</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="323"/>
        <source>以上全部电量</source>
        <translation>All consumption above</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="356"/>
        <source>JSON 格式错误：第 %1 行第 %2 列（%3）</source>
        <translation>JSON format error: line %1, column %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="358"/>
        <source>JSON 应为一个对象 { … }</source>
        <translation>The JSON must be an object { … }</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="484"/>
        <source>时段表有误，未保存：请按表格下方的提示修改。</source>
        <translation>The schedules have errors and were not saved: correct them as shown under the tables.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="508"/>
        <source>电价数据有误：%1</source>
        <translation>The tariff data is invalid: %1</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="512"/>
        <source>电价已修改，价格依据仍是原版本的文字：请写明新的价格文件文号及价格</source>
        <translation>The prices have changed but the legal basis still has the earlier version’s text: give the new price document number and prices</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="514"/>
        <source>价格依据中的 %1 是原版本的电价，本版本已不用：请按新电价更新价格依据</source>
        <translation>The legal basis mentions %1, a price of the earlier version that this version no longer uses: update the legal basis to the new prices</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="521"/>
        <source>电价提示</source>
        <translation>Tariff notice</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="522"/>
        <source>这个版本有以下提示（不影响保存）：
%1

仍要保存吗？</source>
        <translation>This version has the following notices (they do not prevent saving):
%1

Save anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/tariff_editor.py" line="534"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>TariffVersionsModel</name>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="112"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="113"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="114"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="115"/>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="116"/>
        <source>截止日期</source>
        <translation>Effective to</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="118"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="119"/>
        <source>创建人</source>
        <translation>Created by</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="134"/>
        <source>现行</source>
        <translation>Current</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="134"/>
        <source>待生效</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="134"/>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/models.py" line="117"/>
        <source>长期</source>
        <translation>Open-ended</translation>
    </message>
</context>
<context>
    <name>TariffsPage</name>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="359"/>
        <source>电价管理</source>
        <translation>Tariffs</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="375"/>
        <source>↑↓ 选择版本，下方显示明细 · Ins 以所选版本为底稿新建版本 · F5 刷新。旧版本从不修改：新版本按生效日期起用。</source>
        <translation>↑↓ select a version; details below · Ins new version based on the selected one · F5 Refresh. Old versions are never changed: a new version applies from its effective date.</translation>
    </message>
    <message>
        <location filename="../../ui/billing_admin/pages.py" line="386"/>
        <source>%1 种电价，%2 个版本</source>
        <translation>%1 tariffs, %2 versions</translation>
    </message>
</context>
<context>
    <name>TenderTotalsModel</name>
    <message>
        <location filename="../../ui/cashier/models.py" line="41"/>
        <source>收款方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="42"/>
        <source>净收金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/models.py" line="41"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>TierFigure</name>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="78"/>
        <source>%1 年阶梯</source>
        <extracomment>``(customer) -&gt; None``: open a form for the customer shown</extracomment>
        <translation>%1 tiers</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="81"/>
        <source>已用 %1 kWh %2</source>
        <translation>used %1 kWh %2</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="82"/>
        <source>本年已用 %1 kWh，已在最高档</source>
        <translation>%1 kWh used this year: in the top tier</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="84"/>
        <source>已用 %1 / %2 kWh %3</source>
        <translation>used %1 / %2 kWh %3</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="85"/>
        <source>距下一档还有 %1 kWh</source>
        <translation>%1 kWh to the next tier</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="87"/>
        <source>本年各档上限：%1 kWh</source>
        <translation>This year&apos;s tier limits: %1 kWh</translation>
    </message>
    <message>
        <location filename="../../ui/insights/customer_hook.py" line="89"/>
        <source>首年供电 %1 个月，各档按比例折算</source>
        <translation>First year of supply, %1 months: tiers prorated</translation>
    </message>
</context>
<context>
    <name>TypesModel</name>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="96"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="97"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="99"/>
        <source>适用用电类别</source>
        <translation>Customer kinds</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="101"/>
        <source>时限(工作日)</source>
        <translation>Limit (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="102"/>
        <source>环节(工作日)</source>
        <translation>Stages (working days)</translation>
    </message>
</context>
<context>
    <name>UnexpectedErrorHandler</name>
    <message>
        <location filename="../../ui/app.py" line="118"/>
        <source>数据库错误</source>
        <extracomment>for the error report&apos;s database kind (never its URL)</extracomment>
        <translation>Database error</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="120"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="121"/>
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="122"/>
        <source>程序遇到意外问题（日志编号 %2），详细信息已记录到日志（%1）。
刚才的操作可能没有完成，请核对后重试；程序可以继续使用。如问题反复出现，请把日志编号告诉系统管理员。</source>
        <translation>The program ran into an unexpected problem (log ID %2); the details are in the log (%1).
The last action may not have completed; check and try again. You can keep using the program. If it keeps happening, give the log ID to the system administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="136"/>
        <source>需要时可按“保存错误报告…”，把报告文件交给系统管理员（报告中不含客户的证件号码、电话和姓名）。</source>
        <translation>If needed, press &quot;Save error report…&quot; and give the file to the system administrator (the report holds no customer ID numbers, phones or names).</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="137"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="137"/>
        <source>保存错误报告…</source>
        <translation>Save error report…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="157"/>
        <source>保存错误报告</source>
        <translation>Save error report</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="158"/>
        <source>文本文件 (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="169"/>
        <source>无法保存错误报告</source>
        <translation>Cannot save the error report</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="170"/>
        <source>错误报告没有保存：%1
请换一个文件夹（如U盘）再试。</source>
        <translation>The error report was not saved: %1
Try another folder (e.g. a USB stick).</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="173"/>
        <source>错误报告已保存</source>
        <translation>Error report saved</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="174"/>
        <source>已保存到：
%1
请把这个文件交给系统管理员。</source>
        <translation>Saved to:
%1
Please give this file to the system administrator.</translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <location filename="../../ui/billing/chart.py" line="44"/>
        <source>yy年M月</source>
        <translation>MMM yy</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="47"/>
        <source>M月</source>
        <translation>MMM</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="78"/>
        <source>近24个月用电量（kWh）</source>
        <translation>Usage, last 24 months (kWh)</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="110"/>
        <source>近%1个月用电量（kWh）&#x3000;合计 %2&#x3000;月均 %3</source>
        <translation>Usage, last %1 months (kWh)&#x3000;total %2&#x3000;monthly average %3</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="113"/>
        <source>&#x3000;%1：%2</source>
        <translation>&#x3000;%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="116"/>
        <source>近24个月用电量（kWh）&#x3000;暂无数据</source>
        <translation>Usage, last 24 months (kWh)&#x3000;no data yet</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="132"/>
        <source>用电量</source>
        <translation>Usage</translation>
    </message>
    <message>
        <location filename="../../ui/billing/chart.py" line="133"/>
        <source>所选账期</source>
        <translation>Selected period</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <location filename="../../ui/users/form.py" line="50"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="50"/>
        <source>编辑用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="65"/>
        <source>小写字母开头，如 wangxl</source>
        <translation>Starts with a lowercase letter, e.g. wangxl</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="76"/>
        <source>启用（停用的账户不能登录）</source>
        <translation>Active (disabled accounts cannot log in)</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="87"/>
        <source>留空则不修改</source>
        <translation>Leave empty to keep</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="105"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="106"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="107"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="108"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="109"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="110"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="110"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="111"/>
        <source>确认密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="116"/>
        <location filename="../../ui/users/form.py" line="177"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="116"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="124"/>
        <source>密码至少8位，须同时包含字母和数字。Enter 下一项，Esc 取消。</source>
        <translation>Passwords need at least 8 characters, with letters and digits. Enter: next field, Esc: cancel.</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="157"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="177"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="166"/>
        <source>保存失败</source>
        <translation>Could not save</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <location filename="../../ui/users/model.py" line="55"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="56"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="57"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="58"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="59"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="60"/>
        <source>最近登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="74"/>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="77"/>
        <source>已锁定（至 %1）</source>
        <translation>Locked (until %1)</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="78"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="60"/>
        <source>从未登录</source>
        <translation>Never</translation>
    </message>
</context>
<context>
    <name>UsersModule</name>
    <message>
        <location filename="../../ui/users/screen.py" line="73"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="75"/>
        <source>编辑用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="76"/>
        <source>解锁用户</source>
        <translation>Unlock user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="77"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="82"/>
        <source>筛选：用户名、姓名、工号</source>
        <translation>Filter: user name, name, staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="118"/>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="145"/>
        <source>Ins 新建 · Enter/F4 编辑 · Ctrl+U 解锁 · F5 刷新 · 在筛选框按 ↓ 进入列表</source>
        <translation>Ins new · Enter/F4 edit · Ctrl+U unlock · F5 refresh · ↓ in the filter box moves to the list</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="233"/>
        <source>共 %1 个用户</source>
        <translation>%1 users</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="247"/>
        <source>读取用户列表失败</source>
        <translation>Could not read the user list</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="255"/>
        <location filename="../../ui/users/screen.py" line="277"/>
        <source>请先在列表中选择一个用户</source>
        <translation>Select a user in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="268"/>
        <source>已新建用户 %1（%2）</source>
        <translation>Created user %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="270"/>
        <source>已保存用户 %1</source>
        <translation>Saved user %1</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="283"/>
        <source>已解锁用户 %1</source>
        <translation>Unlocked user %1</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="287"/>
        <source>解锁失败</source>
        <translation>Could not unlock</translation>
    </message>
</context>
<context>
    <name>VersionsModel</name>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="69"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="70"/>
        <source>第%1版</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="75"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="75"/>
        <source>现行</source>
        <translation>Current</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="75"/>
        <source>历史</source>
        <translation>Earlier</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="77"/>
        <source>载入时间</source>
        <translation>Loaded at</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="78"/>
        <source>载入人</source>
        <translation>Loaded by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="79"/>
        <source>业务类型数</source>
        <translation>Types</translation>
    </message>
    <message>
        <location filename="../../ui/applications/catalogue_admin.py" line="80"/>
        <source>版本说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>WorkOrderConfigDialog</name>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="69"/>
        <location filename="../../ui/settings/workorder_config.py" line="72"/>
        <source>工单时限与诉求分类</source>
        <translation>Work-order deadlines and categories</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="75"/>
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="76"/>
        <source>诉求分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="77"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="81"/>
        <location filename="../../ui/settings/workorder_config.py" line="368"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="81"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="94"/>
        <source>本厅所有柜台共用；保存后新登记的工单按新时限和分类办理，已登记工单的期限不变；每次修改记入操作日志。Ctrl+1 / Ctrl+2 切换页，Ctrl+S 保存，Esc 取消。</source>
        <translation>Shared by every counter of the hall. After saving, new work orders use the new deadlines and categories; recorded orders keep their deadlines. Every change is recorded in the operation log. Ctrl+1 / Ctrl+2 switch pages, Ctrl+S saves, Esc cancels.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="132"/>
        <source>%1 到 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="145"/>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="145"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="145"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="151"/>
        <source>分类名称</source>
        <translation>Category name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="153"/>
        <source>添加大类 (Alt+A)</source>
        <translation>Add category (Alt+A)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="154"/>
        <source>添加小类 (Alt+B)</source>
        <translation>Add sub-category (Alt+B)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="155"/>
        <source>改名 (Alt+R)</source>
        <translation>Rename (Alt+R)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="156"/>
        <location filename="../../ui/settings/workorder_config.py" line="225"/>
        <source>停用 (Alt+D)</source>
        <translation>Deactivate (Alt+D)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="163"/>
        <source>先在列表中选定分类，输入名称后添加或改名；停用的分类不再供新工单选择。</source>
        <translation>Select a category in the list, type a name, then add or rename; deactivated categories are not offered for new work orders.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="197"/>
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="197"/>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="199"/>
        <source>上级已停用</source>
        <translation>Parent deactivated</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="225"/>
        <source>启用 (Alt+D)</source>
        <translation>Activate (Alt+D)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="285"/>
        <source>工单时限与诉求分类&#x3000;%1（%2）</source>
        <translation>Work-order deadlines and categories  %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="292"/>
        <source>第 %1 版，%2 由 %3 修改（时间为 UTC）</source>
        <translation>Version %1, changed %2 by %3 (UTC)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="295"/>
        <source>尚未修改过：以下为默认时限和分类</source>
        <translation>Never changed: these are the default deadlines and categories</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="346"/>
        <source>保存失败</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workorder_config.py" line="368"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>WorkOrderDetailDialog</name>
    <message>
        <location filename="../../ui/workorders/detail.py" line="251"/>
        <source>诉求工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="272"/>
        <source>诉求内容：</source>
        <translation>Description:</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="273"/>
        <source>处理结果：</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="274"/>
        <source>诉求内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="279"/>
        <source>办理记录</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="306"/>
        <source>客户 / 诉求人</source>
        <translation>Customer / reporter</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="307"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="308"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="309"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="310"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="311"/>
        <source>处理部门 / 人</source>
        <translation>Department / handler</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="312"/>
        <source>首次响应</source>
        <translation>First response</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="313"/>
        <source>答复 / 恢复</source>
        <translation>Answer / restoration</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="314"/>
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="315"/>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="342"/>
        <source>补打受理回执</source>
        <translation>Reprint acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="356"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="388"/>
        <source>诉求工单 %1</source>
        <translation>Work order %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="391"/>
        <source>%1&#x3000;%2 · %3&#x3000;%4</source>
        <translation>%1&#x3000;%2 · %3&#x3000;%4</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="401"/>
        <source>（匿名，仅登记人和值班长可见）</source>
        <translation>(anonymous; seen only by the recording clerk and supervisors)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="407"/>
        <source>（已重办 %1 次）</source>
        <translation> (reopened %1 times)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="408"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="409"/>
        <source>%1&#x3000;%2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="412"/>
        <source>关联停电 %1（不派单）</source>
        <translation>Linked to outage %1 (not dispatched)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="413"/>
        <source>（未派单）</source>
        <translation>(not dispatched)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="417"/>
        <source>无进行中的时限</source>
        <translation>No deadline running</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="423"/>
        <source>待回访</source>
        <translation>Callback due</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="423"/>
        <source>无需回访</source>
        <translation>No callback needed</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="428"/>
        <source>办理记录 (%1)</source>
        <translation>Steps (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="433"/>
        <source>%1 前联系客户</source>
        <translation>contact by %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="436"/>
        <source>%1 前到达现场（%2）</source>
        <translation>on site by %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="440"/>
        <source>；%1 已开始处理</source>
        <translation>; started %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="449"/>
        <source>%1 前答复（%2 个工作日）</source>
        <translation>answer by %1 (%2 working days)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="455"/>
        <source>%1 前恢复供电</source>
        <translation>power back by %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="457"/>
        <source>%1 已回复</source>
        <translation>answered %1</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="459"/>
        <source>%1 由 %2 归档</source>
        <translation>archived %1 by %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="482"/>
        <source>%1须由值班长办理：%2</source>
        <translation>%1 is for a supervisor: %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="514"/>
        <source>回访不满意：工单已退回“处理”环节，答复时限重新计算</source>
        <translation>Callback dissatisfied: the order is back in processing and the answer deadline starts again</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="517"/>
        <source>已%1，当前环节：%2</source>
        <translation>%1 done; stage now %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="532"/>
        <source>上一份回执仍在预览中</source>
        <translation>The previous acknowledgement is still being previewed</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/detail.py" line="536"/>
        <source>正在办理，请稍候…</source>
        <translation>Working on it, please wait…</translation>
    </message>
</context>
<context>
    <name>WorkOrderFilterBar</name>
    <message>
        <location filename="../../ui/workorders/filters.py" line="43"/>
        <location filename="../../ui/workorders/filters.py" line="44"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="45"/>
        <location filename="../../ui/workorders/filters.py" line="46"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="47"/>
        <location filename="../../ui/workorders/filters.py" line="199"/>
        <source>仅在办</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="61"/>
        <location filename="../../ui/workorders/filters.py" line="187"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="62"/>
        <location filename="../../ui/workorders/filters.py" line="188"/>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="63"/>
        <location filename="../../ui/workorders/filters.py" line="189"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="64"/>
        <location filename="../../ui/workorders/filters.py" line="190"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="65"/>
        <location filename="../../ui/workorders/filters.py" line="191"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="66"/>
        <location filename="../../ui/workorders/filters.py" line="195"/>
        <source>受理人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="67"/>
        <location filename="../../ui/workorders/filters.py" line="195"/>
        <source>处理人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="68"/>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="69"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="85"/>
        <location filename="../../ui/workorders/filters.py" line="104"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="94"/>
        <source>回车筛选</source>
        <translation>Enter to filter</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="106"/>
        <source>%1（已停用）</source>
        <translation>%1 (deactivated)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="160"/>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>Dates are written YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/filters.py" line="165"/>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
</context>
<context>
    <name>WorkOrdersModel</name>
    <message>
        <location filename="../../ui/workorders/models.py" line="59"/>
        <source>匿名</source>
        <extracomment>the list&apos;s columns, in order (the module&apos;s ColumnFit names them)</extracomment>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="92"/>
        <source>工单编号</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="96"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="97"/>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="98"/>
        <source>客户 / 诉求人</source>
        <translation>Customer / reporter</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="99"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="101"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="106"/>
        <source>应办时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="108"/>
        <source>处理部门 / 人</source>
        <translation>Department / handler</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="111"/>
        <source>受理人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="112"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/models.py" line="117"/>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
</context>
<context>
    <name>WorkOrdersModule</name>
    <message>
        <location filename="../../ui/workorders/module.py" line="92"/>
        <source>登记诉求</source>
        <extracomment>how often the supervisor&apos;s badge is read again</extracomment>
        <translation>Record a request</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="93"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="94"/>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="95"/>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="96"/>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="97"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="98"/>
        <source>超期工单</source>
        <translation>Overdue orders</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="99"/>
        <source>打开工单</source>
        <translation>Open order</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="129"/>
        <source>超期、临期的在办工单（每 5 分钟刷新）；点击列出超期工单 (Ctrl+Shift+O)</source>
        <translation>Open orders overdue and due soon (refreshed every 5 minutes); click to list the overdue ones (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="137"/>
        <source>诉求工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="162"/>
        <source>Enter/双击 打开工单 · F9 登记诉求 · F5 刷新 · Ctrl+PgDown/PgUp 翻页 · Ctrl+F 筛选 · Ctrl+Shift+F 清除筛选 · Ctrl+Shift+O 超期工单</source>
        <translation>Enter/double-click opens · F9 record a request · F5 refresh · Ctrl+PgDown/PgUp pages · Ctrl+F filters · Ctrl+Shift+F clears filters · Ctrl+Shift+O overdue orders</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="245"/>
        <source>超期 %1 · 临期 %2</source>
        <translation>overdue %1 · due soon %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="253"/>
        <source>超%1 临%2</source>
        <translation>late %1 soon %2</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="280"/>
        <source>请更正受理日期</source>
        <translation>Correct the acceptance dates</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="338"/>
        <source>没有符合条件的工单</source>
        <translation>No work orders match</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="338"/>
        <source>本页没有工单</source>
        <translation>No work orders on this page</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="342"/>
        <source>第 %1–%2 条%3 · 本页在办：超期 %4 · 临期 %5 · 正常 %6</source>
        <translation>Rows %1–%2%3 · open on this page: overdue %4 · due soon %5 · on time %6</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="345"/>
        <source>（后面还有）</source>
        <translation> (more follow)</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="393"/>
        <source>请先在列表中选择一件工单</source>
        <translation>Select a work order in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/workorders/module.py" line="414"/>
        <source>当前角色无权登记诉求（营业员、值班长可以登记）</source>
        <translation>Your role may not record requests (clerks and supervisors may)</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <location filename="../../ui/applications/worklist.py" line="71"/>
        <source>受理编号</source>
        <extracomment>the worklist&apos;s columns, in order</extracomment>
        <translation>Application no.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="73"/>
        <source>%1&#x3000;受理于 %2</source>
        <translation>%1&#x3000;accepted %2</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="75"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="76"/>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="77"/>
        <source>户名 / 申请人</source>
        <translation>Name / applicant</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="79"/>
        <source>环节 · 状态</source>
        <translation>Stage · status</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="83"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="84"/>
        <source>承诺办结</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="85"/>
        <source>受理人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="86"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/applications/worklist.py" line="87"/>
        <source>客户经理</source>
        <translation>Account manager</translation>
    </message>
</context>
<context>
    <name>_ResultsPage</name>
    <message>
        <location filename="../../ui/customers/search_panel.py" line="365"/>
        <source>请输入户号、户名、拼音首字母（如 zs 查张三）、电话或后四位、证件号、表号或地址

F2 查询客户&#x3000;&#x3000;F3 新建客户&#x3000;&#x3000;F4 编辑档案
打开客户后：Alt+1…4 或 Ctrl+PgDown / Ctrl+PgUp 切换标签页</source>
        <translation>Enter an account No., account name, pinyin initials (e.g. zs finds 张三), phone or its last 4 digits, ID No., meter No. or address

F2 Find customer&#x3000;&#x3000;F3 New customer&#x3000;&#x3000;F4 Edit record
With a customer open: Alt+1…4 or Ctrl+PgDown / Ctrl+PgUp switches tabs</translation>
    </message>
</context>
</TS>
