<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Billing</name>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>未缴</source>
        <translation>Unpaid</translation>
    </message>
    <message>
        <source>部分缴费</source>
        <translation>Partly paid</translation>
    </message>
    <message>
        <source>已结清</source>
        <translation>Settled</translation>
    </message>
</context>
<context>
    <name>Cashier</name>
    <message>
        <source>进行中</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已交班，待审核</source>
        <translation>Closed, awaiting approval</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>长款 %1</source>
        <translation>Over %1</translation>
    </message>
    <message>
        <source>短款 %1</source>
        <translation>Short %1</translation>
    </message>
    <message>
        <source>账实相符</source>
        <translation>Balanced</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>保存 PDF 失败：%1</source>
        <translation>Could not save the PDF: %1</translation>
    </message>
    <message>
        <source>已保存，但打印记录未能保存（%1）</source>
        <translation>Saved, but the print log could not be updated (%1)</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>CustomerDomain</name>
    <message>
        <source>居民生活</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>一般工商业</source>
        <translation>General commercial &amp; industrial</translation>
    </message>
    <message>
        <source>大工业</source>
        <translation>Large industrial</translation>
    </message>
    <message>
        <source>农业生产</source>
        <translation>Agricultural</translation>
    </message>
    <message>
        <source>公用/机关</source>
        <translation>Public / government</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>销户</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Organization</translation>
    </message>
    <message>
        <source>城镇</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>农村</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>交流220V</source>
        <translation>AC 220 V</translation>
    </message>
    <message>
        <source>交流380V</source>
        <translation>AC 380 V</translation>
    </message>
    <message>
        <source>交流10kV</source>
        <translation>AC 10 kV</translation>
    </message>
    <message>
        <source>交流20kV</source>
        <translation>AC 20 kV</translation>
    </message>
    <message>
        <source>交流35kV</source>
        <translation>AC 35 kV</translation>
    </message>
    <message>
        <source>交流110kV</source>
        <translation>AC 110 kV</translation>
    </message>
    <message>
        <source>交流220kV</source>
        <translation>AC 220 kV</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>低保户</source>
        <translation>Low-income (dibao)</translation>
    </message>
    <message>
        <source>五保户</source>
        <translation>Five-guarantee (wubao)</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation>Mainland travel permit (HK/Macao)</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation>Mainland travel permit (Taiwan)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>其他证件</source>
        <translation>Other ID</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>大客户</source>
        <translation>Large customer</translation>
    </message>
    <message>
        <source>证件例外</source>
        <translation>ID exception</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Account No.</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>拼音首字母</source>
        <translation>Pinyin initials</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>电话后四位</source>
        <translation>Phone last 4</translation>
    </message>
    <message>
        <source>证件号</source>
        <translation>ID No.</translation>
    </message>
    <message>
        <source>表号</source>
        <translation>Meter No.</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
</context>
<context>
    <name>Outages</name>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>该户所在台区 %1</source>
        <translation>This customer's transformer area %1:</translation>
    </message>
    <message>
        <source>该户所在线路 %1</source>
        <translation>This customer's feeder line %1:</translation>
    </message>
    <message>
        <source>该户所在区域 %1</source>
        <translation>This customer's area %1:</translation>
    </message>
    <message>
        <source>（停电中）</source>
        <translation> (power off now)</translation>
    </message>
    <message>
        <source>%1 %2%3 %4（%5）</source>
        <translation>%1 %2%3 %4 (%5)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>银行卡</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>扫码支付</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>转账</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>POS凭证号/卡号后四位</source>
        <translation>POS slip No. / last 4 card digits</translation>
    </message>
    <message>
        <source>支付单号（微信/支付宝）</source>
        <translation>Payment order No. (WeChat / Alipay)</translation>
    </message>
    <message>
        <source>银行流水号</source>
        <translation>Bank transaction No.</translation>
    </message>
</context>
<context>
    <name>Payments</name>
    <message>
        <source>收费</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>冲正</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <source>退费</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>预存抵扣</source>
        <translation>Prepaid offset</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <source>80 mm 热敏卷纸（小票打印机）</source>
        <translation>80 mm thermal roll (receipt printer)</translation>
    </message>
    <message>
        <source>A5 单页（针式/激光打印机）</source>
        <translation>A5 sheet (dot-matrix / laser printer)</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>输出到文件 %1</source>
        <translation>Output to file %1</translation>
    </message>
    <message>
        <source>找不到打印机“%1”，请在 系统 → 打印机设置 中重新选择</source>
        <translation>Printer “%1” cannot be found; choose it again under System → Printer settings</translation>
    </message>
    <message>
        <source>文档无法读取（%1）</source>
        <translation>The document cannot be read (%1)</translation>
    </message>
    <message>
        <source>所选页码范围内没有页面</source>
        <translation>The selected page range contains no pages</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机“%1”是否在线</source>
        <translation>Cannot start printing; check that printer “%1” is online</translation>
    </message>
    <message>
        <source>第%1页渲染失败</source>
        <translation>Page %1 could not be rendered</translation>
    </message>
</context>
<context>
    <name>ReversalDialog</name>
    <message>
        <source>收错户</source>
        <translation>Wrong customer</translation>
    </message>
    <message>
        <source>金额错误</source>
        <translation>Wrong amount</translation>
    </message>
    <message>
        <source>重复收费</source>
        <translation>Duplicate payment</translation>
    </message>
    <message>
        <source>客户要求</source>
        <translation>Customer request</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>SessionReviewPage</name>
    <message>
        <source>待审核</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>TariffKinds</name>
    <message>
        <source>阶梯电价</source>
        <translation>Tiered tariff</translation>
    </message>
    <message>
        <source>峰谷分时电价</source>
        <translation>Time-of-use tariff</translation>
    </message>
    <message>
        <source>单一电价</source>
        <translation>Flat tariff</translation>
    </message>
</context>
<context>
    <name>TariffView</name>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>%1 月</source>
        <translation>Months %1</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>第%1档</source>
        <translation>Tier %1</translation>
    </message>
    <message>
        <source>第%1个电价</source>
        <translation>Tariff %1</translation>
    </message>
    <message>
        <source>kWh/年</source>
        <translation>kWh/year</translation>
    </message>
    <message>
        <source>kWh/月</source>
        <translation>kWh/month</translation>
    </message>
    <message>
        <source>%1 %2 以上</source>
        <translation>Above %1 %2</translation>
    </message>
    <message>
        <source>全部电量</source>
        <translation>All consumption</translation>
    </message>
    <message>
        <source>长期（直至新版本生效）</source>
        <translation>Open-ended (until a new version takes effect)</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>电价（元/kWh）</source>
        <translation>Tariff (CNY/kWh)</translation>
    </message>
    <message>
        <source>低保户、五保户每月免费 %1 kWh</source>
        <translation>Low-income households get %1 kWh free each month</translation>
    </message>
    <message>
        <source>（按 %1 元/kWh 抵扣电费）</source>
        <translation> (credited at %1 CNY/kWh)</translation>
    </message>
    <message>
        <source>基本电费 %1 元/千伏安·月</source>
        <translation>Capacity charge %1 CNY/kVA·month</translation>
    </message>
    <message>
        <source>档次</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>电量范围</source>
        <translation>Consumption range</translation>
    </message>
    <message>
        <source>电价数据有误：</source>
        <translation>The tariff data is invalid: </translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>生效期间</source>
        <translation>Effective period</translation>
    </message>
    <message>
        <source>适用用户</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <source>价格依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>电价</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>元/kWh</source>
        <translation>CNY/kWh</translation>
    </message>
    <message>
        <source>阶梯电价</source>
        <translation>Tiered tariff</translation>
    </message>
    <message>
        <source>分时电价</source>
        <translation>Time-of-use prices</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>阶梯加价</source>
        <translation>Tier markups</translation>
    </message>
    <message>
        <source>加价（元/kWh）</source>
        <translation>Markup (CNY/kWh)</translation>
    </message>
    <message>
        <source>时段划分</source>
        <translation>Time periods</translation>
    </message>
    <message>
        <source>适用月份</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>法定节假日：</source>
        <translation>Public holidays: </translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>政策提示（不影响保存）</source>
        <translation>Policy notices (do not prevent saving)</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电价类型</source>
        <translation>Tariff type</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>Effective to</translation>
    </message>
    <message>
        <source>适用用户类别</source>
        <translation>Customer categories</translation>
    </message>
    <message>
        <source>阶梯</source>
        <translation>Tiers</translation>
    </message>
    <message>
        <source>分档</source>
        <translation>Bands</translation>
    </message>
    <message>
        <source>阶梯周期</source>
        <translation>Tier basis</translation>
    </message>
    <message>
        <source>上限电量</source>
        <translation>Upper limit (kWh)</translation>
    </message>
    <message>
        <source>时段电价</source>
        <translation>Period prices</translation>
    </message>
    <message>
        <source>时段表</source>
        <translation>Schedules</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>起始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>End time</translation>
    </message>
    <message>
        <source>节假日时段</source>
        <translation>Holiday periods</translation>
    </message>
    <message>
        <source>低保免费电量</source>
        <translation>Low-income free kWh</translation>
    </message>
    <message>
        <source>免费电量抵扣单价</source>
        <translation>Free kWh credit price</translation>
    </message>
    <message>
        <source>基本电费单价</source>
        <translation>Capacity charge rate</translation>
    </message>
    <message>
        <source>尖峰</source>
        <translation>Critical peak</translation>
    </message>
    <message>
        <source>峰</source>
        <translation>Peak</translation>
    </message>
    <message>
        <source>平</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>谷</source>
        <translation>Valley</translation>
    </message>
    <message>
        <source>深谷</source>
        <translation>Deep valley</translation>
    </message>
    <message>
        <source>月阶梯</source>
        <translation>Monthly tiers</translation>
    </message>
    <message>
        <source>年阶梯</source>
        <translation>Annual tiers</translation>
    </message>
    <message>
        <source>峰谷分时电价</source>
        <translation>Time-of-use tariff</translation>
    </message>
    <message>
        <source>单一电价</source>
        <translation>Flat tariff</translation>
    </message>
    <message>
        <source>居民生活</source>
        <translation>Residential</translation>
    </message>
    <message>
        <source>一般工商业</source>
        <translation>General commercial &amp; industrial</translation>
    </message>
    <message>
        <source>大工业</source>
        <translation>Large industrial</translation>
    </message>
    <message>
        <source>农业生产</source>
        <translation>Agricultural</translation>
    </message>
    <message>
        <source>公用/机关</source>
        <translation>Public / government</translation>
    </message>
</context>
<context>
    <name>Tender</name>
    <message>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>银行卡</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>扫码支付</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>转账</source>
        <translation>Bank transfer</translation>
    </message>
</context>
<context>
    <name>TariffDay</name>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>周%1</source>
        <translation>Weekday %1</translation>
    </message>
    <message>
        <source>某日时段 (Ctrl+D)</source>
        <translation>Periods on a day (Ctrl+D)</translation>
    </message>
    <message>
        <source>输入 8 位数字（如 20261001），或用 ←→ 选年/月/日、↑↓ 调整；Alt+↓ 打开日历</source>
        <translation>Type 8 digits (e.g. 20261001), or pick year/month/day with ←→ and adjust with ↑↓; Alt+↓ opens the calendar</translation>
    </message>
    <message>
        <source>「%1」时段表</source>
        <translation>“%1” schedule</translation>
    </message>
    <message>
        <source>法定假日</source>
        <translation>public holiday</translation>
    </message>
    <message>
        <source>放假</source>
        <translation>day off</translation>
    </message>
    <message>
        <source>节假日时段覆盖%1</source>
        <translation>Holiday periods override the %1</translation>
    </message>
    <message>
        <source>此版本没有节假日时段，按%1</source>
        <translation>This version has no holiday periods; the %1 applies</translation>
    </message>
    <message>
        <source>%1 年的法定节假日安排尚未收录（已收录 %2 年），按非节假日显示</source>
        <translation>The public holidays of %1 are not on file yet (on file: %2); shown as a normal day</translation>
    </message>
    <message>
        <source>该日不在此版本的生效期间内（%1 起）</source>
        <translation>This date is outside the effective period of this version (from %1)</translation>
    </message>
</context>
<context>
    <name>TariffSchedule</name>
    <message>
        <source>时刻格式应为 HH:MM，如 08:00（输入的是“%1”）</source>
        <translation>Write the time as HH:MM, e.g. 08:00 (you entered “%1”)</translation>
    </message>
    <message>
        <source>分钟须在 00–59（输入的是 %1）</source>
        <translation>Minutes must be 00–59 (you entered %1)</translation>
    </message>
    <message>
        <source>时刻须在 00:00–24:00（输入的是 %1）</source>
        <translation>The time must be within 00:00–24:00 (you entered %1)</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>时段表已修改，尚未保存。
放弃这些修改并关闭吗？</source>
        <translation>The period tables have unsaved changes.
Discard them and close?</translation>
    </message>
    <message>
        <source>「%1」的时段表：%2</source>
        <translation>“%1” schedule: %2</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>时段应为 {"from", "to", "period"} 对象</source>
        <translation>Each period must be a {"from", "to", "period"} object</translation>
    </message>
    <message>
        <source>起始</source>
        <translation>From</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>To</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>时间格式应为 HH:MM（00:00–24:00），如 08:00</source>
        <translation>Times must be HH:MM (00:00–24:00), e.g. 08:00</translation>
    </message>
    <message>
        <source>季节</source>
        <translation>Season</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>%1 月</source>
        <translation>Months %1</translation>
    </message>
    <message>
        <source>月份请写成数字，如 7、8 或 2-6、9-11</source>
        <translation>Write the months as numbers, e.g. 7, 8 or 2-6, 9-11</translation>
    </message>
    <message>
        <source>新季节</source>
        <translation>New season</translation>
    </message>
    <message>
        <source>%1（无电价）</source>
        <translation>%1 (no price)</translation>
    </message>
    <message>
        <source>法定节假日（此季节）</source>
        <translation>Public holidays (this season)</translation>
    </message>
    <message>
        <source>添加季节 (Ins)</source>
        <translation>Add season (Ins)</translation>
    </message>
    <message>
        <source>在季节表中按 Ins：复制当前季节的时段，再填写月份</source>
        <translation>Ins in the season table: copies the current season's periods; then fill in the months</translation>
    </message>
    <message>
        <source>删除季节 (Del)</source>
        <translation>Delete season (Del)</translation>
    </message>
    <message>
        <source>在季节表中按 Del</source>
        <translation>Del in the season table</translation>
    </message>
    <message>
        <source>添加时段 (Ins)</source>
        <translation>Add period (Ins)</translation>
    </message>
    <message>
        <source>在时段表中按 Ins：把当前时段从中间拆成两段</source>
        <translation>Ins in the period table: splits the current period in two at its middle</translation>
    </message>
    <message>
        <source>删除时段 (Del)</source>
        <translation>Delete period (Del)</translation>
    </message>
    <message>
        <source>在时段表中按 Del：时间并入上一段</source>
        <translation>Del in the period table: its time joins the period before</translation>
    </message>
    <message>
        <source>添加 (Ins)</source>
        <translation>Add (Ins)</translation>
    </message>
    <message>
        <source>在节假日表中按 Ins</source>
        <translation>Ins in the holiday table</translation>
    </message>
    <message>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <source>在节假日表中按 Del</source>
        <translation>Del in the holiday table</translation>
    </message>
    <message>
        <source>季节（月份组）</source>
        <translation>Seasons (groups of months)</translation>
    </message>
    <message>
        <source>节假日时段（法定节假日覆盖当日时段，可为空）</source>
        <translation>Holiday periods (replace the day's periods on public holidays; may be empty)</translation>
    </message>
    <message>
        <source>每个季节是一组月份和一张覆盖 00:00–24:00 的时段表，每个月恰好属于一个季节；节假日时段在法定节假日覆盖当日的时段。表格中 Ins 添加（拆分）一行、Del 删除一行，Enter / F2 或直接输入修改，Tab 到下一张表。</source>
        <translation>Each season is a group of months with a schedule covering 00:00–24:00; every month belongs to exactly one season. Holiday periods replace the day's periods on public holidays. In the tables, Ins adds (splits) a row, Del deletes a row, Enter / F2 or typing edits, Tab moves to the next table.</translation>
    </message>
    <message>
        <source>时段表（schedules、holiday_periods）应为列表</source>
        <translation>The schedules (schedules, holiday_periods) must be lists</translation>
    </message>
    <message>
        <source>每个季节应为 {"name", "months", "periods"} 对象</source>
        <translation>Each season must be a {"name", "months", "periods"} object</translation>
    </message>
    <message>
        <source>季节的 months、periods 应为列表</source>
        <translation>A season's months and periods must be lists</translation>
    </message>
    <message>
        <source>「%1」的时段（%2）</source>
        <translation>Periods of “%1” (%2)</translation>
    </message>
    <message>
        <source>未命名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>时段（请先添加季节）</source>
        <translation>Periods (add a season first)</translation>
    </message>
    <message>
        <source>此季节的时段表有误</source>
        <translation>This season's schedule has errors</translation>
    </message>
    <message>
        <source>第 %1 行（%2）：%3</source>
        <translation>Row %1 (%2): %3</translation>
    </message>
    <message>
        <source>「%1」的时段表有误，见右侧</source>
        <translation>The schedule of “%1” has errors (see right)</translation>
    </message>
    <message>
        <source>第 %1 行：%2</source>
        <translation>Row %1: %2</translation>
    </message>
    <message>
        <source>季节%1</source>
        <translation>Season %1</translation>
    </message>
</context>
<context>
    <name>CsvImportPage</name>
    <message>
        <source>尚未选择文件（%1 或 Ctrl+O 选择）</source>
        <translation>No file chosen yet (%1 or Ctrl+O to choose)</translation>
    </message>
    <message>
        <source>选择文件… (Ctrl+O)</source>
        <translation>Choose file… (Ctrl+O)</translation>
    </message>
    <message>
        <source>开始导入 (Enter)</source>
        <translation>Start import (Enter)</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>共读取 %1 行 · 文件编码 %2 · 请按下表改正文件后重新导入</source>
        <translation>%1 rows read · encoding %2 · fix the file as listed below and import again</translation>
    </message>
</context>
<context>
    <name>DomainError</name>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>居民生活用电只能由个人建档</source>
        <translation>Residential supply can only be registered for an individual</translation>
    </message>
    <message>
        <source>居民生活用电应为220V或380V低压供电</source>
        <translation>Residential supply must be low voltage, 220 V or 380 V</translation>
    </message>
    <message>
        <source>大客户必须指定客户经理</source>
        <translation>A large customer must have a customer manager</translation>
    </message>
    <message>
        <source>单位客户必须填写联系人</source>
        <translation>An organization customer needs a contact person</translation>
    </message>
    <message>
        <source>低保户/五保户标记只适用于居民生活用电</source>
        <translation>The low-income (dibao / wubao) mark applies only to residential supply</translation>
    </message>
    <message>
        <source>大工业用户受电容量应不小于{min_kva}kVA</source>
        <translation>A large industrial customer needs a capacity of at least {min_kva} kVA</translation>
    </message>
    <message>
        <source>大工业用户应为10kV及以上电压供电</source>
        <translation>A large industrial customer must be supplied at 10 kV or above</translation>
    </message>
    <message>
        <source>居民身份证号</source>
        <translation>resident ID number</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>unified social credit code</translation>
    </message>
    <message>
        <source>护照号码</source>
        <translation>passport number</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证号码</source>
        <translation>mainland travel permit number (Hong Kong / Macao)</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证号码</source>
        <translation>mainland travel permit number (Taiwan)</translation>
    </message>
    <message>
        <source>外国人永久居留身份证号码</source>
        <translation>foreign permanent resident ID number</translation>
    </message>
    <message>
        <source>其他证件号码</source>
        <translation>other document number</translation>
    </message>
    <message>
        <source>{label}不能为空</source>
        <translation>{label} is required</translation>
    </message>
    <message>
        <source>{label}只能由数字和末位的X组成，不能包含“{bad}”</source>
        <translation>{label} may contain only digits and a final X, not “{bad}”</translation>
    </message>
    <message>
        <source>{label}应为18位（旧证15位），当前为{count}位</source>
        <translation>{label} must have 18 characters (15 on old cards); it has {count}</translation>
    </message>
    <message>
        <source>15位旧身份证号不能包含X</source>
        <translation>a 15-digit old ID number cannot contain X</translation>
    </message>
    <message>
        <source>X只能出现在最后一位</source>
        <translation>X may only be the last character</translation>
    </message>
    <message>
        <source>{label}格式错误：{where}</source>
        <translation>{label} is malformed: {where}</translation>
    </message>
    <message>
        <source>{label}前两位“{prefix}”不是有效的省级行政区划代码</source>
        <translation>The first two digits of the {label}, “{prefix}”, are not a valid province code</translation>
    </message>
    <message>
        <source>{label}中的出生日期“{date}”不是有效日期</source>
        <translation>The birth date “{date}” in the {label} is not a valid date</translation>
    </message>
    <message>
        <source>{label}中的出生日期“{date}”早于1900年</source>
        <translation>The birth date “{date}” in the {label} is before 1900</translation>
    </message>
    <message>
        <source>{label}中的出生日期“{date}”晚于今天</source>
        <translation>The birth date “{date}” in the {label} is after today</translation>
    </message>
    <message>
        <source>{label}校验码错误，应为 {expected}</source>
        <translation>The check character of the {label} is wrong; it should be {expected}</translation>
    </message>
    <message>
        <source>{label}只能由数字和大写字母组成，不能包含“{bad}”</source>
        <translation>{label} may contain only digits and capital letters, not “{bad}”</translation>
    </message>
    <message>
        <source>{label}只能由数字和大写字母组成（不使用字母I、O、Z、S、V），不能包含“{bad}”</source>
        <translation>{label} may contain only digits and capital letters (never I, O, Z, S or V), not “{bad}”</translation>
    </message>
    <message>
        <source>{label}应为18位，当前为{count}位</source>
        <translation>{label} must have 18 characters; it has {count}</translation>
    </message>
    <message>
        <source>{label}只能由字母和数字组成，不能包含“{bad}”</source>
        <translation>{label} may contain only letters and digits, not “{bad}”</translation>
    </message>
    <message>
        <source>{label}应为5到20位，当前为{count}位</source>
        <translation>{label} must have 5 to 20 characters; it has {count}</translation>
    </message>
    <message>
        <source>{label}应为H或M开头，后接8位数字（旧证10位），当前为{count}位</source>
        <translation>{label} must be H or M followed by 8 digits (10 on old cards); it has {count}</translation>
    </message>
    <message>
        <source>{label}只能由数字组成，不能包含“{bad}”</source>
        <translation>{label} may contain only digits, not “{bad}”</translation>
    </message>
    <message>
        <source>{label}应为8位数字（旧证10位），当前为{count}位</source>
        <translation>{label} must have 8 digits (10 on old cards); it has {count}</translation>
    </message>
    <message>
        <source>{label}应为9开头的18位数字（2023版），或3位字母加12位数字（旧版），当前为{count}位</source>
        <translation>{label} must be 18 digits starting with 9 (2023 cards) or 3 letters and 12 digits (older cards); it has {count}</translation>
    </message>
    <message>
        <source>{label}只能包含汉字、字母、数字和括号，不能包含“{ch}”</source>
        <translation>{label} may contain only Chinese characters, letters, digits and brackets, not “{ch}”</translation>
    </message>
    <message>
        <source>{label}应为2到30位，当前为{count}位</source>
        <translation>{label} must have 2 to 30 characters; it has {count}</translation>
    </message>
    <message>
        <source>不支持的证件类型“{id_type}”</source>
        <translation>Unsupported ID document type “{id_type}”</translation>
    </message>
    <message>
        <source>请输入{label}</source>
        <translation>Enter the {label}</translation>
    </message>
    <message>
        <source>{label}格式不正确，请输入数字，如 128.50</source>
        <translation>{label} is not a valid amount; enter a number such as 128.50</translation>
    </message>
    <message>
        <source>{label}不能为负数</source>
        <translation>{label} cannot be negative</translation>
    </message>
    <message>
        <source>{label}过大</source>
        <translation>{label} is too large</translation>
    </message>
    <message>
        <source>{label}必须大于零</source>
        <translation>{label} must be greater than zero</translation>
    </message>
    <message>
        <source>{label}不能超过{limit}</source>
        <translation>{label} cannot exceed {limit}</translation>
    </message>
    <message>
        <source>{label}的千分位分隔符位置不正确，如 1,280.50</source>
        <translation>The thousands separators in the {label} are misplaced; write e.g. 1,280.50</translation>
    </message>
    <message>
        <source>{label}最多两位小数（精确到分）</source>
        <translation>{label} takes at most two decimal places (to the fen)</translation>
    </message>
    <message>
        <source>电话号码格式不正确，请输入11位手机号或带区号的固定电话</source>
        <translation>Invalid phone number; enter an 11-digit mobile number or a landline with its area code</translation>
    </message>
    <message>
        <source>电话号码不能为空</source>
        <translation>Phone number is required</translation>
    </message>
    <message>
        <source>电话号码中没有数字</source>
        <translation>The phone number contains no digits</translation>
    </message>
    <message>
        <source>固定电话请加区号，例如0571-88886666</source>
        <translation>Add the area code to the landline number, e.g. 0571-88886666</translation>
    </message>
    <message>
        <source>手机号码应为11位数字，当前为{count}位</source>
        <translation>A mobile number has 11 digits; this one has {count}</translation>
    </message>
    <message>
        <source>手机号码第二位应为3到9</source>
        <translation>The second digit of a mobile number must be 3 to 9</translation>
    </message>
    <message>
        <source>手机号码不能带分机号</source>
        <translation>A mobile number cannot have an extension</translation>
    </message>
    <message>
        <source>区号“{area}”无效，区号为0开头的3到4位数字，例如010、0571</source>
        <translation>Invalid area code “{area}”: an area code is 3 or 4 digits starting with 0, e.g. 010, 0571</translation>
    </message>
    <message>
        <source>固定电话号码（不含区号）应为7或8位，当前为{count}位</source>
        <translation>A landline number (without area code) has 7 or 8 digits; this one has {count}</translation>
    </message>
    <message>
        <source>固定电话号码（不含区号）不能以0或1开头</source>
        <translation>A landline number (without area code) cannot start with 0 or 1</translation>
    </message>
    <message>
        <source>电话号码中的“+”只能用于开头的+86</source>
        <translation>“+” is only allowed in a leading +86</translation>
    </message>
    <message>
        <source>电话号码中不能包含“{ch}”</source>
        <translation>A phone number cannot contain “{ch}”</translation>
    </message>
    <message>
        <source>分机号应为1到6位数字</source>
        <translation>An extension has 1 to 6 digits</translation>
    </message>
    <message>
        <source>固定电话号码（不含区号）应为7或8位；如有分机号，请用“-”或“转”分开</source>
        <translation>A landline number (without area code) has 7 or 8 digits; separate an extension with “-” or “ext”</translation>
    </message>
    <message>
        <source>{label}不能超过{max_len}个字</source>
        <translation>{label} cannot be longer than {max_len} characters</translation>
    </message>
    <message>
        <source>{label}中不能包含“{ch}”</source>
        <translation>{label} cannot contain “{ch}”</translation>
    </message>
    <message>
        <source>{label}中至少要有一个汉字或字母</source>
        <translation>{label} must contain at least one Chinese character or letter</translation>
    </message>
    <message>
        <source>{label}中的“·”只能用在两个字之间</source>
        <translation>In the {label}, “·” may only stand between two characters</translation>
    </message>
    <message>
        <source>{label}至少需要2个字</source>
        <translation>{label} needs at least 2 characters</translation>
    </message>
    <message>
        <source>{label}中的括号不成对</source>
        <translation>The brackets in the {label} do not pair up</translation>
    </message>
    <message>
        <source>{label}至少需要4个字</source>
        <translation>{label} needs at least 4 characters</translation>
    </message>
    <message>
        <source>{label}不能包含控制字符</source>
        <translation>{label} cannot contain control characters</translation>
    </message>
    <message>
        <source>{label}不能包含表情符号或特殊符号“{ch}”</source>
        <translation>{label} cannot contain emoji or special symbols (“{ch}”)</translation>
    </message>
    <message>
        <source>{label}不能包含表情符号或特殊符号</source>
        <translation>{label} cannot contain emoji or special symbols</translation>
    </message>
    <message>
        <source>密码至少8位</source>
        <translation>The password needs at least 8 characters</translation>
    </message>
    <message>
        <source>密码不能超过128位</source>
        <translation>The password cannot be longer than 128 characters</translation>
    </message>
    <message>
        <source>密码必须同时包含字母和数字</source>
        <translation>The password must contain both letters and digits</translation>
    </message>
    <message>
        <source>密码中包含无法识别的字符</source>
        <translation>The password contains characters that cannot be read</translation>
    </message>
    <message>
        <source>用户名或密码错误</source>
        <translation>Wrong user name or password</translation>
    </message>
    <message>
        <source>该账户已停用，请联系管理员</source>
        <translation>This account is disabled; contact the administrator</translation>
    </message>
    <message>
        <source>连续登录失败次数过多，账户已锁定，请{minutes}分钟后再试或联系管理员解锁</source>
        <translation>Too many failed log-ins: the account is locked. Try again in {minutes} minutes or ask the administrator to unlock it</translation>
    </message>
    <message>
        <source>用户名或密码错误，还可尝试{left}次</source>
        <translation>Wrong user name or password; {left} attempts left</translation>
    </message>
    <message>
        <source>密码连续错误{failures}次，账户已锁定{minutes}分钟</source>
        <translation>Wrong password {failures} times in a row: the account is locked for {minutes} minutes</translation>
    </message>
    <message>
        <source>{name}无此授权权限，需值班长或管理员授权</source>
        <translation>{name} may not approve this; a supervisor or administrator must approve</translation>
    </message>
    <message>
        <source>用户名为2-32位小写字母、数字、下划线或点，以字母开头</source>
        <translation>A user name has 2 to 32 lower-case letters, digits, underscores or dots, starting with a letter</translation>
    </message>
    <message>
        <source>工号为1-20位字母或数字</source>
        <translation>An employee number has 1 to 20 letters or digits</translation>
    </message>
    <message>
        <source>请选择角色</source>
        <translation>Choose a role</translation>
    </message>
    <message>
        <source>该用户已被他人修改，请重新打开后再改</source>
        <translation>Someone else has changed this user; reopen it and make your change again</translation>
    </message>
    <message>
        <source>用户不存在</source>
        <translation>The user does not exist</translation>
    </message>
    <message>
        <source>用户名“{username}”已存在</source>
        <translation>The user name “{username}” is taken</translation>
    </message>
    <message>
        <source>不能取消自己的管理员角色或停用自己</source>
        <translation>You cannot remove your own administrator role or disable yourself</translation>
    </message>
    <message>
        <source>电价目录中没有现行的电价代码“{code}”；电价目录中没有适用于{kind}的电价，请联系管理员</source>
        <translation>The tariff catalogue has no current tariff “{code}”, and no tariff for {kind}; contact the administrator</translation>
    </message>
    <message>
        <source>电价 {code}（{name}）不适用于{kind}客户；电价目录中没有适用于{kind}的电价，请联系管理员</source>
        <translation>Tariff {code} ({name}) does not apply to {kind} customers, and the catalogue has no tariff for {kind}; contact the administrator</translation>
    </message>
    <message>
        <source>{problem}。如确认证件无误，需值班长授权并填写原因</source>
        <translation>{problem}. If the document is certainly right, a supervisor must approve it with a reason</translation>
    </message>
    <message>
        <source>电价目录中没有现行的电价代码“{code}”，可选：{choices}</source>
        <translation>The tariff catalogue has no current tariff “{code}”; choose from: {choices}</translation>
    </message>
    <message>
        <source>电价 {code}（{name}）不适用于{kind}客户，可选：{choices}</source>
        <translation>Tariff {code} ({name}) does not apply to {kind} customers; choose from: {choices}</translation>
    </message>
    <message>
        <source>请选择{label}</source>
        <translation>Choose the {label}</translation>
    </message>
    <message>
        <source>请选择单位可用的证件类型</source>
        <translation>Choose an ID document type valid for organizations</translation>
    </message>
    <message>
        <source>请选择个人可用的证件类型</source>
        <translation>Choose an ID document type valid for individuals</translation>
    </message>
    <message>
        <source>合同容量请填写整数（kVA）</source>
        <translation>Enter the contract capacity as a whole number (kVA)</translation>
    </message>
    <message>
        <source>电价代码为字母、数字或短横线，不超过20位</source>
        <translation>A tariff code has up to 20 letters, digits or hyphens</translation>
    </message>
    <message>
        <source>电能表号为字母和数字，不超过24位</source>
        <translation>A meter number has up to 24 letters and digits</translation>
    </message>
    <message>
        <source>该客户档案刚被他人修改，您的修改未保存。请重新打开档案核对后再改</source>
        <translation>Someone else has just changed this customer record; your changes were not saved. Reopen the record, check it and make your change again</translation>
    </message>
    <message>
        <source>客户档案不存在</source>
        <translation>The customer record does not exist</translation>
    </message>
    <message>
        <source>客户{account_no}的档案已被他人修改（当前版本{version}），您的修改未保存。请重新打开档案核对后再改</source>
        <translation>Someone else has changed the record of customer {account_no} (now version {version}); your changes were not saved. Reopen the record, check it and make your change again</translation>
    </message>
    <message>
        <source>合同容量应在1至{max_kva}kVA之间</source>
        <translation>The contract capacity must be between 1 and {max_kva} kVA</translation>
    </message>
    <message>
        <source>请填写至少4个字的授权原因</source>
        <translation>Enter an approval reason of at least 4 characters</translation>
    </message>
    <message>
        <source>客户类型（个人/单位）不能修改，请办理过户或更名业务</source>
        <translation>The customer type (individual / organization) cannot be changed; use a transfer or rename instead</translation>
    </message>
    <message>
        <source>证件号码不正确</source>
        <translation>The ID number is not valid</translation>
    </message>
    <message>
        <source>当前角色（{role}）无权执行此操作</source>
        <translation>Your role ({role}) may not do this</translation>
    </message>
    <message>
        <source>节点编码为4位数字（户号前缀），如3301</source>
        <translation>The node code is 4 digits (the account number prefix), e.g. 3301</translation>
    </message>
    <message>
        <source>节点{code}不存在，请先完成初始化</source>
        <translation>Node {code} does not exist; complete the set-up first</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <source>数据库已初始化</source>
        <translation>The database is already set up</translation>
    </message>
    <message>
        <source>发现{count}个疑似重复的客户档案（证件号相同或姓名与电话相同）</source>
        <translation>Found {count} possibly duplicate customer records (same ID number, or same name and phone)</translation>
    </message>
    <message>
        <source>居民生活</source>
        <translation>residential</translation>
    </message>
    <message>
        <source>一般工商业</source>
        <translation>general commercial &amp; industrial</translation>
    </message>
    <message>
        <source>大工业</source>
        <translation>large industrial</translation>
    </message>
    <message>
        <source>农业生产</source>
        <translation>agricultural</translation>
    </message>
    <message>
        <source>公用/机关</source>
        <translation>public / government</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>amount</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>name</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>organization name</translation>
    </message>
    <message>
        <source>用电地址</source>
        <translation>supply address</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>notes</translation>
    </message>
    <message>
        <source>客户类型</source>
        <translation>customer type</translation>
    </message>
    <message>
        <source>用电类别</source>
        <translation>usage category</translation>
    </message>
    <message>
        <source>城乡类别</source>
        <translation>urban/rural category</translation>
    </message>
    <message>
        <source>电压等级</source>
        <translation>voltage level</translation>
    </message>
    <message>
        <source>低保/五保标记</source>
        <translation>low-income mark</translation>
    </message>
    <message>
        <source>客户经理</source>
        <translation>account manager</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>contact person</translation>
    </message>
    <message>
        <source>授权原因</source>
        <translation>approval reason</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>备用电话</source>
        <translation>alternate phone</translation>
    </message>
    <message>
        <source>营业员</source>
        <translation>clerk</translation>
    </message>
    <message>
        <source>值班长</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation>hall name</translation>
    </message>
    <message>
        <source>供电公司</source>
        <translation>power supply company</translation>
    </message>
    <message>
        <source>管理员姓名</source>
        <translation>administrator name</translation>
    </message>
    <message>
        <source>(未设置)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>没有可用的营业员账号来登记演示缴费</source>
        <translation>No clerk account is available to record the demo payments</translation>
    </message>
    <message>
        <source>收款金额不能为负数</source>
        <translation>The amount received cannot be negative</translation>
    </message>
    <message>
        <source>应收金额必须大于零</source>
        <translation>The amount due must be greater than zero</translation>
    </message>
    <message>
        <source>请选择收款方式并输入金额</source>
        <translation>Choose a payment method and enter the amount</translation>
    </message>
    <message>
        <source>备用金不能为负数</source>
        <translation>The float cannot be negative</translation>
    </message>
    <message>
        <source>清点现金不能为负数</source>
        <translation>The counted cash cannot be negative</translation>
    </message>
    <message>
        <source>宽限天数应为不小于零的整数</source>
        <translation>The grace days must be a whole number, zero or more</translation>
    </message>
    <message>
        <source>最低违约金不能为负数</source>
        <translation>The minimum late fee cannot be negative</translation>
    </message>
    <message>
        <source>违约金日费率应在 0 与 1 之间（如 0.001 表示千分之一）</source>
        <translation>The daily late-fee rate must be between 0 and 1 (0.001 means 1‰)</translation>
    </message>
    <message>
        <source>电量不能为负数</source>
        <translation>The kWh cannot be negative</translation>
    </message>
    <message>
        <source>分时电量中有重复的时段</source>
        <translation>The time-of-use kWh list a period twice</translation>
    </message>
    <message>
        <source>各时段电量之和与总电量不一致</source>
        <translation>The kWh of the periods do not add up to the total kWh</translation>
    </message>
    <message>
        <source>计费月数应为 1–12</source>
        <translation>The number of billed months must be 1–12</translation>
    </message>
    <message>
        <source>出账日期不能晚于今天</source>
        <translation>The issue date cannot be later than today</translation>
    </message>
    <message>
        <source>客户不存在</source>
        <translation>The customer does not exist</translation>
    </message>
    <message>
        <source>不支持 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”</source>
        <translation>UTF-16 files are not supported; in Excel, save as “CSV UTF-8” or “CSV (Comma delimited)”</translation>
    </message>
    <message>
        <source>无法识别文件编码，请使用 UTF-8 或 GBK 编码的 CSV 文件</source>
        <translation>The file encoding is not recognized; use a CSV file in UTF-8 or GBK</translation>
    </message>
    <message>
        <source>退补金额应为整数分（不能是小数）</source>
        <translation>The adjustment amount must be a whole number of fen (no fractions)</translation>
    </message>
    <message>
        <source>退补电量应为整数 kWh</source>
        <translation>The adjustment kWh must be a whole number</translation>
    </message>
    <message>
        <source>账单不存在</source>
        <translation>The bill does not exist</translation>
    </message>
    <message>
        <source>退补账单只能针对正常电费账单开具，请选择原账单</source>
        <translation>An adjustment can only be issued against a regular bill; choose the original bill</translation>
    </message>
    <message>
        <source>账期格式应为 YYYY-MM，如 2026-03</source>
        <translation>The billing period must be YYYY-MM, e.g. 2026-03</translation>
    </message>
    <message>
        <source>文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8</source>
        <translation>The file starts with a UTF-8 BOM but its content is not valid UTF-8</translation>
    </message>
    <message>
        <source>退补金额不能为零</source>
        <translation>The adjustment amount cannot be zero</translation>
    </message>
    <message>
        <source>请填写退补原因</source>
        <translation>Enter the reason for the adjustment</translation>
    </message>
    <message>
        <source>退补金额过大</source>
        <translation>The adjustment amount is too large</translation>
    </message>
    <message>
        <source>请求编号已被另一笔业务使用，请关闭窗口后重新办理</source>
        <translation>This request number was used by another transaction; close the window and start again</translation>
    </message>
    <message>
        <source>收费班次不存在</source>
        <translation>The cashier session does not exist</translation>
    </message>
    <message>
        <source>只能查看本人的收费班次</source>
        <translation>You can only view your own cashier sessions</translation>
    </message>
    <message>
        <source>备用金格式不正确，请输入以元为单位、最多两位小数的金额</source>
        <translation>The float is not a valid amount; enter yuan with at most two decimal places</translation>
    </message>
    <message>
        <source>班次状态不正确</source>
        <translation>The session is not in the right state</translation>
    </message>
    <message>
        <source>该班次已被他人修改，请刷新后再结班</source>
        <translation>Someone else has changed this session; refresh before closing it</translation>
    </message>
    <message>
        <source>该班次已被他人修改，请刷新后再审核</source>
        <translation>Someone else has changed this session; refresh before approving it</translation>
    </message>
    <message>
        <source>请填写各面额的张（枚）数</source>
        <translation>Enter the number of notes (coins) of each denomination</translation>
    </message>
    <message>
        <source>只能结本人的收费班次</source>
        <translation>You can only close your own cashier session</translation>
    </message>
    <message>
        <source>不能审核本人的收费班次，请由其他值班长审核</source>
        <translation>You cannot approve your own cashier session; another supervisor must approve it</translation>
    </message>
    <message>
        <source>请选择原因</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <source>请填写至少2个字的原因说明</source>
        <translation>Describe the reason in at least 2 characters</translation>
    </message>
    <message>
        <source>请求编号格式不正确</source>
        <translation>The request number is malformed</translation>
    </message>
    <message>
        <source>请先开班：收费前需要打开收费班次并登记备用金</source>
        <translation>Open a session first: taking payments needs an open cashier session with its float recorded</translation>
    </message>
    <message>
        <source>原收费记录不存在</source>
        <translation>The original payment does not exist</translation>
    </message>
    <message>
        <source>该笔收费已冲正</source>
        <translation>This payment has already been reversed</translation>
    </message>
    <message>
        <source>该笔收费已退费</source>
        <translation>This payment has already been refunded</translation>
    </message>
    <message>
        <source>单据类型不正确</source>
        <translation>Wrong document type</translation>
    </message>
    <message>
        <source>单据号不正确</source>
        <translation>Wrong document number</translation>
    </message>
    <message>
        <source>收款方式格式不正确</source>
        <translation>The payment method is malformed</translation>
    </message>
    <message>
        <source>收款金额必须大于零</source>
        <translation>The amount received must be greater than zero</translation>
    </message>
    <message>
        <source>原收费所在班次已结班，不能冲正，请办理退费</source>
        <translation>The session of the original payment is closed, so it cannot be reversed; issue a refund</translation>
    </message>
    <message>
        <source>只能冲正本人当前班次的收费（冲正款从原收费班次的钱箱退出）</source>
        <translation>You can only reverse payments of your own current session (the money goes back out of that session’s drawer)</translation>
    </message>
    <message>
        <source>原收费所在班次尚未结班，请办理冲正</source>
        <translation>The session of the original payment is still open; reverse the payment instead</translation>
    </message>
    <message>
        <source>收费凭证不存在</source>
        <translation>The receipt does not exist</translation>
    </message>
    <message>
        <source>班次尚未交班，日结报表须在交班后打印</source>
        <translation>The session is not closed yet; the day-end report is printed after closing</translation>
    </message>
    <message>
        <source>数据库尚未初始化，无法加载电价目录</source>
        <translation>The database is not set up yet, so the tariff catalogue cannot be loaded</translation>
    </message>
    <message>
        <source>电价版本不存在</source>
        <translation>The tariff version does not exist</translation>
    </message>
    <message>
        <source>电价代码不能为空</source>
        <translation>The tariff code is required</translation>
    </message>
    <message>
        <source>电价数据格式不正确</source>
        <translation>The tariff data is malformed</translation>
    </message>
    <message>
        <source>退补原因</source>
        <translation>adjustment reason</translation>
    </message>
    <message>
        <source>原因说明</source>
        <translation>reason</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>printer</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>paper</translation>
    </message>
    <message>
        <source>文件为空，没有表头</source>
        <translation>The file is empty: it has no header row</translation>
    </message>
    <message>
        <source>文件中没有账单数据</source>
        <translation>The file contains no bills</translation>
    </message>
    <message>
        <source>户号不能为空</source>
        <translation>The account No. is required</translation>
    </message>
    <message>
        <source>文件中没有抄表数据</source>
        <translation>The file contains no meter readings</translation>
    </message>
    <message>
        <source>其他用户刚刚导入了本期的抄表数据，请核对后重新导入</source>
        <translation>Another user has just imported the readings of this period; check them and import again</translation>
    </message>
    <message>
        <source>电价 {code} 在 {date} 不适用</source>
        <translation>tariff {code} does not apply on {date}</translation>
    </message>
    <message>
        <source>{label}（{tag}）</source>
        <translation>{label} ({tag})</translation>
    </message>
    <message>
        <source>{explanation}（{first}至{last}，{days} 天 {kwh} kWh，按 {version_from} 起执行的价格）</source>
        <translation>{explanation} ({first} to {last}, {days} days, {kwh} kWh, at the prices in force from {version_from})</translation>
    </message>
    <message>
        <source>分时电量合计 {tou_kwh} 与总电量 {kwh} 不一致</source>
        <translation>the time-of-use kWh add up to {tou_kwh}, not the total of {kwh}</translation>
    </message>
    <message>
        <source>户号 {account_no}：{problem}</source>
        <translation>Account {account_no}: {problem}</translation>
    </message>
    <message>
        <source>设置项 receipt_paper 的值 {value} 无效：应为 80mm 或 A5</source>
        <translation>setting receipt_paper has an invalid value {value}: use 80mm or A5</translation>
    </message>
    <message>
        <source>设置项 {name} 的值 {value} 无效：应为整数</source>
        <translation>setting {name} has an invalid value {value}: use a whole number</translation>
    </message>
    <message>
        <source>设置项 {name} 的值 {value} 无效：日费率应在 0 与 1 之间，如 0.001 表示千分之一</source>
        <translation>setting {name} has an invalid value {value}: a daily rate is between 0 and 1 (0.001 means 1‰)</translation>
    </message>
    <message>
        <source>设置项 {name} 不能为负数</source>
        <translation>setting {name} cannot be negative</translation>
    </message>
    <message>
        <source>设置项 {name} 应为正整数</source>
        <translation>setting {name} must be a positive whole number</translation>
    </message>
    <message>
        <source>设置项 {name} 的值 {value} 无效：应为小数形式的日费率，如 0.001 表示千分之一</source>
        <translation>setting {name} has an invalid value {value}: write the daily rate as a decimal (0.001 means 1‰)</translation>
    </message>
    <message>
        <source>节点{node}没有可用的管理员账号</source>
        <translation>node {node} has no active administrator account</translation>
    </message>
    <message>
        <source>银行卡/扫码/转账金额合计 {non_cash} 超过应收 {due}，只有现金可以找零</source>
        <translation>card, QR code and transfer together come to {non_cash}, more than the {due} due; only cash can be given change</translation>
    </message>
    <message>
        <source>付款金额不足，还差 {short}</source>
        <translation>the payment is {short} short</translation>
    </message>
    <message>
        <source>未知收款方式：{kind}</source>
        <translation>unknown payment method: {kind}</translation>
    </message>
    <message>
        <source>{tender}金额必须大于零</source>
        <translation>the {tender} amount must be more than zero</translation>
    </message>
    <message>
        <source>现金不足，还差 {short}</source>
        <translation>not enough cash: {short} short</translation>
    </message>
    <message>
        <source>账实相符</source>
        <translation>balanced</translation>
    </message>
    <message>
        <source>未知面额：{code}</source>
        <translation>unknown denomination: {code}</translation>
    </message>
    <message>
        <source>{label}的张（枚）数不能为负数</source>
        <translation>the count of {label} cannot be negative</translation>
    </message>
    <message>
        <source>{label}的张（枚）数过大，请检查</source>
        <translation>the count of {label} is too large; check it</translation>
    </message>
    <message>
        <source>长款 {amount}</source>
        <translation>over {amount}</translation>
    </message>
    <message>
        <source>短款 {amount}</source>
        <translation>short {amount}</translation>
    </message>
    <message>
        <source>未逾期</source>
        <translation>not overdue</translation>
    </message>
    <message>
        <source>{label} {first}至{last} {days} 天 × {rate}/日</source>
        <translation>{label} {first} to {last}, {days} days × {rate}/day</translation>
    </message>
    <message>
        <source>未知用户类别：{kind}</source>
        <translation>unknown customer category: {kind}</translation>
    </message>
    <message>
        <source>{desc}（不足 {minimum}，按 {minimum} 收取）</source>
        <translation>{desc} (below {minimum}, {minimum} charged)</translation>
    </message>
    <message>
        <source>{label} {rate}/日 × {days} 天</source>
        <translation>{label} {rate}/day × {days} days</translation>
    </message>
    <message>
        <source>{path}：{problem}</source>
        <translation>{path}: {problem}</translation>
    </message>
    <message>
        <source>电价 {code} 的时段表没有覆盖 {time}</source>
        <translation>the period tables of tariff {code} do not cover {time}</translation>
    </message>
    <message>
        <source>{label} {qty} {unit} × {price} = {amount}</source>
        <translation>{label} {qty} {unit} × {price} = {amount}</translation>
    </message>
    <message>
        <source>低保/五保免费电量 {qty} kWh，从{parts}扣除，免收 = 0.00</source>
        <translation>low-income allowance {qty} kWh, taken from {parts}, not charged = 0.00</translation>
    </message>
    <message>
        <source>日期格式应为 YYYY-MM-DD（{value}）</source>
        <translation>write the date as YYYY-MM-DD ({value})</translation>
    </message>
    <message>
        <source>时间格式应为 HH:MM，00:00–24:00（{value}）</source>
        <translation>write the time as HH:MM, 00:00–24:00 ({value})</translation>
    </message>
    <message>
        <source>电价 {code} 没有 {month} 月的分时时段表</source>
        <translation>tariff {code} has no time-of-use table for month {month}</translation>
    </message>
    <message>
        <source>电价 {code} 在 {date} 没有生效的版本</source>
        <translation>tariff {code} has no version in force on {date}</translation>
    </message>
    <message>
        <source>电价目录格式应为 {format}</source>
        <translation>the tariff catalogue format must be {format}</translation>
    </message>
    <message>
        <source>电价 {code} 不是分时电价</source>
        <translation>tariff {code} is not a time-of-use tariff</translation>
    </message>
    <message>
        <source>合计 {amount} 元</source>
        <translation>total {amount} CNY</translation>
    </message>
    <message>
        <source>电价 {code}（{start} 起）在 {date} 不适用，请选择当日有效的版本</source>
        <translation>tariff {code} (from {start}) does not apply on {date}; choose the version in force on that day</translation>
    </message>
    <message>
        <source>分时电价 {code} 需要各时段电量（尖峰/峰/平/谷/深谷）</source>
        <translation>time-of-use tariff {code} needs the kWh of each period (critical peak / peak / flat / valley / deep valley)</translation>
    </message>
    <message>
        <source>低保/五保免费电量抵扣 {qty} kWh × {price} = {amount}</source>
        <translation>low-income allowance credit {qty} kWh × {price} = {amount}</translation>
    </message>
    <message>
        <source>节假日日历格式应为 {format}</source>
        <translation>the holiday calendar format must be {format}</translation>
    </message>
    <message>
        <source>不能为负数</source>
        <translation>cannot be negative</translation>
    </message>
    <message>
        <source>应为整数（{value}）</source>
        <translation>must be a whole number ({value})</translation>
    </message>
    <message>
        <source>应为文本</source>
        <translation>must be text</translation>
    </message>
    <message>
        <source>不能为空</source>
        <translation>is required</translation>
    </message>
    <message>
        <source>应为对象</source>
        <translation>must be an object</translation>
    </message>
    <message>
        <source>应为列表</source>
        <translation>must be a list</translation>
    </message>
    <message>
        <source>{start}–{end} 没有划分时段</source>
        <translation>{start}–{end} has no period</translation>
    </message>
    <message>
        <source>未知时段 {periods}</source>
        <translation>unknown periods {periods}</translation>
    </message>
    <message>
        <source>至少需要一个时段电价</source>
        <translation>at least one period price is needed</translation>
    </message>
    <message>
        <source>缺少 {months} 月</source>
        <translation>missing months: {months}</translation>
    </message>
    <message>
        <source>有月份重复</source>
        <translation>a month appears twice</translation>
    </message>
    <message>
        <source>时段表应覆盖 1–12 月各一次，{detail}</source>
        <translation>the period tables must cover each month 1–12 exactly once; {detail}</translation>
    </message>
    <message>
        <source>分时电价设置免费电量时须给出抵扣单价 free_kwh_credit_price</source>
        <translation>a time-of-use tariff with free kWh needs a credit price (free_kwh_credit_price)</translation>
    </message>
    <message>
        <source>电价 {code} 有两个版本同在 {date} 生效</source>
        <translation>tariff {code} has two versions taking effect on {date}</translation>
    </message>
    <message>
        <source>电量不是有效数字（{value}）</source>
        <translation>the kWh is not a valid number ({value})</translation>
    </message>
    <message>
        <source>分摊比例应在 0 与 1 之间</source>
        <translation>the share must be between 0 and 1</translation>
    </message>
    <message>
        <source>供电月数应为 1–12</source>
        <translation>the months of supply must be 1–12</translation>
    </message>
    <message>
        <source>电价 {code} 含基本电费，需要用户的合同容量（kVA）</source>
        <translation>tariff {code} has a capacity charge and needs the customer's contract capacity (kVA)</translation>
    </message>
    <message>
        <source>{name}（{qty} kWh × {price} = {amount} 元）</source>
        <translation>{name} ({qty} kWh × {price} = {amount} CNY)</translation>
    </message>
    <message>
        <source>电价 {code} 没有{period}时段，不能计入 {kwh} kWh</source>
        <translation>tariff {code} has no {period} period; {kwh} kWh cannot be charged</translation>
    </message>
    <message>
        <source>低保/五保免费电量抵扣 {qty} kWh × {price} = {amount}，以本期电费为限 = {credit}</source>
        <translation>low-income allowance credit {qty} kWh × {price} = {amount}, limited to this bill's charge = {credit}</translation>
    </message>
    <message>
        <source>{a}（{a_first}–{a_last}）与{b}（{b_first}–{b_last}）的放假日期重叠</source>
        <translation>the days off of {a} ({a_first}–{a_last}) and {b} ({b_first}–{b_last}) overlap</translation>
    </message>
    <message>
        <source>{name}的调休上班日 {day} 同时是放假日</source>
        <translation>the make-up working day {day} of {name} is also a day off</translation>
    </message>
    <message>
        <source>不是有效的数字（{value}）</source>
        <translation>is not a valid number ({value})</translation>
    </message>
    <message>
        <source>阶梯周期应为 monthly（月）或 annual（年）</source>
        <translation>the tier basis must be monthly or annual</translation>
    </message>
    <message>
        <source>至少需要一档</source>
        <translation>at least one tier is needed</translation>
    </message>
    <message>
        <source>最多 {count} 档</source>
        <translation>at most {count} tiers</translation>
    </message>
    <message>
        <source>起始时间不能是 24:00</source>
        <translation>the start time cannot be 24:00</translation>
    </message>
    <message>
        <source>起止时间相同</source>
        <translation>start and end are the same</translation>
    </message>
    <message>
        <source>未知时段 {period}（应为 {periods}）</source>
        <translation>unknown period {period} (use {periods})</translation>
    </message>
    <message>
        <source>时段在 {time} 处重叠</source>
        <translation>periods overlap at {time}</translation>
    </message>
    <message>
        <source>月份应为 1–12 且不重复</source>
        <translation>months must be 1–12, each once</translation>
    </message>
    <message>
        <source>电价类型应为 tiered / tou / flat</source>
        <translation>the tariff kind must be tiered / tou / flat</translation>
    </message>
    <message>
        <source>截止日期早于生效日期</source>
        <translation>the end date is before the effective date</translation>
    </message>
    <message>
        <source>{kind}不支持字段 {fields}</source>
        <translation>a {kind} does not take the fields {fields}</translation>
    </message>
    <message>
        <source>时段表用到了{period}，但没有它的电价</source>
        <translation>the period tables use {period} but it has no price</translation>
    </message>
    <message>
        <source>第一档加价应为 0</source>
        <translation>the tier 1 markup must be 0</translation>
    </message>
    <message>
        <source>第二档比第一档只高 {markup} 元/kWh，低于 {minimum} 元（发改价格〔2011〕2617号）</source>
        <translation>tier 2 is only {markup} CNY/kWh above tier 1, less than {minimum} CNY (NDRC Price [2011] No. 2617)</translation>
    </message>
    <message>
        <source>峰谷价差比 {ratio}:1 低于 {minimum}:1（发改价格〔2021〕1093号）</source>
        <translation>the peak:valley price ratio {ratio}:1 is below {minimum}:1 (NDRC Price [2021] No. 1093)</translation>
    </message>
    <message>
        <source>尖峰电价 {critical} 低于峰段电价的 {factor} 倍（{minimum}）</source>
        <translation>the critical peak price {critical} is below {factor} times the peak price ({minimum})</translation>
    </message>
    <message>
        <source>深谷电价高于谷段电价</source>
        <translation>the deep valley price is above the valley price</translation>
    </message>
    <message>
        <source>未知分时时段 {period}</source>
        <translation>unknown time-of-use period {period}</translation>
    </message>
    <message>
        <source>本期无用电</source>
        <translation>no usage this period</translation>
    </message>
    <message>
        <source>{year} 年出现了两次</source>
        <translation>{year} appears twice</translation>
    </message>
    <message>
        <source>未知用户类别 {kind}</source>
        <translation>unknown customer category {kind}</translation>
    </message>
    <message>
        <source>只有年阶梯电价可以按首年供电月数折算</source>
        <translation>only a tariff with annual tiers can be pro-rated by the months of supply in the first year</translation>
    </message>
    <message>
        <source>第三档电价低于第二档</source>
        <translation>the tier 3 price is below tier 2</translation>
    </message>
    <message>
        <source>{period}段</source>
        <translation>{period}</translation>
    </message>
    <message>
        <source>放假日期应在 {year} 年内、起止有序且不超过 16 天</source>
        <translation>the days off must be within {year}, in order, and at most 16 days</translation>
    </message>
    <message>
        <source>法定假日应在放假期间内</source>
        <translation>statutory holidays must fall within the days off</translation>
    </message>
    <message>
        <source>最高一档不应设上限（upto_kwh 为 null）</source>
        <translation>the top tier has no upper limit (upto_kwh is null)</translation>
    </message>
    <message>
        <source>只有最高一档可以不设上限</source>
        <translation>only the top tier may have no upper limit</translation>
    </message>
    <message>
        <source>各档上限应逐档递增</source>
        <translation>the tier limits must increase tier by tier</translation>
    </message>
    <message>
        <source>应为 true 或 false</source>
        <translation>must be true or false</translation>
    </message>
    <message>
        <source>第三档比第一档高 {markup} 元/kWh，与约 {standard} 元的标准相差较大</source>
        <translation>tier 3 is {markup} CNY/kWh above tier 1, far from the standard of about {standard} CNY</translation>
    </message>
    <message>
        <source>{tier}加价</source>
        <translation>{tier} markup</translation>
    </message>
    <message>
        <source>{band} 与第 {row} 行（{other}）重叠</source>
        <translation>{band} overlaps row {row} ({other})</translation>
    </message>
    <message>
        <source>{months} 月在两个季节中重复</source>
        <translation>months in two seasons: {months}</translation>
    </message>
    <message>
        <source>退补（{sign}）账单 {bill_no}（{period}）{kwh} kWh，{amount} 元：{reason}</source>
        <translation>adjustment ({sign}) of bill {bill_no} ({period}) {kwh} kWh, {amount} CNY: {reason}</translation>
    </message>
    <message>
        <source>退补电量与金额方向不一致：补收金额对应正电量，退还金额对应负电量（或 0）</source>
        <translation>the adjustment kWh and amount disagree: an extra charge goes with positive kWh, a credit with negative kWh (or 0)</translation>
    </message>
    <message>
        <source>退补电费（{sign}）</source>
        <translation>adjustment ({sign})</translation>
    </message>
    <message>
        <source>{year} 年的法定节假日安排尚未收录（已收录：{known} 年）</source>
        <translation>the public holidays of {year} are not in the calendar yet (it has {known})</translation>
    </message>
    <message>
        <source>电价名称不超过{max_len}个字</source>
        <translation>the tariff name can be at most {max_len} characters</translation>
    </message>
    <message>
        <source>电价代码为字母、数字或短横线，不超过{max_len}位</source>
        <translation>the tariff code is letters, digits or hyphens, at most {max_len} characters</translation>
    </message>
    <message>
        <source>已有 {count} 张账单的抄表日期在 {date} 及以后，它们按原版本计算，不会自动重算（如需更正请开退补账单）</source>
        <translation>{count} bills have a reading date on or after {date}; they were priced by the earlier version and are not recalculated (issue adjustment bills to correct them)</translation>
    </message>
    <message>
        <source>数值请以文本给出（如 "0.538"）：{detail}</source>
        <translation>write numbers as text (e.g. "0.538"): {detail}</translation>
    </message>
    <message>
        <source>电价 {code} 已有 {latest} 起生效的版本；已有版本不能修改，新版本的生效日期须晚于 {latest}</source>
        <translation>tariff {code} already has a version in force from {latest}; versions cannot be changed, so the new version must take effect after {latest}</translation>
    </message>
    <message>
        <source>调价前</source>
        <translation>before the price change</translation>
    </message>
    <message>
        <source>调价后</source>
        <translation>after the price change</translation>
    </message>
    <message>
        <source>现金</source>
        <translation>cash</translation>
    </message>
    <message>
        <source>银行卡</source>
        <translation>bank card</translation>
    </message>
    <message>
        <source>扫码支付</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>转账</source>
        <translation>bank transfer</translation>
    </message>
    <message>
        <source>100元</source>
        <translation>100 yuan notes</translation>
    </message>
    <message>
        <source>50元</source>
        <translation>50 yuan notes</translation>
    </message>
    <message>
        <source>20元</source>
        <translation>20 yuan notes</translation>
    </message>
    <message>
        <source>10元</source>
        <translation>10 yuan notes</translation>
    </message>
    <message>
        <source>5元</source>
        <translation>5 yuan notes</translation>
    </message>
    <message>
        <source>1元</source>
        <translation>1 yuan notes</translation>
    </message>
    <message>
        <source>1元硬币</source>
        <translation>1 yuan coins</translation>
    </message>
    <message>
        <source>5角硬币</source>
        <translation>5 jiao coins</translation>
    </message>
    <message>
        <source>1角硬币</source>
        <translation>1 jiao coins</translation>
    </message>
    <message>
        <source>5分硬币</source>
        <translation>5 fen coins</translation>
    </message>
    <message>
        <source>2分硬币</source>
        <translation>2 fen coins</translation>
    </message>
    <message>
        <source>1分硬币</source>
        <translation>1 fen coins</translation>
    </message>
    <message>
        <source>居民</source>
        <translation>residential</translation>
    </message>
    <message>
        <source>当年欠费</source>
        <translation>current-year arrears</translation>
    </message>
    <message>
        <source>跨年度欠费</source>
        <translation>earlier-year arrears</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <source>阶梯电价</source>
        <translation>tiered tariff</translation>
    </message>
    <message>
        <source>峰谷分时电价</source>
        <translation>time-of-use tariff</translation>
    </message>
    <message>
        <source>单一电价</source>
        <translation>flat tariff</translation>
    </message>
    <message>
        <source>月阶梯</source>
        <translation>monthly tiers</translation>
    </message>
    <message>
        <source>年阶梯</source>
        <translation>annual tiers</translation>
    </message>
    <message>
        <source>尖峰</source>
        <translation>critical peak</translation>
    </message>
    <message>
        <source>峰</source>
        <translation>peak</translation>
    </message>
    <message>
        <source>平</source>
        <translation>flat</translation>
    </message>
    <message>
        <source>谷</source>
        <translation>valley</translation>
    </message>
    <message>
        <source>深谷</source>
        <translation>deep valley</translation>
    </message>
    <message>
        <source>第一档</source>
        <translation>tier 1</translation>
    </message>
    <message>
        <source>第二档</source>
        <translation>tier 2</translation>
    </message>
    <message>
        <source>第三档</source>
        <translation>tier 3</translation>
    </message>
    <message>
        <source>第四档</source>
        <translation>tier 4</translation>
    </message>
    <message>
        <source>第五档</source>
        <translation>tier 5</translation>
    </message>
    <message>
        <source>低保/五保免费电量</source>
        <translation>low-income free kWh</translation>
    </message>
    <message>
        <source>基本电费</source>
        <translation>capacity charge</translation>
    </message>
    <message>
        <source>kVA·月</source>
        <translation>kVA·month</translation>
    </message>
    <message>
        <source>低保/五保免费电量抵扣</source>
        <translation>low-income allowance credit</translation>
    </message>
    <message>
        <source>电度电费</source>
        <translation>energy charge</translation>
    </message>
    <message>
        <source>补收</source>
        <translation>extra charge</translation>
    </message>
    <message>
        <source>退还</source>
        <translation>credit</translation>
    </message>
    <message>
        <source>电量不能为空</source>
        <translation>kWh is required</translation>
    </message>
    <message>
        <source>电量“{value}”不是数字</source>
        <translation>kWh “{value}” is not a number</translation>
    </message>
    <message>
        <source>电量“{value}”应为整数 kWh</source>
        <translation>kWh “{value}” must be whole kWh</translation>
    </message>
    <message>
        <source>电量 {value} 过大</source>
        <translation>kWh {value} is too large</translation>
    </message>
    <message>
        <source>电量为 {kwh} kWh 时金额不能为零</source>
        <translation>the amount cannot be zero when the kWh is {kwh} kWh</translation>
    </message>
    <message>
        <source>户号过长（最多 {max_len} 位）</source>
        <translation>account number is too long (at most {max_len} characters)</translation>
    </message>
    <message>
        <source>账期不能为空</source>
        <translation>billing period is required</translation>
    </message>
    <message>
        <source>账期“{value}”无效，格式应为 YYYY-MM，如 2026-03</source>
        <translation>billing period “{value}” is invalid; use YYYY-MM, e.g. 2026-03</translation>
    </message>
    <message>
        <source>出账日期“{value}”无效，格式应为 YYYY-MM-DD</source>
        <translation>issue date “{value}” is invalid; use YYYY-MM-DD</translation>
    </message>
    <message>
        <source>出账日期 {date} 早于账期 {period}</source>
        <translation>issue date {date} is before the billing period {period}</translation>
    </message>
    <message>
        <source>缴费截止日“{value}”无效，格式应为 YYYY-MM-DD</source>
        <translation>due date “{value}” is invalid; use YYYY-MM-DD</translation>
    </message>
    <message>
        <source>户号 {account} 不存在</source>
        <translation>account {account} does not exist</translation>
    </message>
    <message>
        <source>户号 {account} 账期 {period} 与第 {line} 行重复</source>
        <translation>account {account}, period {period} repeats line {line}</translation>
    </message>
    <message>
        <source>{problem}（退费请开退补账单）</source>
        <translation>{problem} (for a refund, issue an adjustment bill)</translation>
    </message>
    <message>
        <source>出账日期 {date} 晚于今天</source>
        <translation>issue date {date} is after today</translation>
    </message>
    <message>
        <source>账期 {period} 尚未开始，不能出账</source>
        <translation>billing period {period} has not started yet; it cannot be billed</translation>
    </message>
    <message>
        <source>账期 {period} 晚于出账日期 {date}</source>
        <translation>billing period {period} is after the issue date {date}</translation>
    </message>
    <message>
        <source>缴费截止日 {due} 早于出账日期 {date}</source>
        <translation>due date {due} is before the issue date {date}</translation>
    </message>
    <message>
        <source>户号 {account} 已销户，不能导入账单</source>
        <translation>account {account} is closed; bills cannot be imported for it</translation>
    </message>
    <message>
        <source>缴费截止日 {due} 距出账日期 {date} 超过一年</source>
        <translation>due date {due} is more than a year after the issue date {date}</translation>
    </message>
    <message>
        <source>户号 {account} 在 {period} 已有电费账单 {bill_no}；更正请办理退补</source>
        <translation>account {account} already has bill {bill_no} for {period}; correct it with an adjustment</translation>
    </message>
    <message>
        <source>户号 {account} 已有较晚账期（{latest}）的电费账单，不能补发 {period} 的账单；更正请办理退补</source>
        <translation>account {account} already has a bill for a later period ({latest}); a bill for {period} cannot be added; correct it with an adjustment</translation>
    </message>
    <message>
        <source>发行日期 {date} 早于账期 {period}</source>
        <translation>issue date {date} is before the billing period {period}</translation>
    </message>
    <message>
        <source>表头中“{name}”列出现了两次</source>
        <translation>the header has the column “{name}” twice</translation>
    </message>
    <message>
        <source>日期“{value}”无效，格式应为 YYYY-MM-DD</source>
        <translation>date “{value}” is invalid; use YYYY-MM-DD</translation>
    </message>
    <message>
        <source>{label}“{value}”应为不小于零的整数</source>
        <translation>{label} “{value}” must be a whole number of zero or more</translation>
    </message>
    <message>
        <source>户号 {account} 已销户，不能导入抄表数据</source>
        <translation>account {account} is closed; readings cannot be imported for it</translation>
    </message>
    <message>
        <source>户号 {account} 在 {period} 已有抄表记录</source>
        <translation>account {account} already has a reading for {period}</translation>
    </message>
    <message>
        <source>户号 {account} 已有较晚账期（{latest}）的抄表记录，不能补录 {period} 的抄表；更正已出账的电量请办理退补</source>
        <translation>account {account} already has a reading for a later period ({latest}); a reading for {period} cannot be added; correct billed kWh with an adjustment</translation>
    </message>
    <message>
        <source>上次示数 {previous} 与系统中上期（{last_period}）本次示数 {last_current} 不一致</source>
        <translation>previous reading {previous} does not match the current reading {last_current} stored for {last_period}</translation>
    </message>
    <message>
        <source>退补后该账单金额为负：原账单 {original}，已退补 {adjusted}，最多可退 {limit}</source>
        <translation>the bill's amount would become negative: original bill {original}, adjusted so far {adjusted}, at most {limit} can be refunded</translation>
    </message>
    <message>
        <source>退补后该账单电量为负：原账单 {original} kWh，已退补 {adjusted} kWh，最多可退 {limit} kWh</source>
        <translation>the bill's kWh would become negative: original bill {original} kWh, adjusted so far {adjusted} kWh, at most {limit} kWh can be refunded</translation>
    </message>
    <message>
        <source>缺少必填列“{column}”（文件编码识别为 {encoding}）</source>
        <translation>the required column “{column}” is missing (the file was read as {encoding})</translation>
    </message>
    <message>
        <source>缺少必填列“{column}”</source>
        <translation>the required column “{column}” is missing</translation>
    </message>
    <message>
        <source>户号 {account} 与第 {line} 行重复</source>
        <translation>account {account} repeats line {line}</translation>
    </message>
    <message>
        <source>抄表日期 {date} 不在账期 {period} 内</source>
        <translation>reading date {date} is not in the billing period {period}</translation>
    </message>
    <message>
        <source>倍率“{value}”应为正整数</source>
        <translation>multiplier “{value}” must be a positive whole number</translation>
    </message>
    <message>
        <source>本次示数 {current} 小于上次示数 {previous}（示数倒走）</source>
        <translation>current reading {current} is less than the previous reading {previous} (the meter ran backwards)</translation>
    </message>
    <message>
        <source>各时段电量之和 {total} 与总电量 {kwh}（(本次示数−上次示数)×倍率）不一致</source>
        <translation>the time-of-use kWh add up to {total}, not the total {kwh} ((current − previous) × multiplier)</translation>
    </message>
    <message>
        <source>户号 {account} 执行分时电价（{tariff}），须填写各时段电量（{periods}）</source>
        <translation>account {account} is on a time-of-use tariff ({tariff}); fill in the kWh of each period ({periods})</translation>
    </message>
    <message>
        <source>户号 {account} 的电价 {tariff} 没有{period}时段</source>
        <translation>the tariff {tariff} of account {account} has no {period} period</translation>
    </message>
    <message>
        <source>抄表日期 {date} 晚于今天</source>
        <translation>reading date {date} is after today</translation>
    </message>
    <message>
        <source>{period}电量“{value}”应为不小于零的整数</source>
        <translation>{period} kWh “{value}” must be a whole number of zero or more</translation>
    </message>
    <message>
        <source>单元格内容过长（超过 {limit} 个字符），无法读取；请检查该行</source>
        <translation>a cell is too long (over {limit} characters) and cannot be read; check this line</translation>
    </message>
    <message>
        <source>该行不是有效的 CSV 格式，无法读取</source>
        <translation>this line is not valid CSV and cannot be read</translation>
    </message>
    <message>
        <source>含有空字符（NUL），文件可能已损坏或不是文本格式的 CSV</source>
        <translation>contains a NUL character; the file may be damaged or not a text CSV file</translation>
    </message>
    <message>
        <source>上次示数</source>
        <translation>previous reading</translation>
    </message>
    <message>
        <source>本次示数</source>
        <translation>current reading</translation>
    </message>
    <message>
        <source>数据库正忙：另一个程序正在写入数据库（例如备份或另一台柜台程序），请稍后重试</source>
        <translation>the database is busy: another program is writing to it (for example a backup or another counter program); please try again shortly</translation>
    </message>
    <message>
        <source>数据库错误（日志编号 {reference}）：刚才的操作可能没有完成，请核对后重试；如反复出现，请把日志编号告诉系统管理员</source>
        <translation>database error (log reference {reference}): the operation may not have completed; check and try again. If it keeps happening, give the log reference to the system administrator</translation>
    </message>
    <message>
        <source>文件过大（{size} MB），超过导入上限 {limit} MB；请分成几个文件分批导入</source>
        <translation>the file is too large ({size} MB, the import limit is {limit} MB); split it into several files</translation>
    </message>
    <message>
        <source>文件的数据行超过 {limit} 行（导入上限），请分成几个文件分批导入</source>
        <translation>the file has more than {limit} data rows (the import limit); split it into several files</translation>
    </message>
    <message>
        <source>备用金不能超过 {limit}，请核对</source>
        <translation>The float cannot exceed {limit}; please check</translation>
    </message>
    <message>
        <source>您已有未结班的班次 {session_no}，请先结班</source>
        <translation>You already have an open session {session_no}; close it first</translation>
    </message>
    <message>
        <source>班次 {session_no} 尚未结班，结班后才能打印日结报表</source>
        <translation>Session {session_no} is not closed yet; its day-end report can be printed after closing</translation>
    </message>
    <message>
        <source>{label}的张（枚）数请填写整数</source>
        <translation>Enter a whole number of pieces for {label}</translation>
    </message>
    <message>
        <source>班次 {session_no} 已结班</source>
        <translation>Session {session_no} is already closed</translation>
    </message>
    <message>
        <source>还有{count}张收费凭证未打印（{shown}），请先打印后再结班</source>
        <translation>{count} receipt(s) were never printed ({shown}); print them before closing</translation>
    </message>
    <message>
        <source>班次 {session_no} 尚未结班，不能审核</source>
        <translation>Session {session_no} is not closed yet and cannot be reviewed</translation>
    </message>
    <message>
        <source>班次 {session_no} 已审核</source>
        <translation>Session {session_no} has already been approved</translation>
    </message>
    <message>
        <source>还有{count}张收费凭证未打印（{shown}等），请先打印后再结班</source>
        <translation>{count} receipts were never printed ({shown} and more); print them before closing</translation>
    </message>
    <message>
        <source>钱箱现金不足：需付出现金 {amount}，本班钱箱现有 {held}（备用金 {float_amount}），不能付出现金。请改用其他方式退款</source>
        <translation>Not enough cash in the drawer: {amount} would be paid out, but the drawer of this session holds {held} (float {float_amount}). No cash can be paid out; refund another way</translation>
    </message>
    <message>
        <source>{label}格式不正确，请输入以元为单位、最多两位小数的金额</source>
        <translation>{label} is not a valid amount; enter yuan with at most two decimals</translation>
    </message>
    <message>
        <source>{label}超过单笔收费上限 {limit}，请核对</source>
        <translation>{label} exceeds the limit of {limit} per payment; please check</translation>
    </message>
    <message>
        <source>{tender}金额</source>
        <translation>{tender} amount</translation>
    </message>
    <message>
        <source>钱箱现金不足以找零：需找零 {change}，本班钱箱现有 {held}（备用金 {float_amount}）。请客户提供零钱或改用其他收款方式</source>
        <translation>Not enough cash in the drawer for the change: {change} is due back, but the drawer of this session holds {held} (float {float_amount}). Ask for exact money or use another tender</translation>
    </message>
    <message>
        <source>户号 {account_no} 已销户，不能收费</source>
        <translation>Account {account_no} is closed; no payment can be taken</translation>
    </message>
    <message>
        <source>只能对收费凭证办理冲正或退费（该凭证为{kind}）</source>
        <translation>Only payment receipts can be reversed or refunded (this one is a {kind})</translation>
    </message>
    <message>
        <source>该笔收费形成的预存 {amount} 已被使用（当前预存余额 {prepaid}），不能退费</source>
        <translation>The prepaid balance of {amount} this payment created has been used (prepaid now {prepaid}); it cannot be refunded</translation>
    </message>
    <message>
        <source>账单或缴费记录已更新</source>
        <translation>the bills or payments were updated</translation>
    </message>
    <message>
        <source>应缴从 {quoted} 变为 {due}：{changes}</source>
        <translation>The amount due changed from {quoted} to {due}: {changes}</translation>
    </message>
    <message>
        <source>{tender}交易参考号</source>
        <translation>{tender} reference</translation>
    </message>
    <message>
        <source>请求编号已用于另一笔内容不同的业务（凭证 {receipt_no}），本次未办理。请关闭窗口后重新办理</source>
        <translation>This request number was already used for a different transaction (receipt {receipt_no}); nothing was done this time. Close the window and start again</translation>
    </message>
    <message>
        <source>应缴金额不能为负数</source>
        <translation>The amount due cannot be negative</translation>
    </message>
    <message>
        <source>该笔收费形成的预存 {amount} 已被使用（当前预存余额 {prepaid}），不能冲正</source>
        <translation>The prepaid balance of {amount} this payment created has been used (prepaid now {prepaid}); it cannot be reversed</translation>
    </message>
    <message>
        <source>{name} {time} {kind} {amount}</source>
        <translation>{name} {time} {kind} {amount}</translation>
    </message>
    <message>
        <source>{time} 退补账单 {bill_no} {amount}</source>
        <translation>{time} adjustment bill {bill_no} {amount}</translation>
    </message>
    <message>
        <source>{time} 出账 {bill_no}（{period}）{amount}</source>
        <translation>{time} bill {bill_no} ({period}) issued, {amount}</translation>
    </message>
    <message>
        <source>实收合计</source>
        <translation>total tendered</translation>
    </message>
    <message>
        <source>收款金额</source>
        <translation>amount received</translation>
    </message>
    <message>
        <source>应缴金额</source>
        <translation>amount due</translation>
    </message>
    <message>
        <source>收费</source>
        <translation>payment</translation>
    </message>
    <message>
        <source>冲正</source>
        <translation>reversal</translation>
    </message>
    <message>
        <source>退费</source>
        <translation>refund</translation>
    </message>
    <message>
        <source>预存抵扣</source>
        <translation>prepaid offset</translation>
    </message>
    <message>
        <source>{label}应为“是”或“否”</source>
        <translation>{label} must be yes or no</translation>
    </message>
    <message>
        <source>{label}应为整数</source>
        <translation>{label} must be a whole number</translation>
    </message>
    <message>
        <source>{label}应为 {low} 到 {high} 之间的整数</source>
        <translation>{label} must be a whole number from {low} to {high}</translation>
    </message>
    <message>
        <source>{label}应为小数形式的日费率，如 0.001 表示千分之一</source>
        <translation>{label} must be a decimal such as 0.001 (0.1% a day)</translation>
    </message>
    <message>
        <source>{label}应在 0 与 {maximum} 之间（0.001 表示千分之一）</source>
        <translation>{label} must be 0 to {maximum} (0.001 = 0.1% a day)</translation>
    </message>
    <message>
        <source>{label}应在 {low} 与 {high} 之间</source>
        <translation>{label} must be between {low} and {high}</translation>
    </message>
    <message>
        <source>序号应为正整数</source>
        <translation>The sequence number must be a positive whole number</translation>
    </message>
    <message>
        <source>校验码应为{min}到64位十六进制数字</source>
        <translation>The checksum must be {min} to 64 hexadecimal digits</translation>
    </message>
    <message>
        <source>节点{code}不存在</source>
        <translation>Node {code} does not exist</translation>
    </message>
    <message>
        <source>本次登录已结束，请重新登录</source>
        <translation>This login has ended; please log in again</translation>
    </message>
    <message>
        <source>授权人用户名或密码错误</source>
        <translation>Wrong approver user name or password</translation>
    </message>
    <message>
        <source>授权密码连续错误{failures}次，请{seconds}秒后再试（不影响该账户登录）</source>
        <translation>Wrong approval password {failures} times in a row; try again in {seconds} seconds (the account can still log in)</translation>
    </message>
    <message>
        <source>授权人用户名或密码错误，还可尝试{left}次</source>
        <translation>Wrong approver user name or password; {left} attempts left</translation>
    </message>
    <message>
        <source>不能由本人授权本人的业务，请由另一位值班长或管理员授权</source>
        <translation>You cannot approve your own transaction; another supervisor or an administrator must approve it</translation>
    </message>
    <message>
        <source>本营业厅有{count}位值班长，不能由本人授权本人的业务，请由另一位值班长授权</source>
        <translation>This hall has {count} supervisors, so you cannot approve your own transaction; another supervisor must approve it</translation>
    </message>
    <message>
        <source>工号“{employee_no}”已被{name}使用</source>
        <translation>Staff no. “{employee_no}” is already used by {name}</translation>
    </message>
    <message>
        <source>新密码不能与原密码相同</source>
        <translation>The new password must differ from the current one</translation>
    </message>
    <message>
        <source>工号“{employee_no}”已被他人使用</source>
        <translation>Staff no. “{employee_no}” is already used by someone else</translation>
    </message>
    <message>
        <source>退补金额达到{limit}元，需另一位值班长或管理员授权</source>
        <translation>Adjustments of CNY {limit} or more need approval by another supervisor or an administrator</translation>
    </message>
    <message>
        <source>请填写至少4个字的退回意见（如短款如何处理）</source>
        <translation>Enter a reason for the return of at least 4 characters (e.g. how the shortage is handled)</translation>
    </message>
    <message>
        <source>班次{session_no}{status}，不能退回</source>
        <translation>Session {session_no} is {status} and cannot be returned</translation>
    </message>
    <message>
        <source>节点不存在</source>
        <translation>The node does not exist</translation>
    </message>
    <message>
        <source>营业厅业务规则已被{who}修改，请重新打开后再改</source>
        <translation>{who} has changed the hall rules; reopen them before editing</translation>
    </message>
    <message>
        <source>数据库结构版本（{current}）落后于本程序所需的版本（{head}）。本机登录数据库的账号 {role} 是柜台账号，无权升级数据库结构：请数据库管理员用所有者账号运行 init-db 升级后再启动本程序。</source>
        <translation>The database schema version ({current}) is older than this program needs ({head}). The database account {role} used here is a counter account and may not upgrade the schema: ask the database administrator to run init-db with the owner account, then start this program again.</translation>
    </message>
    <message>
        <source>审核意见</source>
        <translation>review comment</translation>
    </message>
    <message>
        <source>居民违约金日费率</source>
        <translation>residential daily rate</translation>
    </message>
    <message>
        <source>其他用户当年欠费日费率</source>
        <translation>others' current-year rate</translation>
    </message>
    <message>
        <source>其他用户跨年度欠费日费率</source>
        <translation>others' earlier-year rate</translation>
    </message>
    <message>
        <source>违约金宽限天数</source>
        <translation>grace period</translation>
    </message>
    <message>
        <source>收取最低违约金</source>
        <translation>minimum late fee</translation>
    </message>
    <message>
        <source>最低违约金</source>
        <translation>minimum late fee</translation>
    </message>
    <message>
        <source>先收违约金后收本金</source>
        <translation>late fees first</translation>
    </message>
    <message>
        <source>缴费期限天数</source>
        <translation>due period</translation>
    </message>
    <message>
        <source>单笔收费上限</source>
        <translation>payment limit</translation>
    </message>
    <message>
        <source>大额找零确认金额</source>
        <translation>large-change threshold</translation>
    </message>
    <message>
        <source>连续登录失败次数上限</source>
        <translation>failed-login limit</translation>
    </message>
    <message>
        <source>账户锁定分钟数</source>
        <translation>lockout minutes</translation>
    </message>
    <message>
        <source>仅一名值班长时允许本人审批</source>
        <translation>self-approval</translation>
    </message>
    <message>
        <source>退补需另一人审批的金额</source>
        <translation>approval limit</translation>
    </message>
    <message>
        <source>未结班</source>
        <translation>open</translation>
    </message>
    <message>
        <source>已结班</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>returned</translation>
    </message>
    <message>
        <source>本营业厅有{count}位可授权人员（值班长或管理员），不能由本人授权本人的业务，请由另一位授权</source>
        <translation>This hall has {count} people who may approve (supervisors or administrators), so you cannot approve your own transaction; another of them must approve it</translation>
    </message>
    <message>
        <source>业务类型 {code} 不存在</source>
        <translation>Business type {code} does not exist</translation>
    </message>
    <message>
        <source>业务类型目录格式应为 {format}</source>
        <translation>The business-type catalogue format must be {format}</translation>
    </message>
    <message>
        <source>应为代码列表</source>
        <translation>must be a list of codes</translation>
    </message>
    <message>
        <source>下限不能大于上限</source>
        <translation>the minimum cannot be greater than the maximum</translation>
    </message>
    <message>
        <source>只有日期项可以指定应晚于的日期项</source>
        <translation>only a date field can name a date it must follow</translation>
    </message>
    <message>
        <source>工作日数应在 0 到 365 之间</source>
        <translation>working days must be between 0 and 365</translation>
    </message>
    <message>
        <source>至少应适用于一种用电类别</source>
        <translation>must apply to at least one customer kind</translation>
    </message>
    <message>
        <source>一证受理的业务应要求一种身份证明</source>
        <translation>a type accepted with one ID document must require an identity document</translation>
    </message>
    <message>
        <source>申请信息项的名称重复</source>
        <translation>application field names repeat</translation>
    </message>
    <message>
        <source>环节应从“受理”开始、以“归档”结束</source>
        <translation>stages must start with "Acceptance" and end with "Archiving"</translation>
    </message>
    <message>
        <source>未知的前置条件“{check}”</source>
        <translation>unknown precondition "{check}"</translation>
    </message>
    <message>
        <source>新装类业务办结时应新建客户，其他业务不能新建客户</source>
        <translation>a new connection creates a customer when completed; other types cannot</translation>
    </message>
    <message>
        <source>新装类业务应有申请容量项</source>
        <translation>a new connection needs a requested-capacity field</translation>
    </message>
    <message>
        <source>版本号应为正整数</source>
        <translation>the version must be a positive whole number</translation>
    </message>
    <message>
        <source>至少应有一种业务类型</source>
        <translation>there must be at least one business type</translation>
    </message>
    <message>
        <source>未知的代码（{value}）</source>
        <translation>unknown code ({value})</translation>
    </message>
    <message>
        <source>选项不能为空</source>
        <translation>the options cannot be empty</translation>
    </message>
    <message>
        <source>没有指定区分时限的项（variant_field），时限应为一个整数</source>
        <translation>no variant field (variant_field) is named, so the limit must be one whole number</translation>
    </message>
    <message>
        <source>应为每个选项（{variants}）各给出时限</source>
        <translation>give a limit for each option ({variants})</translation>
    </message>
    <message>
        <source>不能修改客户的“{attr}”</source>
        <translation>cannot change the customer's "{attr}"</translation>
    </message>
    <message>
        <source>没有名为“{name}”的申请信息项</source>
        <translation>there is no application field named "{name}"</translation>
    </message>
    <message>
        <source>资料“{doc}”不在资料目录中</source>
        <translation>document "{doc}" is not in the document list</translation>
    </message>
    <message>
        <source>“{label}”应晚于的日期项不存在</source>
        <translation>the date "{label}" must follow does not exist</translation>
    </message>
    <message>
        <source>区分时限的项应为本业务的必填选项</source>
        <translation>the variant field must be a required choice of this type</translation>
    </message>
    <message>
        <source>环节重复</source>
        <translation>stage repeated</translation>
    </message>
    <message>
        <source>各环节时限之和（{sum}）超过总时限（{limit}）</source>
        <translation>the stage limits add up to {sum}, more than the total limit ({limit})</translation>
    </message>
    <message>
        <source>业务类型代码 {code} 重复</source>
        <translation>business type code {code} repeated</translation>
    </message>
    <message>
        <source>业务类型名称“{name}”重复</source>
        <translation>business type name "{name}" repeated</translation>
    </message>
    <message>
        <source>{label}应为日期，格式 YYYY-MM-DD</source>
        <translation>{label} must be a date, YYYY-MM-DD</translation>
    </message>
    <message>
        <source>{type}没有“{stage}”环节</source>
        <translation>{type} has no "{stage}" stage</translation>
    </message>
    <message>
        <source>申请{status}（{stage}环节）时不能{action}</source>
        <translation>An application that is {status} (stage {stage}) cannot be {action}</translation>
    </message>
    <message>
        <source>申请{status}，不能再{action}</source>
        <translation>The application is {status}: it cannot be {action} any more</translation>
    </message>
    <message>
        <source>{action}原因应为 {low}–{high} 个字</source>
        <translation>The reason ({action}) must be {low}–{high} characters</translation>
    </message>
    <message>
        <source>客户尚欠电费 {amount}，结清后才能办理{type}</source>
        <translation>The customer owes {amount}: settle it before {type}</translation>
    </message>
    <message>
        <source>增容后容量应大于现有容量 {capacity} kVA</source>
        <translation>The increased capacity must be above the present {capacity} kVA</translation>
    </message>
    <message>
        <source>减容后容量应小于现有容量 {capacity} kVA</source>
        <translation>The reduced capacity must be below the present {capacity} kVA</translation>
    </message>
    <message>
        <source>客户已处于暂停状态</source>
        <translation>The customer is already paused</translation>
    </message>
    <message>
        <source>客户不在暂停状态，无需恢复</source>
        <translation>The customer is not paused: nothing to resume</translation>
    </message>
    <message>
        <source>客户没有正在执行的减容，无需恢复</source>
        <translation>The customer has no capacity reduction in force: nothing to restore</translation>
    </message>
    <message>
        <source>新户名与现户名相同</source>
        <translation>The new name is the same as the present one</translation>
    </message>
    <message>
        <source>新电价与现行电价相同</source>
        <translation>The new tariff is the same as the present one</translation>
    </message>
    <message>
        <source>暂停应提前 {days} 天申请，最早从 {earliest} 开始</source>
        <translation>A pause is applied for {days} days ahead: it can start on {earliest} at the earliest</translation>
    </message>
    <message>
        <source>每次暂停不得少于 {days} 天（本次 {this} 天）</source>
        <translation>Each pause lasts at least {days} days (this one: {this})</translation>
    </message>
    <message>
        <source>{label}不能早于今天（{today}）</source>
        <translation>{label} cannot be before today ({today})</translation>
    </message>
    <message>
        <source>{label}应晚于{earlier}</source>
        <translation>{label} must be after {earlier}</translation>
    </message>
    <message>
        <source>{type}不适用于{kind}客户</source>
        <translation>{type} is not available to {kind} customers</translation>
    </message>
    <message>
        <source>{type}须先选择客户</source>
        <translation>{type}: choose the customer first</translation>
    </message>
    <message>
        <source>客户已销户，不能办理{type}</source>
        <translation>The account is closed: {type} is not possible</translation>
    </message>
    <message>
        <source>客户正在办理{type}，不能再办理其他业务</source>
        <translation>The customer has a {type} in progress: no other application can start</translation>
    </message>
    <message>
        <source>客户已有一笔未办结的{type}申请</source>
        <translation>The customer already has an open {type} application</translation>
    </message>
    <message>
        <source>{voltage}供电的容量应在 {low}–{high} kVA 之间</source>
        <translation>Capacity supplied at {voltage} must be {low}–{high} kVA</translation>
    </message>
    <message>
        <source>新装、增容或减容期满后 {months} 个月内不能办理{type}（{free} 起可以办理）</source>
        <translation>No {type} within {months} months of a new connection, a capacity increase or the end of a reduction (possible from {free})</translation>
    </message>
    <message>
        <source>{year} 年已暂停 {count} 次，每年最多 {max} 次</source>
        <translation>{count} pauses already in {year}; at most {max} a year</translation>
    </message>
    <message>
        <source>{year} 年暂停累计将达 {total} 天，超过每年 {max} 天（六个月）</source>
        <translation>Pauses in {year} would total {total} days, more than {max} days (six months) a year</translation>
    </message>
    <message>
        <source>客户还有未办结的{type}申请，须先办结或撤销</source>
        <translation>The customer still has an open {type} application: complete or cancel it first</translation>
    </message>
    <message>
        <source>减容期限应为 {low} 个月到 {high} 个月（结束日期 {first}–{last}）</source>
        <translation>A capacity reduction lasts {low} to {high} months (end date {first}–{last})</translation>
    </message>
    <message>
        <source>受理中</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>archived</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>现场勘查</source>
        <translation>Site survey</translation>
    </message>
    <message>
        <source>答复供电方案</source>
        <translation>Supply plan reply</translation>
    </message>
    <message>
        <source>设计审查</source>
        <translation>Design review</translation>
    </message>
    <message>
        <source>中间检查</source>
        <translation>Interim inspection</translation>
    </message>
    <message>
        <source>竣工验收</source>
        <translation>Completion inspection</translation>
    </message>
    <message>
        <source>装表接电</source>
        <translation>Meter installation and connection</translation>
    </message>
    <message>
        <source>业务办理</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>校验检测</source>
        <translation>Meter test</translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation>Reply to customer</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archiving</translation>
    </message>
    <message>
        <source>进入下一环节</source>
        <translation>moved to the next stage</translation>
    </message>
    <message>
        <source>恢复办理</source>
        <translation>resumed</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>办结归档</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>营业厅</source>
        <translation>Business hall</translation>
    </message>
    <message>
        <source>网上国网</source>
        <translation>State Grid online (app)</translation>
    </message>
    <message>
        <source>95598</source>
        <translation>95598</translation>
    </message>
    <message>
        <source>客户经理上门</source>
        <translation>Customer manager visit</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>on time</translation>
    </message>
    <message>
        <source>临期</source>
        <translation>due soon</translation>
    </message>
    <message>
        <source>超期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>只有证件号码项可以指定证件类型项</source>
        <translation>only an ID-number field can name a document-type field</translation>
    </message>
    <message>
        <source>“{label}”的证件类型项不存在</source>
        <translation>the document-type field of "{label}" does not exist</translation>
    </message>
    <message>
        <source>{label}格式错误</source>
        <translation>{label} is malformed</translation>
    </message>
    <message>
        <source>各电压等级的容量范围格式错误</source>
        <translation>The capacity ranges per voltage are malformed</translation>
    </message>
    <message>
        <source>减容最长月数不能少于最短月数</source>
        <translation>The longest capacity reduction cannot be shorter than the shortest</translation>
    </message>
    <message>
        <source>每年暂停累计最多天数不能少于每次暂停最少天数</source>
        <translation>The most pause days a year cannot be fewer than the fewest days of one pause</translation>
    </message>
    <message>
        <source>{voltage}的容量范围应为 1 到 {max} kVA 之间、下限不大于上限的两个整数</source>
        <translation>The capacity range at {voltage} must be two whole numbers from 1 to {max} kVA, the lower first</translation>
    </message>
    <message>
        <source>暂停提前申请天数</source>
        <translation>Days of notice for a pause</translation>
    </message>
    <message>
        <source>每次暂停最少天数</source>
        <translation>Fewest days of one pause</translation>
    </message>
    <message>
        <source>每年暂停累计最多天数</source>
        <translation>Most pause days a year</translation>
    </message>
    <message>
        <source>每年暂停最多次数</source>
        <translation>Most pauses a year</translation>
    </message>
    <message>
        <source>减容最短月数</source>
        <translation>Shortest capacity reduction (months)</translation>
    </message>
    <message>
        <source>减容最长月数</source>
        <translation>Longest capacity reduction (months)</translation>
    </message>
    <message>
        <source>新装、增容、减容期满后不得减容或暂停的月数</source>
        <translation>Months after a new connection, increase or end of a reduction without reduction or pause</translation>
    </message>
    <message>
        <source>未知的时限状态</source>
        <translation>Unknown deadline status</translation>
    </message>
    <message>
        <source>未知的环节</source>
        <translation>Unknown stage</translation>
    </message>
    <message>
        <source>未知的申请状态</source>
        <translation>Unknown application status</translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <source>每页应为 1 到 {max} 条</source>
        <translation>A page holds 1 to {max} rows</translation>
    </message>
    <message>
        <source>业务申请不存在</source>
        <translation>The application does not exist</translation>
    </message>
    <message>
        <source>申请{application_no}已被他人办理（当前版本{version}），您的操作未保存。请重新打开后再办理</source>
        <translation>Application {application_no} was just processed by someone else (current version {version}); your action was not saved. Reopen it and try again</translation>
    </message>
    <message>
        <source>请选择受理渠道</source>
        <translation>Choose the channel</translation>
    </message>
    <message>
        <source>申请人不能超过{max_len}个字</source>
        <translation>The applicant may have at most {max_len} characters</translation>
    </message>
    <message>
        <source>备注不能超过{max_len}个字</source>
        <translation>The remark may have at most {max_len} characters</translation>
    </message>
    <message>
        <source>该申请刚被他人办理，您的操作未保存。请重新打开后再办理</source>
        <translation>The application was just processed by someone else; your action was not saved. Reopen it and try again</translation>
    </message>
    <message>
        <source>{label}未通过校验，请核对证件</source>
        <translation>{label} failed its check; verify the document</translation>
    </message>
    <message>
        <source>{type}为新客户办理，不能选择已有客户</source>
        <translation>{type} is for a new customer; an existing customer cannot be chosen</translation>
    </message>
    <message>
        <source>申请人不能为空</source>
        <translation>The applicant is required</translation>
    </message>
    <message>
        <source>资料不全，缺少：{missing}</source>
        <translation>Documents incomplete, missing: {missing}</translation>
    </message>
    <message>
        <source>电价代码 {code} 不存在或未生效</source>
        <translation>Tariff code {code} does not exist or is not in force</translation>
    </message>
    <message>
        <source>{type}办结时须填写新客户档案</source>
        <translation>Completing {type} needs the new customer's record</translation>
    </message>
    <message>
        <source>电价 {code} 不适用于该用电类别</source>
        <translation>Tariff {code} does not apply to this customer kind</translation>
    </message>
    <message>
        <source>户号 {account_no} 不存在</source>
        <translation>Account {account_no} does not exist</translation>
    </message>
    <message>
        <source>不能与本户合并</source>
        <translation>An account cannot be merged with itself</translation>
    </message>
    <message>
        <source>户号 {account_no} 已销户</source>
        <translation>Account {account_no} is closed</translation>
    </message>
    <message>
        <source>文件是空的（0 字节），请重新选择或重新扫描</source>
        <translation>The file is empty (0 bytes); choose or scan it again</translation>
    </message>
    <message>
        <source>文件过大（{size}），每个附件不能超过{limit}；请降低扫描分辨率或分页扫描</source>
        <translation>The file is too large ({size}); each attachment may be at most {limit}. Scan at a lower resolution or page by page</translation>
    </message>
    <message>
        <source>只能添加 {types} 格式的扫描件或照片；该文件不是其中任何一种（按文件内容判断，与扩展名无关）</source>
        <translation>Only {types} scans or photos can be attached; this file is none of them (judged by its content, not its extension)</translation>
    </message>
    <message>
        <source>申请{application_no}{status}，不能再添加附件</source>
        <translation>Application {application_no} is {status}; no more attachments can be added</translation>
    </message>
    <message>
        <source>“{code}”不是该业务类型的受理资料</source>
        <translation>"{code}" is not a document of this application type</translation>
    </message>
    <message>
        <source>该文件已添加过（第{seq}个附件），无需重复添加</source>
        <translation>This file is already attached (attachment {seq})</translation>
    </message>
    <message>
        <source>每个申请最多{limit}个附件，本申请已有{count}个</source>
        <translation>An application may have at most {limit} attachments; this one has {count}</translation>
    </message>
    <message>
        <source>本申请的附件合计不能超过{limit}（已有{total}，本文件{size}）</source>
        <translation>This application's attachments may total at most {limit} (attached {total}, this file {size})</translation>
    </message>
    <message>
        <source>附件不存在</source>
        <translation>The attachment does not exist</translation>
    </message>
    <message>
        <source>业务类型目录第{version}版不存在</source>
        <translation>Version {version} of the business-type catalogue does not exist</translation>
    </message>
    <message>
        <source>请填写版本说明</source>
        <translation>Enter a note for the version</translation>
    </message>
    <message>
        <source>目录文件过大（超过{max}个字符）</source>
        <translation>The catalogue file is too large (more than {max} characters)</translation>
    </message>
    <message>
        <source>版本说明不能超过{max_len}个字</source>
        <translation>The version note may be at most {max_len} characters</translation>
    </message>
    <message>
        <source>文件 {name} 不存在</source>
        <translation>File {name} does not exist</translation>
    </message>
    <message>
        <source>没有读取文件 {name} 的权限</source>
        <translation>No permission to read file {name}</translation>
    </message>
    <message>
        <source>无法读取文件 {name}</source>
        <translation>File {name} cannot be read</translation>
    </message>
    <message>
        <source>文件不是 UTF-8 编码的文本</source>
        <translation>The file is not UTF-8 text</translation>
    </message>
    <message>
        <source>不是有效的 JSON：第{line}行第{column}列附近有误</source>
        <translation>Not valid JSON: error near line {line}, column {column}</translation>
    </message>
    <message>
        <source>{type}（{count}件）</source>
        <translation>{type} ({count} open)</translation>
    </message>
    <message>
        <source>版本号（{version}）刚被他人导入，请重新导出最新版本后再修改</source>
        <translation>Version {version} was just imported by someone else; export the newest version again and edit that</translation>
    </message>
    <message>
        <source>版本号（{version}）应大于当前最新版本（{newest}）</source>
        <translation>The version number ({version}) must be greater than the newest version ({newest})</translation>
    </message>
    <message>
        <source>新版本删去了仍有在办申请的业务类型：{types}。请待这些申请办结或撤销后再删去</source>
        <translation>The new version removes types that open applications still use: {types}. Remove them after those applications are completed or cancelled</translation>
    </message>
    <message>
        <source>版本号不能超过{max}</source>
        <translation>The version number cannot exceed {max}</translation>
    </message>
    <message>
        <source>业务类型目录刚更新为第{version}版，本次受理未保存。请按新版本重新受理</source>
        <translation>The business-type catalogue has just been updated to version {version}; this application was not saved. Please accept it again under the new version</translation>
    </message>
    <message>
        <source>设置项 {name} 应为 1 到 {high} 之间的整数</source>
        <translation>setting {name} must be a whole number from 1 to {high}</translation>
    </message>
    <message>
        <source>没有这种操作类型</source>
        <translation>No such operation type</translation>
    </message>
    <message>
        <source>操作记录不存在</source>
        <translation>The operation record does not exist</translation>
    </message>
    <message>
        <source>户号{account_no}不存在</source>
        <translation>Account number {account_no} does not exist</translation>
    </message>
    <message>
        <source>诉求分类文件格式不正确</source>
        <translation>The category file is malformed</translation>
    </message>
    <message>
        <source>诉求分类文件的版本号应为正整数</source>
        <translation>The category file's version must be a positive whole number</translation>
    </message>
    <message>
        <source>诉求分类不能为空</source>
        <translation>The category tree cannot be empty</translation>
    </message>
    <message>
        <source>诉求分类代码不正确：{code}</source>
        <translation>Invalid category code: {code}</translation>
    </message>
    <message>
        <source>诉求分类代码重复：{code}</source>
        <translation>Duplicate category code: {code}</translation>
    </message>
    <message>
        <source>诉求分类 {code} 的代码应以上级代码 {parent} 开头</source>
        <translation>Category {code} must start with its parent's code {parent}</translation>
    </message>
    <message>
        <source>诉求分类 {code} 的名称应为 1 到 {max} 个字</source>
        <translation>The name of category {code} must be 1 to {max} characters</translation>
    </message>
    <message>
        <source>诉求分类 {code} 的时限规则未知：{rule}</source>
        <translation>Category {code} names an unknown deadline rule: {rule}</translation>
    </message>
    <message>
        <source>未知的诉求分类：{code}</source>
        <translation>Unknown work-order category: {code}</translation>
    </message>
    <message>
        <source>工单在“{stage}”环节时不能{action}</source>
        <translation>A work order at the “{stage}” stage cannot be given “{action}”</translation>
    </message>
    <message>
        <source>请指定处理部门或处理人</source>
        <translation>Name the handling department or person</translation>
    </message>
    <message>
        <source>工单已归档，不能再{action}</source>
        <translation>The work order is archived; “{action}” is no longer possible</translation>
    </message>
    <message>
        <source>工单须先回访，才能归档</source>
        <translation>The work order must be called back before it is archived</translation>
    </message>
    <message>
        <source>处理结果应为 {low}–{high} 个字</source>
        <translation>The resolution must be {low}–{high} characters</translation>
    </message>
    <message>
        <source>请选择回访结果</source>
        <translation>Choose the callback result</translation>
    </message>
    <message>
        <source>处理部门或处理人不能超过{max_len}个字</source>
        <translation>The department or person may not exceed {max_len} characters</translation>
    </message>
    <message>
        <source>工单不存在</source>
        <translation>The work order does not exist</translation>
    </message>
    <message>
        <source>未知的诉求类型</source>
        <translation>Unknown work-order type</translation>
    </message>
    <message>
        <source>未知的诉求分类</source>
        <translation>Unknown work-order category</translation>
    </message>
    <message>
        <source>未知的工单状态</source>
        <translation>Unknown work-order status</translation>
    </message>
    <message>
        <source>工单{order_no}已被他人办理（当前版本{version}），您的操作未保存。请重新打开后再办理</source>
        <translation>Work order {order_no} was changed by someone else (now version {version}); your action was not saved. Open it again and retry</translation>
    </message>
    <message>
        <source>请选择诉求类型</source>
        <translation>Choose the type of request</translation>
    </message>
    <message>
        <source>请选择诉求分类</source>
        <translation>Choose the category</translation>
    </message>
    <message>
        <source>请选择紧急程度</source>
        <translation>Choose the urgency</translation>
    </message>
    <message>
        <source>未知的区域</source>
        <translation>Unknown area</translation>
    </message>
    <message>
        <source>故障报修须选择所在区域（城区、农村或边远地区）</source>
        <translation>A fault repair needs its area (urban, rural or remote)</translation>
    </message>
    <message>
        <source>该工单刚被他人办理，您的操作未保存。请重新打开后再办理</source>
        <translation>Someone has just changed this work order; your action was not saved. Open it again and retry</translation>
    </message>
    <message>
        <source>只有举报可以匿名</source>
        <translation>Only a report may be anonymous</translation>
    </message>
    <message>
        <source>匿名举报不能关联客户</source>
        <translation>An anonymous report cannot be linked to a customer</translation>
    </message>
    <message>
        <source>请选择客户或填写诉求人</source>
        <translation>Choose a customer or enter the reporter's name</translation>
    </message>
    <message>
        <source>请填写联系电话（未关联客户时必填）</source>
        <translation>Enter a contact phone (required when no customer is linked)</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>举报</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>意见建议</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>表扬</source>
        <translation>Praise</translation>
    </message>
    <message>
        <source>咨询</source>
        <translation>Enquiry</translation>
    </message>
    <message>
        <source>故障报修</source>
        <translation>Fault repair</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <source>信函</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>特急</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>城区</source>
        <translation>Urban</translation>
    </message>
    <message>
        <source>农村</source>
        <translation>Rural</translation>
    </message>
    <message>
        <source>特殊边远地区</source>
        <translation>Remote area</translation>
    </message>
    <message>
        <source>在办</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>派单</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <source>改派</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <source>开始处理</source>
        <translation>Start processing</translation>
    </message>
    <message>
        <source>回复客户</source>
        <translation>Reply to the customer</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Basically satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>投诉联系客户时限（小时）</source>
        <translation>Complaint: contact the customer within (hours)</translation>
    </message>
    <message>
        <source>投诉答复时限（工作日）</source>
        <translation>Complaint: answer within (working days)</translation>
    </message>
    <message>
        <source>举报答复时限（工作日）</source>
        <translation>Report: answer within (working days)</translation>
    </message>
    <message>
        <source>电能表数据异议答复时限（工作日）</source>
        <translation>Meter-data objection: answer within (working days)</translation>
    </message>
    <message>
        <source>意见建议答复时限（工作日）</source>
        <translation>Suggestion: answer within (working days)</translation>
    </message>
    <message>
        <source>咨询答复时限（工作日）</source>
        <translation>Enquiry: answer within (working days)</translation>
    </message>
    <message>
        <source>城区抢修到达时限（分钟）</source>
        <translation>Repair arrival, urban (minutes)</translation>
    </message>
    <message>
        <source>农村抢修到达时限（分钟）</source>
        <translation>Repair arrival, rural (minutes)</translation>
    </message>
    <message>
        <source>边远地区抢修到达时限（分钟）</source>
        <translation>Repair arrival, remote areas (minutes)</translation>
    </message>
    <message>
        <source>城区到达后恢复供电时限（小时）</source>
        <translation>Power restored after arrival, urban (hours)</translation>
    </message>
    <message>
        <source>农村到达后恢复供电时限（小时）</source>
        <translation>Power restored after arrival, rural (hours)</translation>
    </message>
    <message>
        <source>边远地区到达后恢复供电时限（小时）</source>
        <translation>Power restored after arrival, remote areas (hours)</translation>
    </message>
    <message>
        <source>诉求内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>诉求人</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>处理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>请选择 xlsx 或 csv 文件</source>
        <translation>Choose an xlsx or csv file</translation>
    </message>
    <message>
        <source>请选择查询日期</source>
        <translation>Choose the dates of the report</translation>
    </message>
    <message>
        <source>查询期间不能超过{days}天</source>
        <translation>The period of a report cannot be longer than {days} days</translation>
    </message>
    <message>
        <source>营业厅不存在</source>
        <translation>The hall does not exist</translation>
    </message>
    <message>
        <source>汇总方式不正确</source>
        <translation>Unknown grouping</translation>
    </message>
    <message>
        <source>排序方式不正确</source>
        <translation>Unknown sort order</translation>
    </message>
    <message>
        <source>报表类型不正确</source>
        <translation>Unknown report</translation>
    </message>
    <message>
        <source>筛选条件应为不小于0的数</source>
        <translation>A filter must be a number of 0 or more</translation>
    </message>
    <message>
        <source>该次发行不存在</source>
        <translation>That bill run does not exist</translation>
    </message>
    <message>
        <source>{label}只能包含汉字、字母、数字和 # - _ . · / ( )</source>
        <translation>The {label} may contain only Chinese characters, letters, digits and # - _ . · / ( )</translation>
    </message>
    <message>
        <source>区域“{value}”不能超过{max_len}个字</source>
        <translation>The area “{value}” cannot exceed {max_len} characters</translation>
    </message>
    <message>
        <source>区域“{value}”过短：请写出地址开头至少4个字，如 杭州市西湖区文三路</source>
        <translation>The area “{value}” is too short: write at least the first 4 characters of the address, e.g. 杭州市西湖区文三路</translation>
    </message>
    <message>
        <source>区域“{value}”含有不能用于地址的字符</source>
        <translation>The area “{value}” contains characters an address cannot have</translation>
    </message>
    <message>
        <source>请填写停电开始时间</source>
        <translation>Enter the start of the outage</translation>
    </message>
    <message>
        <source>请填写预计送电时间</source>
        <translation>Enter the expected restoration time</translation>
    </message>
    <message>
        <source>预计送电时间应晚于停电开始时间</source>
        <translation>The expected restoration must be after the start of the outage</translation>
    </message>
    <message>
        <source>一次停电不能超过{days}天，请分成几条发布</source>
        <translation>One outage cannot last more than {days} days; announce it as several</translation>
    </message>
    <message>
        <source>评价应为1到5分</source>
        <translation>The rating must be from 1 to 5</translation>
    </message>
    <message>
        <source>停电信息不存在</source>
        <translation>The outage notice does not exist</translation>
    </message>
    <message>
        <source>停电信息{number}已被他人修改，您的修改未保存。请重新打开后再改</source>
        <translation>Outage {number} was changed by someone else; your changes were not saved. Open it again and redo them</translation>
    </message>
    <message>
        <source>请选择停电类型</source>
        <translation>Choose the kind of outage</translation>
    </message>
    <message>
        <source>请至少填写一个停电范围：区域、线路或台区</source>
        <translation>Enter at least one scope: an area, a feeder line or a transformer area</translation>
    </message>
    <message>
        <source>停电信息{number}已{status}，不能再修改</source>
        <translation>Outage {number} is {status} and can no longer be changed</translation>
    </message>
    <message>
        <source>停电信息{number}已{status}</source>
        <translation>Outage {number} is already {status}</translation>
    </message>
    <message>
        <source>停电信息{number}已开始，不能取消；请登记送电时间</source>
        <translation>Outage {number} has started and cannot be cancelled; record the restoration instead</translation>
    </message>
    <message>
        <source>停电范围最多{limit}项，请分成几条发布</source>
        <translation>An outage covers at most {limit} places; announce it as several</translation>
    </message>
    <message>
        <source>计划停电的预计送电时间已过，请核对时间</source>
        <translation>The expected restoration of this planned outage has already passed; check the times</translation>
    </message>
    <message>
        <source>该停电信息刚被他人修改，您的修改未保存。请重新打开后再改</source>
        <translation>This outage was just changed by someone else; your changes were not saved. Open it again and redo them</translation>
    </message>
    <message>
        <source>文件中没有停电信息</source>
        <translation>The file holds no outages</translation>
    </message>
    <message>
        <source>送电时间不能早于停电开始时间</source>
        <translation>The restoration time cannot be before the start of the outage</translation>
    </message>
    <message>
        <source>送电时间不能晚于现在</source>
        <translation>The restoration time cannot be in the future</translation>
    </message>
    <message>
        <source>类型“{value}”无效，应为 计划 或 故障</source>
        <translation>Kind “{value}” is not valid; use 计划 (planned) or 故障 (fault)</translation>
    </message>
    <message>
        <source>类型不能为空</source>
        <translation>The kind is required</translation>
    </message>
    <message>
        <source>{column}“{value}”无效，格式应为 YYYY-MM-DD HH:MM</source>
        <translation>{column} “{value}” is not valid; the format is YYYY-MM-DD HH:MM</translation>
    </message>
    <message>
        <source>要评价的业务不存在</source>
        <translation>The transaction to rate does not exist</translation>
    </message>
    <message>
        <source>只能为本人办理的业务记录评价</source>
        <translation>Only the clerk who handled a transaction may record its rating</translation>
    </message>
    <message>
        <source>业务 {number} 已评价（{label}），不能重复评价</source>
        <translation>Transaction {number} has already been rated ({label}); it cannot be rated again</translation>
    </message>
    <message>
        <source>请填写至少{min_len}个字的跳过原因</source>
        <translation>Give a reason of at least {min_len} characters for skipping</translation>
    </message>
    <message>
        <source>不支持对该类业务评价</source>
        <translation>This kind of transaction cannot be rated</translation>
    </message>
    <message>
        <source>业务 {number} 已跳过评价，不能再评价</source>
        <translation>The rating of transaction {number} was skipped; it cannot be rated now</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>停电原因</source>
        <translation>outage reason</translation>
    </message>
    <message>
        <source>取消原因</source>
        <translation>cancellation reason</translation>
    </message>
    <message>
        <source>线路</source>
        <translation>feeder line</translation>
    </message>
    <message>
        <source>台区</source>
        <translation>transformer area</translation>
    </message>
    <message>
        <source>跳过原因</source>
        <translation>Reason for skipping</translation>
    </message>
    <message>
        <source>停电信息{number}覆盖的重要客户超过{limit}户，请按台区或线路分成几条发布</source>
        <translation>Outage {number} covers more than {limit} important customers; split it into several notices by transformer area or line</translation>
    </message>
    <message>
        <source>请选择统计期间</source>
        <translation>Choose the period</translation>
    </message>
    <message>
        <source>统计期间不能超过{days}天</source>
        <translation>The period cannot be longer than {days} days</translation>
    </message>
    <message>
        <source>请选择 xlsx 或 pdf 文件</source>
        <translation>Choose an xlsx or PDF file</translation>
    </message>
    <message>
        <source>请求编号已用于另一张内容不同的工单（{order_no}），本次未登记。请关闭窗口后重新登记</source>
        <translation>This request number was already used for a different work order ({order_no}); nothing was recorded. Close the window and record it again</translation>
    </message>
    <message>
        <source>只有故障报修可以关联停电</source>
        <translation>Only a fault repair can be linked to an outage</translation>
    </message>
    <message>
        <source>该停电未覆盖此客户，或已结束、已取消</source>
        <translation>This outage does not cover the customer, or it has ended or been cancelled</translation>
    </message>
    <message>
        <source>关联停电须先关联客户</source>
        <translation>Link a customer before linking an outage</translation>
    </message>
    <message>
        <source>分类名称应为 1 到 {max} 个字</source>
        <translation>A category name has 1 to {max} characters</translation>
    </message>
    <message>
        <source>同一上级下已有名为“{name}”的分类</source>
        <translation>There is already a category named "{name}" under the same parent</translation>
    </message>
    <message>
        <source>分类层级过深，不能再添加下级分类</source>
        <translation>The category tree is too deep: no further sub-category can be added</translation>
    </message>
    <message>
        <source>诉求分类 {code} 不能删除，只能停用</source>
        <translation>Category {code} cannot be deleted, only deactivated</translation>
    </message>
    <message>
        <source>诉求分类 {code} 的上级和时限规则不能修改</source>
        <translation>The parent and deadline rule of category {code} cannot be changed</translation>
    </message>
    <message>
        <source>工单时限与诉求分类已被{who}修改，请重新打开后再改</source>
        <translation>The work-order deadlines and categories were changed by {who}; reopen them and edit again</translation>
    </message>
    <message>
        <source>该诉求分类已停用，请另选</source>
        <translation>This category is deactivated; choose another</translation>
    </message>
    <message>
        <source>分支节点时钟与中心相差约{minutes}分钟，请校准该电脑的时间（不影响同步的顺序与去重）</source>
        <translation>The branch PC's clock differs from the centre's by about {minutes} minutes; please correct it (sync order and de-duplication are not affected)</translation>
    </message>
    <message>
        <source>序号{seq}已被另一操作使用（可能从旧备份恢复）</source>
        <translation>Sequence number {seq} is already used by another operation (possibly restored from an old backup)</translation>
    </message>
    <message>
        <source>该节点未在中心登记</source>
        <translation>This node is not registered at the centre</translation>
    </message>
    <message>
        <source>缺少第{seq}条之前的操作，已暂存，补齐后按顺序应用</source>
        <translation>Operations before no. {seq} are missing: held, and applied in order once they arrive</translation>
    </message>
    <message>
        <source>该节点已被停止同步：{reason}。请管理员重新为其办理注册</source>
        <translation>Sync of this node has been stopped: {reason}. An administrator must enrol it again</translation>
    </message>
    <message>
        <source>该节点尚未完成注册</source>
        <translation>This node has not completed its enrolment</translation>
    </message>
    <message>
        <source>该批次没有操作记录</source>
        <translation>The batch holds no operation records</translation>
    </message>
    <message>
        <source>该电脑的安装标识与中心登记的不符（可能从旧备份恢复）</source>
        <translation>This PC's installation id does not match the one registered at the centre (possibly restored from an old backup)</translation>
    </message>
    <message>
        <source>操作{seq}已收到过，但内容不同（可能从旧备份恢复或被篡改）</source>
        <translation>Operation {seq} was received before with different content (restored from an old backup or tampered with)</translation>
    </message>
    <message>
        <source>分支节点不能直接提交此类操作：{op_type}（由中心处理）</source>
        <translation>A branch cannot submit this kind of operation directly: {op_type} (it is handled at the centre)</translation>
    </message>
    <message>
        <source>操作{seq}的操作员{username}不是本节点的用户</source>
        <translation>The operator {username} of operation {seq} is not a user of this node</translation>
    </message>
    <message>
        <source>操作{seq}的操作员{username}已停用</source>
        <translation>The operator {username} of operation {seq} is deactivated</translation>
    </message>
    <message>
        <source>操作{seq}的操作员{username}无权执行{op_type}</source>
        <translation>The operator {username} of operation {seq} may not perform {op_type}</translation>
    </message>
    <message>
        <source>操作{seq}的内容与其哈希不符</source>
        <translation>The content of operation {seq} does not match its hash</translation>
    </message>
    <message>
        <source>操作{seq}的前一记录哈希与中心记录不符（哈希链断开）</source>
        <translation>The previous-record hash of operation {seq} does not match the centre's (the hash chain is broken)</translation>
    </message>
    <message>
        <source>操作{seq}的记录哈希不符</source>
        <translation>The record hash of operation {seq} does not match</translation>
    </message>
    <message>
        <source>中心无法按原样应用（{error}），已转入待处理</source>
        <translation>The centre could not apply it as it is ({error}); queued for review</translation>
    </message>
    <message>
        <source>操作记录{seq}不属于本节点</source>
        <translation>Operation record {seq} does not belong to this node</translation>
    </message>
    <message>
        <source>该批次的操作序号不连续（第{seq}条）</source>
        <translation>The batch's sequence numbers are not consecutive (at no. {seq})</translation>
    </message>
    <message>
        <source>该批次只有部分操作已收到过（第{seq}条起），与中心记录不符</source>
        <translation>Only part of the batch was received before (from no. {seq}): it does not match the centre's records</translation>
    </message>
    <message>
        <source>中心无法记录该批操作（{error}），请联系管理员</source>
        <translation>The centre could not record this batch ({error}); contact the administrator</translation>
    </message>
    <message>
        <source>只有值班长或系统管理员可以处理同步冲突</source>
        <translation>Only a supervisor or an administrator may resolve sync conflicts</translation>
    </message>
    <message>
        <source>字段{field}不在此冲突中</source>
        <translation>Field {field} is not part of this conflict</translation>
    </message>
    <message>
        <source>该记录在中心已不存在，只能保留中心的处理</source>
        <translation>The record no longer exists at the centre: only the centre's version can be kept</translation>
    </message>
    <message>
        <source>同步冲突不存在</source>
        <translation>The sync conflict does not exist</translation>
    </message>
    <message>
        <source>该冲突已被他人处理或修改，请刷新后再试</source>
        <translation>Someone else has resolved or changed this conflict; refresh and try again</translation>
    </message>
    <message>
        <source>该冲突已处理</source>
        <translation>This conflict is already resolved</translation>
    </message>
    <message>
        <source>此类冲突不能选择“{choice}”</source>
        <translation>This kind of conflict cannot be resolved with "{choice}"</translation>
    </message>
    <message>
        <source>排队的修改无法应用（{error}），请先处理同一分支更早的待处理项</source>
        <translation>The queued changes could not be applied ({error}); resolve the same branch's earlier entries first</translation>
    </message>
    <message>
        <source>记录{key}在中心已存在且内容不同，只能保留中心的处理</source>
        <translation>Record {key} exists at the centre with other content: only the centre's version can be kept</translation>
    </message>
    <message>
        <source>分支节点{code}未登记</source>
        <translation>Branch node {code} is not registered</translation>
    </message>
    <message>
        <source>节点编码为4位数字（户号前缀），如3302</source>
        <translation>A node code is 4 digits (the account-number prefix), e.g. 3302</translation>
    </message>
    <message>
        <source>请填写节点名称</source>
        <translation>Enter the node name</translation>
    </message>
    <message>
        <source>节点名称不能超过{limit}个字</source>
        <translation>The node name cannot exceed {limit} characters</translation>
    </message>
    <message>
        <source>节点{code}已登记为分支节点；如需新的注册码请用“重新发码”</source>
        <translation>Node {code} is already registered as a branch; for a new enrolment code use "issue code"</translation>
    </message>
    <message>
        <source>不能把中心自己的节点{code}登记为分支节点</source>
        <translation>The centre's own node {code} cannot be registered as a branch</translation>
    </message>
    <message>
        <source>冲突记录不存在</source>
        <translation>The conflict record does not exist</translation>
    </message>
    <message>
        <source>该批操作（{op_types}）不会写{tbl}表的记录</source>
        <translation>These operations ({op_types}) do not write rows of table {tbl}</translation>
    </message>
    <message>
        <source>分支提交的{op_type}由中心维护，须经中心核准后生效</source>
        <translation>{op_type} is maintained by the centre: a branch's change takes effect once the centre approves it</translation>
    </message>
    <message>
        <source>{tbl}的记录（{which}）不属于本节点</source>
        <translation>The {tbl} record ({which}) does not belong to this node</translation>
    </message>
    <message>
        <source>用户由中心新增和删除</source>
        <translation>Users are added and removed by the centre</translation>
    </message>
    <message>
        <source>用户的{columns}由中心维护</source>
        <translation>A user's {columns} are maintained by the centre</translation>
    </message>
    <message>
        <source>新增的{tbl}记录未写明所属节点</source>
        <translation>The new {tbl} record does not name its node</translation>
    </message>
    <message>
        <source>中心无法记录该批收费（{error}），未应用，将在下次同步时重试；请联系中心管理员</source>
        <translation>The centre could not record these payments ({error}): not applied, retried at the next sync; contact the centre's administrator</translation>
    </message>
    <message>
        <source>该分支还有收费暂未入账，拒绝此项新增的记录会使其无法入账：请先采用分支值，或处理完暂未入账的收费后再拒绝</source>
        <translation>The branch has payments not yet booked: rejecting the record this entry adds would leave them unbookable. Take the branch's value first, or reject only once those payments are dealt with</translation>
    </message>
    <message>
        <source>转交的操作不属于本节点</source>
        <translation>The carried operations do not belong to this node</translation>
    </message>
    <message>
        <source>已作为转交的操作入账</source>
        <translation>Booked as carried work</translation>
    </message>
    <message>
        <source>分支节点的数据库应为本机 SQLite 文件</source>
        <translation>A branch node's database must be a local SQLite file</translation>
    </message>
    <message>
        <source>转交的操作{seq}不属于本节点</source>
        <translation>Carried operation {seq} does not belong to this node</translation>
    </message>
    <message>
        <source>转交的操作{seq}的内容与其哈希不符</source>
        <translation>The content of carried operation {seq} does not match its hash</translation>
    </message>
    <message>
        <source>转交的操作{seq}的记录哈希不符</source>
        <translation>The record hash of carried operation {seq} does not match</translation>
    </message>
    <message>
        <source>这批操作已转交过，未重复入账</source>
        <translation>These operations were carried before; not booked twice</translation>
    </message>
    <message>
        <source>中心已收到过其中的操作但内容不同（第{seq}条起），未应用；请核对安全副本</source>
        <translation>The centre already received some of these operations with other content (from no. {seq}); not applied — check the safety copy</translation>
    </message>
    <message>
        <source>该节点未处于正常同步状态，不能接收转交的操作</source>
        <translation>This node is not syncing normally; carried work cannot be taken</translation>
    </message>
    <message>
        <source>中心已有这批操作，未重复入账</source>
        <translation>The centre already has these operations; not booked twice</translation>
    </message>
    <message>
        <source>中心无法记录转交的收费（{error}），未应用，将在下次同步时重试；请联系中心管理员</source>
        <translation>The centre cannot store the carried payment ({error}); not applied, retried at the next sync — contact the centre's administrator</translation>
    </message>
    <message>
        <source>中心无法记录转交的操作（{error}），请联系管理员</source>
        <translation>The centre cannot store the carried operations ({error}); contact the administrator</translation>
    </message>
    <message>
        <source>请输入户号</source>
        <translation>Enter an account number</translation>
    </message>
    <message>
        <source>该笔收费在中心不存在，不能重新指向</source>
        <translation>This payment does not exist at the centre; it cannot be re-pointed</translation>
    </message>
    <message>
        <source>户号{account_no}已销户，不能把收费指向它</source>
        <translation>Account {account_no} is closed; the payment cannot be re-pointed to it</translation>
    </message>
    <message>
        <source>该笔收费已没有可重新指向的金额（已用于账单或已转出）</source>
        <translation>Nothing of this payment is left to re-point (used on bills or moved already)</translation>
    </message>
    <message>
        <source>重新指向的金额必须大于零</source>
        <translation>The amount to re-point must be greater than zero</translation>
    </message>
    <message>
        <source>金额不能超过该笔收费尚未使用的{limit}</source>
        <translation>The amount cannot exceed the {limit} still unspent of this payment</translation>
    </message>
    <message>
        <source>户号{account_no}没有未缴的账单，该笔钱已在其预存中，无需重新指向</source>
        <translation>Account {account_no} has no unpaid bills; the money is already in its prepaid balance — nothing to re-point</translation>
    </message>
    <message>
        <source>预存转移</source>
        <translation>Prepaid transfer</translation>
    </message>
    <message>
        <source>中心无法记录转交的操作（{error}），未应用，将在下次同步时重试；请联系中心管理员</source>
        <translation>The centre cannot store the carried operations ({error}); not applied, retried at the next sync — contact the centre's administrator</translation>
    </message>
    <message>
        <source>该项含分支已收取的款项（收费记录），收费只能入账、不能拒绝：请选择“采用分支值”入账；如确需退还，入账后按冲正或退费办理</source>
        <translation>This entry holds money the branch took (a payment): a payment can only be booked, not rejected — choose "Take branch value" to book it; to give it back, reverse or refund it after booking</translation>
    </message>
    <message>
        <source>联网模式（PostgreSQL）的数据库由数据库服务器备份，本程序不做备份。请数据库管理员在服务器上：
  每日逻辑备份：pg_dump -Fc -f gridcounter-$(date +%Y%m%d).dump {name}
  或连续备份：pg_basebackup 基础备份 + WAL 归档（archive_mode=on，archive_command）
  恢复：createdb 新库 &amp;&amp; pg_restore -d 新库 gridcounter-日期.dump，再运行 main.py --db-url … verify-log
详见 README 的“运维：备份与恢复”和 docs/backup.md</source>
        <translation>A shared (PostgreSQL) database is backed up on the database server, not by this program. Ask the database administrator to run on the server:
  a daily logical backup: pg_dump -Fc -f gridcounter-$(date +%Y%m%d).dump {name}
  or continuous backup: a pg_basebackup base backup + WAL archiving (archive_mode=on, archive_command)
  restore: createdb a new database &amp;&amp; pg_restore -d new-database gridcounter-date.dump, then run main.py --db-url … verify-log
See the README section "Operations: backups, restore, upgrades" and docs/backup.md</translation>
    </message>
    <message>
        <source>程序退出，备份已取消</source>
        <translation>The program is closing; the backup was cancelled</translation>
    </message>
    <message>
        <source>{file} 未通过完整性检查（integrity_check）：{problem}</source>
        <translation>{file} failed the integrity check (integrity_check): {problem}</translation>
    </message>
    <message>
        <source>备份文件 {file} 不存在</source>
        <translation>The backup file {file} does not exist</translation>
    </message>
    <message>
        <source>只能备份 SQLite 数据库文件</source>
        <translation>Only SQLite database files can be backed up</translation>
    </message>
    <message>
        <source>备份文件夹 {folder} 空间不足：需要约 {need} MB，只剩 {free} MB</source>
        <translation>Not enough space in the backup folder {folder}: about {need} MB needed, {free} MB left</translation>
    </message>
    <message>
        <source>{advice}</source>
        <translation>{advice}</translation>
    </message>
    <message>
        <source>不能恢复到正在使用的数据库或备份文件本身：请用 --to 指定一个新的数据库文件</source>
        <translation>Cannot restore over the database in use or the backup file itself: name a new database file with --to</translation>
    </message>
    <message>
        <source>备份文件 {file} 的数据库结构版本（{revision}）比本程序（GridCounter {version}）新：请用新版本程序恢复</source>
        <translation>The backup file {file} has a newer database schema ({revision}) than this program (GridCounter {version}): restore it with the newer program</translation>
    </message>
    <message>
        <source>文件夹 {folder} 不存在</source>
        <translation>The folder {folder} does not exist</translation>
    </message>
    <message>
        <source>{file} 的操作记录与备份时的数据库不一致（{copy} ≠ {live}）</source>
        <translation>The operation log of {file} does not match the database at the time of the backup ({copy} ≠ {live})</translation>
    </message>
    <message>
        <source>备份位置 {folder} 不是文件夹</source>
        <translation>The backup location {folder} is not a folder</translation>
    </message>
    <message>
        <source>备份文件夹 {folder} 不存在或无法访问：U 盘未插好，或网络共享未连接？请检查后重试，或在设置 backup_dir 中改用其他文件夹</source>
        <translation>The backup folder {folder} does not exist or cannot be reached: is the USB stick plugged in, the network share connected? Check and try again, or choose another folder in the backup_dir setting</translation>
    </message>
    <message>
        <source>无法写入备份文件夹 {folder}：{reason}（只读的 U 盘或没有写权限的网络共享？）</source>
        <translation>Cannot write to the backup folder {folder}: {reason} (a read-only USB stick, or a network share without write permission?)</translation>
    </message>
    <message>
        <source>备份失败：{reason}</source>
        <translation>Backup failed: {reason}</translation>
    </message>
    <message>
        <source>备份失败，无法写入 {folder}：{reason}</source>
        <translation>Backup failed, cannot write to {folder}: {reason}</translation>
    </message>
    <message>
        <source>{file} 不是有效的 GridCounter 数据库：{reason}</source>
        <translation>{file} is not a valid GridCounter database: {reason}</translation>
    </message>
    <message>
        <source>{file} 已存在：恢复只写入新的数据库文件，不覆盖已有文件</source>
        <translation>{file} already exists: a restore only writes a new database file, never over an existing one</translation>
    </message>
    <message>
        <source>{file} 不是有效的数据库文件：{reason}</source>
        <translation>{file} is not a valid database file: {reason}</translation>
    </message>
    <message>
        <source>{file} 不是 GridCounter 数据库：{reason}</source>
        <translation>{file} is not a GridCounter database: {reason}</translation>
    </message>
    <message>
        <source>{file} 未通过操作日志核验（verify-log）：{problem}</source>
        <translation>{file} failed the operation-log verification (verify-log): {problem}</translation>
    </message>
    <message>
        <source>无法创建备份文件夹 {folder}：{reason}</source>
        <translation>Cannot create the backup folder {folder}: {reason}</translation>
    </message>
    <message>
        <source>该数据库已被更新版本的 GridCounter 升级（数据库结构版本 {current}），本程序（GridCounter {version}，结构版本 {head}）不能使用它。数据库未做任何改动：请安装最新版本的程序后再打开。</source>
        <translation>This database was upgraded by a newer GridCounter (database schema {current}); this program (GridCounter {version}, schema {head}) cannot use it. Nothing in the database was changed: install the newest version of the program and open it again.</translation>
    </message>
    <message>
        <source>数据库需要升级（结构版本 {current} → {head}），但升级前的备份失败，未做升级：{reason}</source>
        <translation>The database needs an upgrade (schema {current} → {head}), but the backup before it failed, so nothing was upgraded: {reason}</translation>
    </message>
    <message>
        <source>本程序已升级到 GridCounter {version}：数据库结构已从版本 {old} 升级到 {new}。联网模式的数据库由服务器备份，本程序未做备份：{advice}</source>
        <translation>The program was upgraded to GridCounter {version}: the database schema went from {old} to {new}. A shared database is backed up by its server; this program took no backup: {advice}</translation>
    </message>
    <message>
        <source>本程序已升级到 GridCounter {version}：数据库结构已从版本 {old} 升级到 {new}。升级前的数据库已备份并核验：{backup}</source>
        <translation>The program was upgraded to GridCounter {version}: the database schema went from {old} to {new}. The database was backed up and verified before the upgrade: {backup}</translation>
    </message>
    <message>
        <source>数据库文件 {file} 不存在，没有可备份的数据库</source>
        <translation>The database file {file} does not exist: there is nothing to back up</translation>
    </message>
    <message>
        <source>备份文件夹 {folder} 不存在或无法访问：U 盘未插好，或网络共享未连接？请检查后重试（新的备份文件夹请先建好），或在设置 backup_dir 中改用其他文件夹</source>
        <translation>The backup folder {folder} does not exist or cannot be reached: is the USB stick plugged in, the network share connected? Check and try again (create a new backup folder first), or choose another folder in the backup_dir setting</translation>
    </message>
    <message>
        <source>备份文件夹 {folder} 与数据库在同一个磁盘上：磁盘损坏时备份会一起丢失。如果它应当是 U 盘或网络共享，请检查是否插好或已连接</source>
        <translation>The backup folder {folder} is on the same disk as the database: a failed disk loses both. If it should be a USB stick or a network share, check that it is plugged in or connected</translation>
    </message>
    <message>
        <source>数据库结构版本（{revision}）与本程序的（{head}）不同：只做了完整性检查，未做操作日志核验</source>
        <translation>The database schema ({revision}) differs from this program's ({head}): only the integrity check was made, not the operation-log verification</translation>
    </message>
    <message>
        <source>当前数据库 {file} 不存在：没有可比对的数据库</source>
        <translation>The current database {file} does not exist: there is nothing to compare with</translation>
    </message>
    <message>
        <source>无法与当前数据库比对：{reason}</source>
        <translation>Cannot compare with the current database: {reason}</translation>
    </message>
    <message>
        <source>该笔收费中的 {amount} 已在同步冲突处理中重新指向户号 {account_no}，不能退费；如确需退还，请先与相关客户核对</source>
        <translation>{amount} of this payment was re-pointed to account {account_no} in a sync conflict: it cannot be refunded; if it must be given back, check with the customers concerned first</translation>
    </message>
    <message>
        <source>该笔收费中的 {amount} 已在同步冲突处理中重新指向户号 {account_no}，不能冲正；如确需退还，请先与相关客户核对</source>
        <translation>{amount} of this payment was re-pointed to account {account_no} in a sync conflict: it cannot be reversed; if it must be given back, check with the customers concerned first</translation>
    </message>
    <message>
        <source>该笔收费已退费（{receipt_no}），钱已退还付款人，不能再重新指向；请选择“已复核”</source>
        <translation>This payment was refunded ({receipt_no}) and the money given back: it cannot be re-pointed — choose "Reviewed"</translation>
    </message>
    <message>
        <source>该笔收费已冲正（{receipt_no}），钱已退还付款人，不能再重新指向；请选择“已复核”</source>
        <translation>This payment was reversed ({receipt_no}) and the money given back: it cannot be re-pointed — choose "Reviewed"</translation>
    </message>
    <message>
        <source>收费不入账只能由中心的值班长或系统管理员决定</source>
        <translation>Only a supervisor or administrator of the centre may leave a payment unbooked</translation>
    </message>
    <message>
        <source>不入账须填写理由（核实的经过）</source>
        <translation>Leaving it unbooked needs a reason (what was checked)</translation>
    </message>
    <message>
        <source>该笔收费在中心无法入账（{error}），请先处理同一分支更早的待处理项</source>
        <translation>The centre cannot book this payment ({error}): deal with the same branch's earlier open entries first</translation>
    </message>
    <message>
        <source>请求编号已用于另一笔内容不同的业务申请（{application_no}），本次未受理。请关闭窗口后重新受理</source>
        <translation>This request id was already used for a different application ({application_no}); nothing was accepted. Close the window and accept the application again</translation>
    </message>
    <message>
        <source>联网模式（PostgreSQL）数据库 {name} 的结构版本为 {current}，本程序（GridCounter {version}）需要 {head}，须先升级数据库结构。数据库未做任何改动。
共享数据库只在服务器上升级，不在柜台电脑上升级，且升级前必须先备份。请数据库管理员：
  1. 通知各柜台退出程序（升级期间暂停营业）
  2. 在服务器上备份：pg_dump -Fc -f gridcounter-before-{head}.dump {name}
  3. 核对备份可读：pg_restore --list gridcounter-before-{head}.dump
  4. 用所有者账号升级：gridcounter --db-url postgresql+psycopg://所有者@服务器/{name} init-db --backup-taken
然后各柜台启动新版本。详见 README 的“运维：备份与恢复”和 docs/backup.md</source>
        <translation>The shared (PostgreSQL) database {name} is at schema version {current}; this program (GridCounter {version}) needs {head}, so the schema must be upgraded first. The database was not changed.
A shared database is upgraded on the server only, never from a counter PC, and only after a backup. Database administrator, please:
  1. Ask every counter to quit the program (no service during the upgrade)
  2. Back up on the server: pg_dump -Fc -f gridcounter-before-{head}.dump {name}
  3. Check the backup reads back: pg_restore --list gridcounter-before-{head}.dump
  4. Upgrade as the owner: gridcounter --db-url postgresql+psycopg://OWNER@SERVER/{name} init-db --backup-taken
Then start the new version at the counters. See the README's "Operations: backups, restore, upgrades" and docs/backup.md</translation>
    </message>
    <message>
        <source>请求编号已用于另一户的登记（户号 {account_no}），本次未登记。请关闭后重新登记</source>
        <translation>This request id was already used to register another customer (account {account_no}); nothing was registered. Close the form and register again</translation>
    </message>
    <message>
        <source>此项须由中心的值班长或系统管理员核准，分支不能自行采用分支值</source>
        <translation>This entry must be approved by a supervisor or administrator at the centre; a branch cannot keep its own value</translation>
    </message>
    <message>
        <source>该笔收费的其他待处理项正在被他人处理，请刷新后再试</source>
        <translation>Another entry of this payment is being handled by someone else; refresh and try again</translation>
    </message>
    <message>
        <source>本程序已升级到 GridCounter {version}：数据库结构已从版本 {old} 升级到 {new}。升级前的备份由数据库管理员在服务器上完成并已确认（init-db --backup-taken）。</source>
        <translation>The program is now GridCounter {version}: the database schema was upgraded from version {old} to {new}. The backup before the upgrade was taken on the server by the database administrator and confirmed (init-db --backup-taken).</translation>
    </message>
    <message>
        <source>该笔缴费由{node}收取，请到该网点办理退费</source>
        <translation>This payment was taken at {node}; refund it there</translation>
    </message>
    <message>
        <source>该笔缴费由{node}收取，请到该网点办理冲正</source>
        <translation>This payment was taken at {node}; reverse it there</translation>
    </message>
    <message>
        <source>联网模式（PostgreSQL）数据库 {name} 的结构版本为 {current}，本程序（GridCounter {version}）需要 {head}，须先升级数据库结构。数据库未做任何改动。
共享数据库只在服务器上升级，不在柜台电脑上升级，且升级前必须先备份。请数据库管理员：
  1. 通知各柜台退出程序（升级期间暂停营业）
  2. 在服务器上备份：pg_dump -Fc -f gridcounter-before-{head}.dump {name}
  3. 核对备份可读：pg_restore --list gridcounter-before-{head}.dump
  4. 用所有者账号升级：gridcounter --db-url postgresql+psycopg://所有者@服务器/{name} init-db --backup-taken --app-role 柜台账号
     （--app-role 为各柜台登录数据库所用的账号：升级新建的表由此授予权限，漏掉则柜台无法使用新表）
然后各柜台启动新版本。详见 README 的“运维：备份与恢复”和 docs/backup.md</source>
        <translation>The shared (PostgreSQL) database {name} is at schema version {current}; this program (GridCounter {version}) needs {head}, so the schema must be upgraded first. The database was not changed.
A shared database is upgraded on the server only, never from a counter PC, and only after a backup. Database administrator, please:
  1. Ask every counter to quit the program (no service during the upgrade)
  2. Back up on the server: pg_dump -Fc -f gridcounter-before-{head}.dump {name}
  3. Check the backup reads back: pg_restore --list gridcounter-before-{head}.dump
  4. Upgrade as the owner: gridcounter --db-url postgresql+psycopg://OWNER@SERVER/{name} init-db --backup-taken --app-role COUNTER_ROLE
     (--app-role is the account the counters log in to the database with: the tables an upgrade creates are granted to it; without it the counters cannot use them)
Then start the new version at the counters. See the README's "Operations: backups, restore, upgrades" and docs/backup.md</translation>
    </message>
</context>
</TS>
