# 第 2 步：封装公钥与令牌。简体中文。

wrapping-purpose = 请提供控制台（或其 API）为本次导入给出的封装公钥和导入令牌。
# $provider：云平台；$sizes：RSA-2048、RSA-3072 等
wrapping-sizes = { $provider } 签发 { $sizes } 的封装公钥。获取导入参数的 JSON 中还带有导入令牌、密钥 ID 和有效期。
wrapping-key-label = 封装公钥
wrapping-key-hint = PEM、DER、base64、证书，或获取导入参数的 JSON
import-token-label = 导入令牌
import-token-hint = 令牌文件（JSON 中已含令牌时无需提供）
kek-id-label = KEK 标识符
kek-id-hint = https://<保管库名>.vault.azure.net/keys/<密钥名>/<版本>
wrapping-key-loaded = 已加载封装公钥
# $key：RSA-2048、SM2；$format：PEM SubjectPublicKeyInfo、X.509 证书等
wrapping-key-kind = { $key } 公钥（{ $format }）
key-id-none-optional = （未提供；可选）
# $origin：下面 token- 开头的句子之一；$bytes：令牌大小
token-origin-and-size = { $origin }令牌共 { $bytes } 字节。
token-was-base64 = 导入令牌是 base64 文本，已解码（AWS 上传的是原始字节）
token-missing-warning = 没有导入令牌：文件包中将不含令牌。请将控制台给出的令牌与文件包一同上传。
expiry-soon-warning = 剩余时间不足一小时：请尽快完成导入。

## 导入参数的来源

params-source-key-file = 封装公钥文件
params-source-huawei = 华为云 get-parameters-for-import 返回的 JSON
params-source-alibaba = 阿里云 GetParametersForImport 返回的 JSON
params-source-aws = AWS get-parameters-for-import 返回的 JSON
params-source-tencent = 腾讯云 GetParametersForImport 返回的 JSON

## 导入令牌的来源。$source：上面 params-source- 开头的文字之一

# $provider：云平台
token-not-used = { $provider } 不使用导入令牌。
token-not-yet = 尚无导入令牌：请加载令牌文件，或将控制台给出的令牌与文件包一同上传。
token-from-parameters = 来自{ $source }。
token-from-parameters-and-file = 来自{ $source }（另外提供的令牌文件与之一致）。
# $file：令牌文件路径
token-from-file = 来自令牌文件 { $file }。
token-from-token-file = 来自导入令牌文件。

## 有效期。$time：RFC 3339 格式，UTC；$source：上面 params-source- 开头的文字之一

expiry-expired = 已于 { $time } 过期（依据{ $source }）。
# $hours、$minutes：剩余时间
expiry-expires = 于 { $time } 过期，剩余 { $hours } 小时 { $minutes } 分钟（依据{ $source }）。
expiry-unknown-key-file = 未知：密钥文件不带有效期。控制台会显示有效期（通常为下载后 24 小时）。
expiry-not-stated = { $source }中未写明。

## “下一步”不可用的原因

blocker-no-wrapping-key = 请先加载封装公钥（或获取导入参数的 JSON）。
blocker-wrapping-key-problem = 封装公钥无法使用，请查看上方的问题说明。
blocker-token-problem = 导入令牌无法使用：请修正，或清空令牌输入框。
blocker-no-kek-id = 请输入密钥加密密钥（KEK）的标识符（即其 kid，须包含版本）。
blocker-kek-id-problem = KEK 标识符无法使用，请查看其下方的问题说明。
blocker-expired = 导入参数已过期，请从控制台重新下载。

## 封装公钥、令牌或标识符的问题

problem-params-expired = 这些导入参数已过期
problem-params-expired-cause-time = 控制台签发的封装公钥和导入令牌只在有限时间内有效（通常为 24 小时）。
problem-params-expired-cause-old = 该文件是之前为另一次导入下载的。
problem-params-expired-what-to-do = 请从控制台重新下载封装公钥和导入令牌（获取导入参数），然后在此加载。
# $provider：第 1 步所选的云平台
problem-key-does-not-fit = 此封装公钥不适用于{ $provider }
problem-key-does-not-fit-cause-other = 导入参数是从另一个云平台下载的，或是为另一次导入下载的。
problem-key-does-not-fit-cause-provider = “云平台与密钥”页面上选错了云平台。
problem-kek-id-unusable = KEK 标识符无法使用
problem-kek-id-unusable-cause = 复制时缺少版本号，或复制的是另一个密钥的标识符。
problem-key-id-mismatch = 密钥 ID 与导入参数不一致
problem-key-id-mismatch-cause = “云平台与密钥”页面上输入的密钥 ID 属于另一个密钥。
problem-wrapping-key-unusable = 无法使用该封装公钥
problem-wrapping-key-unusable-cause-other-file = 该文件不是封装公钥（例如是导入令牌或私钥）。
problem-token-mismatch = 导入令牌与这些导入参数不匹配
problem-token-mismatch-cause = 令牌和封装公钥来自两次不同的下载。
problem-token-unusable = 无法使用该导入令牌
problem-token-unusable-cause-other-file = 该文件不是导入令牌（例如是封装公钥）。
problem-token-unusable-cause-cut = 令牌没有完整复制。
practice-origin = 练习模式：下面的封装公钥和导入令牌由内置的练习 KMS 签发，并非来自云端。

material-expires-label = 密钥材料过期时间（可选）
material-expires-hint = 云端删除导入的密钥材料的时间：UTC 时间如 2027-06-30T00:00:00Z，或日期；留空表示永不过期
material-expires-warning = 云端将在 { $time } 删除导入的密钥材料。此后，在您从备份重新导入相同的密钥材料之前，该密钥无法使用。
problem-material-expiry-unusable = 过期时间无法使用
problem-material-expiry-unusable-cause = 它不是一个时间、已经过去，或晚于此云所接受的最晚时间。
blocker-material-expiry-problem = 请更正或清除密钥材料的过期时间。
