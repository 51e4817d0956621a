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
        <source>输出到文件 {0}</source>
        <translation>Output to file {0}</translation>
    </message>
    <message>
        <source>找不到打印机“{0}”，请在 系统 → 打印机设置 中重新选择</source>
        <translation>Printer “{0}” cannot be found; choose it again under System → Printer settings</translation>
    </message>
    <message>
        <source>文档无法读取（{0}）</source>
        <translation>The document cannot be read ({0})</translation>
    </message>
    <message>
        <source>所选页码范围内没有页面</source>
        <translation>The selected page range contains no pages</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机“{0}”是否在线</source>
        <translation>Cannot start printing; check that printer “{0}” is online</translation>
    </message>
    <message>
        <source>第{0}页渲染失败</source>
        <translation>Page {0} could not be rendered</translation>
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
</TS>
