# 第 3 步：密钥材料。简体中文。

material-purpose = 在此生成密钥材料，或加载您已有的密钥。
material-mode-generate = 在本机生成
material-mode-load = 从文件加载
material-file-label = 密钥材料文件
# $bytes：密钥长度；$digits：十六进制位数
material-file-hint-symmetric = { $bytes } 个原始字节、{ $digits } 位十六进制数，或 base64
material-file-hint-private-key = PKCS#8（DER 或 PEM）、PKCS#1、SEC1，或加密的 PKCS#8
material-encrypted = 此私钥已加密。请输入口令解锁：
material-passphrase-label = 私钥口令
material-passphrase-hint = 加密私钥的口令
material-unlock = 解锁
material-ready = 密钥材料已就绪
material-generated-kept = 密钥材料已在上次封装时生成；在您更改密钥规格或重新开始之前会一直保留。
# $what：随机的 32 个字节（AES_256）、一个 RSA-4096 密钥对等
material-will-generate = “封装”步骤将使用操作系统的随机数生成器生成{ $what }。
material-no-way-back = 云平台永远不会交还密钥材料。没有副本，此密钥将永远无法恢复。
backup-heading = 加密备份（age，口令加密）
backup-file-label = 备份文件
backup-file-hint = 一个新文件，例如 key-material.age
backup-passphrase-label = 备份口令
# $min：口令的最短长度
backup-passphrase-hint = 至少 { $min } 个字符
backup-repeat-label = 再次输入口令
backup-repeat-hint = 再输入一遍同一口令
keep-own-copy = 我自行保管副本
keep-own-copy-hint = 不写入备份文件；密钥材料由您自行负责保管
keep-own-copy-warning = 将不写入备份。在封装之前，密钥材料只存在于此窗口中。

## “下一步”不可用的原因

blocker-no-material = 请先加载密钥材料，或选择“在本机生成”。
blocker-needs-passphrase = 该密钥已加密：请输入口令并点击“解锁”。
blocker-unlocking = 正在解锁密钥……
material-unlocking = 正在验证口令（派生密钥可能需要几秒钟）……
material-unlock-cancel = 取消解锁
material-unlock-cancel-hint = 停止验证此口令；密钥保持锁定
blocker-material-problem = 密钥材料无法使用，请查看上方的问题说明。
# $why：程序给出的说明（英文）
blocker-material-too-large = 密钥材料超出此封装算法的容量：{ $why }
blocker-backup-or-own-copy = 请写入加密备份，或勾选“我自行保管副本”：云平台永远不会交还密钥材料。
blocker-no-backup-path = 请为加密备份选择一个文件。
blocker-backup-passphrase-too-short = 备份口令至少需要 { $min } 个字符。
blocker-backup-passphrases-differ = 两次输入的备份口令不一致。

## 密钥材料的问题

problem-wrong-passphrase = 该口令无法解锁此密钥
problem-wrong-passphrase-cause = 口令输入有误，或属于另一个文件。
problem-material-too-large = 对此封装算法而言密钥材料过大
problem-material-too-large-cause = 直接 RSA-OAEP 封装只能承载几百个字节。
problem-material-spec-mismatch = 密钥材料与密钥规格不符
problem-material-spec-mismatch-cause-file = 选错了文件。
problem-material-spec-mismatch-cause-spec = “云平台与密钥”页面上的密钥规格不是此密钥对应的规格。
problem-material-unusable = 无法使用该密钥材料
problem-material-unusable-cause-format = 该文件不是本工具可读取格式的密钥。

material-mode-components = 由密钥分量合成
components-intro = 每位保管人依次加载自己的分量文件。完整密钥只在本程序内部合成，绝不显示。
component-file-label = 下一位保管人的分量文件
component-file-hint = ceremony split 为该保管人生成的 .component 文件
component-row-custodian = 保管人 { $index }：{ $custodian }
component-row-check-value = 分量校验值 { $value }
components-progress = 已加载 { $have } / { $need } 个分量。
components-compare-kcv = 请在场的每个人先将上面的密钥校验值与自己表格上的校验值核对，再继续。
fact-assembled-from = 合成自
assembled-from = { $custodians } 的分量（仪式 { $ceremony }）

dialog-component = 选择保管人的分量文件
blocker-need-components-first = 请加载第一位保管人的分量。
blocker-need-components = 请继续加载分量：目前 { $have } / { $need }。
