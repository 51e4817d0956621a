<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/login.py" line="222"/>
        <location filename="../../ui/login.py" line="288"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="236"/>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="237"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="238"/>
        <source>确认新密码</source>
        <translation>Confirm new password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="240"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="243"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="255"/>
        <source>用户：%1（%2）</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="258"/>
        <source>新密码至少8位，须同时包含字母和数字。</source>
        <translation>The new password needs at least 8 characters, with both letters and digits.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="271"/>
        <source>请输入当前密码</source>
        <translation>Enter your current password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="275"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="288"/>
        <source>密码已修改，下次登录请使用新密码。</source>
        <translation>Password changed. Use the new password next time you log in.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="307"/>
        <source>修改密码时发生意外错误，已记录到日志：%1</source>
        <translation>An unexpected error occurred while changing the password (logged): %1</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/idle_lock.py" line="117"/>
        <location filename="../../ui/idle_lock.py" line="152"/>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="134"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="138"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="141"/>
        <source>注销（换人登录）</source>
        <translation>Log out (switch user)</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="154"/>
        <source>%1（工号 %2）暂时离开。请输入该用户的密码解锁。</source>
        <translation>%1 (staff no. %2) is away. Enter this user&apos;s password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="177"/>
        <source>请输入密码</source>
        <translation>Enter the password</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="205"/>
        <source>解锁时发生意外错误，已记录到日志：%1</source>
        <translation>An unexpected error occurred while unlocking (logged): %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <source>登录 — GridCounter 电力营业厅柜台业务系统</source>
        <extracomment>Emitted once, when the window is first shown (the cold-start benchmark hook).</extracomment>
        <translation>Log in — GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="71"/>
        <source>GridCounter 电力营业厅柜台业务系统</source>
        <translation>GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="72"/>
        <source>%1（节点 %2）</source>
        <translation>%1 (node %2)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <location filename="../../ui/login.py" line="99"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="87"/>
        <location filename="../../ui/login.py" line="100"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="102"/>
        <location filename="../../ui/login.py" line="149"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="106"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="114"/>
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
        <location filename="../../ui/login.py" line="184"/>
        <source>登录时发生意外错误，已记录到日志。请稍后重试或联系管理员。
%1</source>
        <translation>An unexpected error occurred while logging in (logged). Try again later or call the administrator.
%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>GridCounter 电力营业厅柜台业务系统 — %1</source>
        <translation>GridCounter power-supply counter system — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <source>功能模块</source>
        <translation>Modules</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>Ctrl+数字键 切换模块</source>
        <translation>Ctrl+number switches module</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>模块(&amp;M)</source>
        <translation>&amp;Modules</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>当前用户没有可用的功能模块，请联系系统管理员。</source>
        <translation>No module is available to this user. Please call the administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>系统(&amp;S)</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>锁定屏幕</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>注销（返回登录）</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>退出程序</source>
        <translation>Quit program</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <location filename="../../ui/main_window.py" line="409"/>
        <source>快捷键一览</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>关于 GridCounter</source>
        <translation>About GridCounter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>客户(&amp;C)</source>
        <translation>&amp;Customers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>用户(&amp;U)</source>
        <translation>&amp;Users</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>客户模块加载失败，已记录到日志：%1</source>
        <translation>The customers module could not be loaded (logged): %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>客户模块启动失败，已记录到日志：%1</source>
        <translation>The customers module could not be started (logged): %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>%1（节点 %2）</source>
        <translation>%1 (node %2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>联网模式</source>
        <translation>Networked</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>单机模式</source>
        <translation>Standalone</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>数据库 %1</source>
        <translation>Database %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>%1（工号 %2 · %3）</source>
        <translation>%1 (staff no. %2 · %3)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="267"/>
        <source>欢迎，%1</source>
        <translation>Welcome, %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>已解锁</source>
        <translation>Unlocked</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>Enter	下一项 / 确认</source>
        <translation>Enter	next field / confirm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="408"/>
        <source>Esc	取消 / 关闭对话框</source>
        <translation>Esc	cancel / close dialog</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="413"/>
        <source>GridCounter 电力营业厅柜台业务系统
%1 · %2
数据库：%3</source>
        <translation>GridCounter power-supply counter system
%1 · %2
Database: %3</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/users/model.py" line="46"/>
        <source>营业员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="47"/>
        <source>值班长</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="48"/>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup_wizard.py" line="87"/>
        <source>首次设置 — GridCounter 电力营业厅柜台业务系统</source>
        <extracomment>``seed_demo(db, settings, customers, seed, progress) -&gt; report``</extracomment>
        <translation>First-start setup — GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="98"/>
        <source>4位数字，如 3301</source>
        <translation>4 digits, e.g. 3301</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="99"/>
        <source>如 城东营业厅</source>
        <translation>e.g. Chengdong business hall</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="100"/>
        <source>如 国网杭州供电公司</source>
        <translation>e.g. State Grid Hangzhou Power Supply Co.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="104"/>
        <location filename="../../ui/setup_wizard.py" line="126"/>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="105"/>
        <source>至少8位，含字母和数字</source>
        <translation>At least 8 characters, letters and digits</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="106"/>
        <source>再输入一次</source>
        <translation>Type it again</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="107"/>
        <source>载入演示数据（%1户演示客户和演示营业员账号，供培训和试用）</source>
        <translation>Load demo data (%1 demo customers and demo clerk accounts, for training and trials)</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="118"/>
        <source>营业厅</source>
        <translation>Business hall</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="122"/>
        <source>节点编码</source>
        <translation>Node code</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="123"/>
        <source>营业厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="124"/>
        <source>供电公司</source>
        <translation>Power supply company</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="130"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="131"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="132"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="133"/>
        <source>确认密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="135"/>
        <location filename="../../ui/setup_wizard.py" line="193"/>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="139"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="143"/>
        <source>Enter 下一项 · Esc 退出</source>
        <translation>Enter next field · Esc quits</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="151"/>
        <source>欢迎使用 GridCounter 电力营业厅柜台业务系统</source>
        <translation>Welcome to GridCounter, the power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="153"/>
        <source>这是本数据库第一次启动。请填写本营业厅的信息，并创建系统管理员账户；管理员登录后可再添加营业员。节点编码是本营业厅户号的前缀，设置后不能修改。</source>
        <translation>This database is being started for the first time. Enter this business hall&apos;s details and create the administrator account; the administrator can add clerks after logging in. The node code prefixes this hall&apos;s account numbers and cannot be changed later.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="155"/>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="193"/>
        <source>正在设置…</source>
        <translation>Setting up…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="212"/>
        <source>设置时发生意外错误，已记录到日志：%1</source>
        <translation>An unexpected error occurred during setup (logged): %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="224"/>
        <source>正在生成演示数据…</source>
        <translation>Generating demo data…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="226"/>
        <source>载入演示数据</source>
        <translation>Load demo data</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="250"/>
        <source>正在生成演示数据… %1 / %2</source>
        <translation>Generating demo data… %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="263"/>
        <source>演示数据已载入</source>
        <translation>Demo data loaded</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="271"/>
        <source>载入演示数据失败</source>
        <translation>Demo data could not be loaded</translation>
    </message>
    <message>
        <location filename="../../ui/setup_wizard.py" line="272"/>
        <source>系统已完成设置，但演示数据未能载入：%1
可稍后运行 “main.py seed-demo” 再载入。</source>
        <translation>Setup is complete, but the demo data could not be loaded: %1
You can load it later with &quot;main.py seed-demo&quot;.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../ui/app.py" line="237"/>
        <source>无法继续</source>
        <translation>Cannot continue</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/app.py" line="271"/>
        <source>GridCounter 电力营业厅柜台业务系统</source>
        <translation>GridCounter power-supply counter system</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="276"/>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="325"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="326"/>
        <source>GridCounter 无法打开数据库，程序将退出。
请检查数据库文件或网络连接后重试；如问题持续，请联系系统管理员。

详细信息：%1</source>
        <translation>GridCounter cannot open the database and will close.
Check the database file or the network connection and try again; if the problem persists, call the system administrator.

Details: %1</translation>
    </message>
</context>
<context>
    <name>UnexpectedErrorHandler</name>
    <message>
        <location filename="../../ui/app.py" line="108"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="109"/>
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="110"/>
        <source>程序遇到意外问题，详细信息已记录到日志（%1）。
刚才的操作可能没有完成，请核对后重试；程序可以继续使用。如问题反复出现，请联系系统管理员。

%2</source>
        <translation>The program ran into an unexpected problem; the details are in the log (%1).
The last operation may not have completed: please check and try again. You can keep working. If it happens again, call the system administrator.

%2</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <location filename="../../ui/users/form.py" line="41"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="41"/>
        <source>编辑用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="46"/>
        <source>小写字母开头，如 wangxl</source>
        <translation>Starts with a lowercase letter, e.g. wangxl</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="57"/>
        <source>启用（停用的账户不能登录）</source>
        <translation>Active (disabled accounts cannot log in)</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="68"/>
        <source>留空则不修改</source>
        <translation>Leave empty to keep</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="85"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="86"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="87"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="88"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="89"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="90"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="90"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="91"/>
        <source>确认密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="93"/>
        <location filename="../../ui/users/form.py" line="160"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="97"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="109"/>
        <source>密码至少8位，须同时包含字母和数字。Enter 下一项，Esc 取消。</source>
        <translation>Passwords need at least 8 characters, with letters and digits. Enter: next field, Esc: cancel.</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="145"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="160"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="174"/>
        <source>保存失败</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <location filename="../../ui/users/form.py" line="179"/>
        <source>保存时发生意外错误，已记录到日志：%1</source>
        <translation>An unexpected error occurred while saving (logged): %1</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <location filename="../../ui/users/model.py" line="76"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="76"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="76"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="76"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="77"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="77"/>
        <source>最近登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="101"/>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="104"/>
        <source>已锁定（至 %1）</source>
        <translation>Locked (until %1)</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="105"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/users/model.py" line="151"/>
        <source>从未登录</source>
        <translation>Never</translation>
    </message>
</context>
<context>
    <name>UsersModule</name>
    <message>
        <location filename="../../ui/users/screen.py" line="59"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="61"/>
        <source>编辑用户</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="62"/>
        <source>解锁用户</source>
        <translation>Unlock user</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="63"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="67"/>
        <source>筛选：用户名、姓名、工号</source>
        <translation>Filter: user name, name, staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="99"/>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="121"/>
        <source>Ins 新建 · Enter/F4 编辑 · Ctrl+U 解锁 · F5 刷新 · 在筛选框按 ↓ 进入列表</source>
        <translation>Ins new · Enter/F4 edit · Ctrl+U unlock · F5 refresh · ↓ in the filter box moves to the list</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="198"/>
        <source>发生意外错误，已记录到日志。请稍后重试或联系管理员。
%1</source>
        <translation>An unexpected error occurred (logged). Try again later or call the administrator.
%1</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="217"/>
        <source>共 %1 个用户</source>
        <translation>%1 users</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="229"/>
        <source>读取用户列表失败</source>
        <translation>Could not read the user list</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="239"/>
        <location filename="../../ui/users/screen.py" line="261"/>
        <source>请先在列表中选择一个用户</source>
        <translation>Select a user in the list first</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="252"/>
        <source>已新建用户 %1（%2）</source>
        <translation>Created user %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="254"/>
        <source>已保存用户 %1</source>
        <translation>Saved user %1</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="267"/>
        <source>已解锁用户 %1</source>
        <translation>Unlocked user %1</translation>
    </message>
    <message>
        <location filename="../../ui/users/screen.py" line="271"/>
        <source>解锁失败</source>
        <translation>Could not unlock</translation>
    </message>
</context>
</TS>
