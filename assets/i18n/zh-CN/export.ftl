# 第 5 步：导出。简体中文。

export-purpose = 请为文件包选择一个新的或空的文件夹，然后点击“导出”。
export-folder-label = 文件包文件夹
export-folder-hint = 新的或空的文件夹（不存在时会自动创建）
export-files = 文件包中的文件
export-column-file = 文件
export-column-role = 在控制台中的用途
export-column-size = 大小
# $folder：文件包所在文件夹
export-written = 文件包已写入 { $folder }
# $file：备份文件路径
export-keep-backup = 请将备份 { $file } 及其口令妥善保管。
export-open-folder = 打开文件夹
export-console-steps = 控制台操作步骤
export-copy-console-steps = 复制控制台操作步骤
export-steps-as-in-readme = 以下步骤与文件包中的 README.txt 相同（英文）。
export-command-line = 命令行
export-command-line-powershell = 命令行（PowerShell 7.3 或更高版本）
export-copy-command-line = 复制命令行
export-import-before-expiry = 请在令牌过期前完成导入。文件包中不含明文密钥材料。
blocker-no-export-folder = 请为文件包选择一个文件夹。
blocker-confirm-replace = 请确认或取消替换该文件夹的内容。
blocker-exporting = 请等待文件包写入完成。

## 文件包中各文件的用途，按控制台的叫法

bundle-role-key-material = 密钥材料
bundle-role-private-key = 私钥密文
bundle-role-import-token = 导入令牌
bundle-role-api-request = API 请求正文
bundle-role-instructions = 操作说明
bundle-role-byok = BYOK 文件
bundle-role-manifest = 清单（文件列表和哈希值）
bundle-role-same-base64 = 同一上传内容的 base64 文本
bundle-role-same-binary = 同一上传内容的二进制形式
bundle-role-extra-copy = 额外副本

## 替换非空文件夹

replace-heading = 替换该文件夹的内容？
# $folder：文件夹
replace-explained = 文件夹 { $folder } 不是空的。其中的全部内容都将被文件包替换（仅在新文件包完整写好之后才替换）。
replace-confirm = 替换内容
replace-cancel = 取消

## 练习模式

practice-import = 导入练习 KMS
practice-verdict = 练习 KMS 判定结果
# $what：密钥材料，例如 AES-256 密钥（32 字节）
verdict-accepted = 已接受：已导入 { $what }
# $method：校验值的算法；$value：练习 KMS 算出的校验值
verdict-check-value = { $method }：{ $value }
verdict-check-value-matches = 与“封装”页面显示的校验值一致：云端收到的正是您的密钥。
# $cloud：云平台会给出的回应（云平台的原话，英文）
verdict-rejected = 已拒绝：{ $cloud }
# $plain：练习 KMS 的说明（英文）
verdict-what-went-wrong = 问题所在（英文）：{ $plain }

## 写入文件包时的问题

problem-export-failed = 无法写入文件包
problem-export-failed-cause-writable = 文件夹不可写，或磁盘已满。
problem-export-failed-cause-file = 该路径是一个文件，而不是文件夹。
