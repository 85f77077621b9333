# 第 4 步：封装。简体中文。

wrap-purpose = 请核对摘要，然后点击“封装”。此时还不会向导出文件夹写入任何内容。
# $phase：下面 phase- 开头的文字之一；$seconds：已用时间
wrap-running = { $phase }  { $seconds } 秒
phase-checking = 正在检查输入……
phase-generating-rsa = 正在生成 RSA-{ $bits } 密钥……
phase-generating = 正在生成密钥材料……
phase-wrapping = 正在封装密钥材料……
phase-writing-backup = 正在加密并写入备份……
wrap-cancel = 取消
wrap-cancelling = 正在取消……
wrap-cancel-hint = 停止生成密钥；不会写入任何内容
wrap-done = 已封装
# $count：文件个数
wrap-files-ready = { $count } 个文件可供导出
wrap-press-next = 点击“下一步”选择文件包的存放位置。
wrap-try-again = 点击“封装”重试。
wrap-cancelled = 已取消。未生成密钥，也未写入任何内容。
wrap-start-again = 点击“封装”重新开始。
wrap-press-wrap = 点击“封装”（或按回车键）开始。
blocker-working = 请等待封装完成。

## 摘要

summary-none = （无）
summary-token-included = 已包含
summary-token-none = 无
# $what：随机的 32 个字节（AES_256）、一个 RSA-4096 密钥对等
summary-generate = 生成{ $what }
summary-no-key-id-warning = 没有密钥 ID：控制台步骤和命令行中将显示 <key-id>，也不会写入 API 请求正文。请在“云平台与密钥”页面输入密钥 ID，使它们可直接使用。
summary-deprecated-warning = 该封装算法已弃用（PKCS#1 v1.5）。

## 封装时的问题

problem-backup-not-written = 无法写入备份
problem-backup-not-written-cause-exists = 同名文件已存在（备份绝不会覆盖已有文件）。
problem-backup-not-written-cause-folder = 文件夹不存在或不可写。
problem-generation-failed = 密钥生成失败
problem-generation-failed-cause = 操作系统的随机数生成器不可用。
problem-wrap-failed = 封装失败
problem-wrap-failed-cause = 某项输入在检查之后发生了变化或已过期。
