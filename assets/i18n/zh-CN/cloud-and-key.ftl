# 第 1 步：云平台与密钥。简体中文。

cloud-purpose = 请选择与控制台“导入密钥材料”对话框中相同的云平台、密钥规格和封装算法。
practice-switch = 练习模式（离线演练）
practice-explained = 点击“下一步”时，内置的练习 KMS 会像控制台下载那样签发封装公钥和导入令牌，并加载到下一步；之后可在“导出”步骤将文件包导入练习 KMS，查看其判定结果。
practice-issuing = 练习 KMS 正在生成封装公钥……
blocker-practice-working = 请等待练习 KMS 签发导入参数。
cloud-provider = 云平台
key-spec = 密钥规格
wrapping-algorithm = 封装算法
algorithm-recommended = （推荐）
algorithm-deprecated = （已弃用：PKCS#1 v1.5 填充易受填充预言攻击）
algorithm-deprecated-warning = RSAES_PKCS1_V1_5 已弃用。仅当该密钥还需导入到别无其他选择的地方时才使用它。
key-id-label = 密钥 ID（可选）
key-id-hint = KMS 密钥 ID，例如 1234abcd-12ab-34cd-56ef-1234567890ab
key-id-note = 如果下一步的导入参数 JSON 中写明了密钥，将使用其中的密钥 ID（且须与此处一致）。

## 密钥规格下方的说明

# $cipher：AES 或 SM4；$bits、$bytes：密钥长度
spec-symmetric = { $cipher } { $bits } 位对称密钥（{ $bytes } 个原始字节）
# $bits：SHA-2 的长度（224…512）
spec-hmac = 用于 SHA-{ $bits } 的 HMAC 密钥（{ $bytes } 个原始字节）
spec-rsa = RSA { $bits } 位密钥对（私钥为 PKCS#8 DER 格式）
# $curve：NIST P-256、secp256k1
spec-ec = { $curve } 曲线上的 EC 密钥对（私钥为 PKCS#8 DER 格式）
spec-sm2 = SM2 密钥对（GB/T 32918；私钥为 PKCS#8 DER 格式）
spec-hmac-sha1 = 用于 SHA-1 的 HMAC 密钥（{ $bytes } 个原始字节）
spec-ed25519 = Ed25519 密钥对（RFC 8032；私钥为 PKCS#8 DER 格式，RFC 8410）

## 封装算法下方的说明

scheme-rsa-oaep = 用封装公钥以 RSA-OAEP 直接加密密钥材料本身。
scheme-rsa-pkcs1v15 = 以 RSAES-PKCS1-v1_5 直接加密密钥材料本身（仅为兼容旧环境而保留）。
scheme-rsa-aes-kwp-concat = 以 RSA-OAEP 加密一个新生成的 AES-256 密钥，再用它以带填充的 AES 密钥封装（RFC 5649）封装密钥材料；只需上传一个文件。
scheme-rsa-aes-kwp-split = 以 RSA-OAEP 加密一个新生成的 AES-256 密钥（作为密钥材料上传），再用它以带填充的 AES 密钥封装封装私钥（作为私钥上传）。
scheme-rsa-aes-ecb-concat = 以 RSA-OAEP-SHA256 加密一个新生成的 AES-256 密钥，再用它以 AES-256-ECB 和 PKCS#7 填充加密私钥；只需上传一个文件。
scheme-sm2-pke = 用 SM2 封装公钥以 SM2 算法（SM3，GM/T 0009 DER 格式）直接加密私钥本身（中国区域）；只需上传一个文件。

## 字节格式已确定、但厂商文档未写明是否接受的组合

caveat-alibaba-aes-128-192 = 阿里云仅在硬件（HSM）实例上定义 Aliyun_AES_128/192，其文档也未将它们列为可导入密钥材料的规格；封装方式与 Aliyun_AES_256 相同（直接 OAEP），但请在控制台确认您的实例支持为此规格导入密钥材料
key-algorithm = 密钥版本算法
key-algorithm-explained = 由该密钥在 Cloud KMS 中的用途决定（gcloud kms keys describe 可查看）；封装后的字节相同。
caveat-azure-oct-hsm = AES 密钥（oct-HSM）应导入托管 HSM：Microsoft 的 BYOK 规范只允许在托管 HSM 中导入 AES（KEK 位于 https://<hsm>.managedhsm.azure.net/…），密钥保管库仅在高级版中以预览形式提供 oct-HSM，因此保管库可能拒绝该密钥
caveat-aws-sm4 = 仅限中国区域（北京、宁夏）：在那里 SYMMETRIC_DEFAULT 是 128 位 SM4 密钥；其他区域为 AES-256
