# 各页共用的文字：标题栏、步骤列表、导航栏、文件栏、问题框，以及各页共用的名称。简体中文。

app-title = BYOK 向导
app-tagline = 封装您自己的密钥材料，导入云 KMS，全程离线。
language-switch-hint = 窗口语言
# 标题栏的菜单；两种语言都写出“语言”，两种读者都能找到
settings-menu = 设置 · 语言 · Language
theme-heading = 主题
wait-symmetric-key-spec = 密钥仪式拆分的是 AES 或 SM4 密钥：请在“云平台与密钥”页选择其一。
# $given：目前已填写的保管人数量
wait-custodians = 请填写 2 至 16 名保管人（目前 { $given } 名）。
wait-folder = 请选择要写入的文件夹。
wait-plan = 请选择计划文件。
page-scroll-bar = 页面滚动条

## 步骤列表与页面标题

step-cloud-and-key = 云平台与密钥
step-wrapping-key = 封装公钥与令牌
step-key-material = 密钥材料
step-wrap = 封装
step-export = 导出
# $number：当前步骤（1–5）；$total：步骤总数；$title：步骤名称
page-heading = 第 { $number } 步（共 { $total } 步）：{ $title }

## 导航栏

nav-start-over = 重新开始
nav-start-over-hint = 清除所有输入、加载和生成的内容，并从内存中擦除机密信息
nav-back = 上一步
nav-next = 下一步
nav-wrap = 封装
nav-export = 导出
nav-wrap-another = 封装下一个密钥
theme-system = 跟随系统主题
theme-dark = 深色
theme-light = 浅色

## 云平台，按各自控制台的叫法

provider-huawei = 华为云 KMS（DEW）
provider-alibaba = 阿里云 KMS
provider-aws = AWS KMS
provider-gcp = Google Cloud KMS
provider-azure = Azure Key Vault / 托管 HSM
provider-tencent = 腾讯云 KMS
provider-oci = Oracle OCI Vault

## 文件栏：浏览、加载、粘贴。$what 是下面 role- 开头的名词之一。

file-browse = 浏览…
file-browse-name = 浏览选择{ $what }
file-browse-hint = 在文件对话框中选择{ $what }（或将文件拖放到此处）
file-load = 加载
file-load-name = 加载{ $what }
file-load-hint = 读取所输入路径的文件（或在输入框中按回车键）
file-paste = 粘贴
file-paste-name = 粘贴{ $what }
file-paste-hint = 使用剪贴板中的文本（控制台给出的 base64 文本，或完整的 JSON）
role-wrapping-key = 封装公钥
role-import-token = 导入令牌
role-key-material = 密钥材料
role-component = 下一个分量文件
role-backup = 备份文件
role-export-folder = 导出文件夹
input-pasted = （粘贴的文本）
dialog-wrapping-key = 选择封装公钥或获取导入参数的 JSON
dialog-import-token = 选择导入令牌文件
dialog-key-material = 选择密钥材料
dialog-backup = 将加密备份另存为
dialog-export-folder = 选择存放文件包的文件夹
# $bytes：文件大小
file-size = { $bytes } 字节

## 问题框与提示

problem-causes = 可能的原因：
# $what：处理建议（来自页面，或程序自带的英文提示）
problem-what-to-do = 处理建议：{ $what }
problem-details = 详细信息（英文）
problem-check-input = 请检查输入后重试。
problem-cause-damaged = 文件在复制过程中被截断或改动。
problem-internal = 内部错误
problem-internal-cause = byok-wizard 的程序缺陷。
problem-internal-what-to-do = 请重新开始并重试，并报告此问题。未写入任何文件。
# $note：提示内容
note = 注意：{ $note }

## 信息表的行名

fact-loaded-from = 加载自
fact-key = 密钥
fact-sha256 = SHA-256
fact-key-id = 密钥 ID
fact-import-token = 导入令牌
fact-expiry = 有效期
fact-parameters = 导入参数
fact-material = 密钥材料
fact-check-value = 密钥校验值
fact-backup = 备份
fact-backup-written = 已写入备份
fact-files = 文件
fact-cloud = 云平台
fact-key-spec = 密钥规格
fact-wrapping-algorithm = 封装算法
fact-wrapping-key = 封装公钥
fact-key-material = 密钥材料

## 密钥材料及其校验值

# $name：AES-128、AES-256、SM4；$bytes：长度
material-symmetric = { $name } 密钥（{ $bytes } 字节）
material-hmac = HMAC 密钥（{ $bytes } 字节）
# $kind：RSA-3072、EC P-256
material-private-key = { $kind } 私钥
# $what：上面 material- 开头的文字之一
material-generated-here = { $what }，在本机生成
# $bytes：字节数；$spec：AES_256、HMAC_256 等
generate-random-bytes = 随机的 { $bytes } 个字节（{ $spec }）
generate-rsa = 一个 RSA-{ $bits } 密钥对
# $curve：P-256、secp256k1
generate-ec = 一个 { $curve } 曲线上的 EC 密钥对
generate-sm2 = 一个 SM2 密钥对
generate-ed25519 = 一个 Ed25519 密钥对
kcv-aes-ecb-zero-block = AES-ECB(K, 0^128) 的前 3 个字节
kcv-sha256-of-key = SHA-256(K) 的前 3 个字节
kcv-sha256-of-public-key = 公钥 DER 格式 SubjectPublicKeyInfo 的 SHA-256
# $file：备份文件路径
backup-age = { $file }（age，口令加密）
backup-none = 无：由您自行保管副本

## 密钥格式名称：只翻译格式名称之外的字词

# $format：例如 PKCS#8 PEM
format-encrypted = 加密的 { $format }
# $format：例如 DER SubjectPublicKeyInfo
format-base64-of = { $format } 的 base64 编码
format-base64-pem-public-key = PEM 公钥的 base64 编码
format-x509-certificate = X.509 证书

## 程序给出的、涉及某项输入的处理建议（$algorithms：封装算法名称）

remedy-leave-out-token = 请清空导入令牌字段：此云不使用导入令牌。
remedy-key-id-or-parameters = 这些参数只属于一个密钥：请清空“云与密钥”页上的密钥 ID，或加载该密钥的参数。
remedy-leave-out-kek-id = 请清空 KEK 标识符；只有 Azure 使用它。
remedy-give-passphrase = 请输入它的口令。
remedy-check-passphrase = 请检查口令（区分大小写）。
remedy-backup-or-material = 请加载 byok-wizard 写出的备份，或密钥材料本身。
remedy-use-algorithm = 请选择封装算法 { $algorithms }。
# $wrapping_key：封装公钥的类型（RSA、SM2）
remedy-use-algorithm-or-wrapping-key = 请为此封装公钥选择封装算法 { $algorithms }，或下载 { $wrapping_key } 封装公钥。
remedy-replace-or-new-folder = 请确认替换其内容，或选择新的文件夹。
remedy-out-outside-inputs = 请选择新的导出文件夹，不要位于输入文件所在的文件夹中。

## 窗口内的文件选择器（桌面没有文件对话框时）
chooser-explained = 此处无法打开桌面的文件对话框，因此窗口显示自己的选择器。
chooser-folder = 文件夹
chooser-up = 上一级
chooser-home = 主目录
# $name：文件夹名称
chooser-entry-folder = { $name }/（文件夹）
chooser-empty = 此文件夹中没有可显示的内容。
# $n：显示的条目数
chooser-truncated = 只显示前 { $n } 个条目；请在下方输入名称。
# $why：系统给出的原因
chooser-unreadable = 无法读取此文件夹（{ $why }）。
chooser-name = 文件名
chooser-open = 打开
chooser-choose-folder = 选择此文件夹
chooser-save = 保存到此处
chooser-cancel = 取消
