## 批量页面：一个计划导入多把密钥

batch-open = 批量：按计划处理多把密钥…
batch-open-hint = 迁移：按 CSV 或 JSON 计划逐行生成文件包，先检查，可续做。
batch-heading = 批量：一个计划，多把密钥
batch-purpose = 计划的每一行都会像向导一样被封装，写入批量文件夹下各自的文件夹，并生成 summary.csv 和 summary.json。已完成的行会被跳过；失败的行不影响其他行。
batch-plan-label = 计划（CSV 或 JSON）
batch-plan-hint = 例如 plan.csv
batch-folder-label = 批量文件夹
batch-folder-hint = 存放文件包的文件夹
batch-check = 检查计划
batch-check-hint = 读取计划并检查每一行；此时不写入任何文件。
batch-run = 运行
batch-cancel = 取消
batch-close = 返回向导
batch-open-folder = 打开文件夹
batch-problem = 此计划无法运行
batch-checking = 正在检查每一行…
# $rows、$ready、$refused：行数
batch-checked = 已检查 { $rows } 行：{ $ready } 行将运行或跳过，{ $refused } 行被拒绝（见下表）。
# $done、$total：行数
batch-progress = 第 { $done } 行，共 { $total } 行
batch-cancelling = 正在取消：回滚正在处理的行…
# $wrapped、$skipped、$failed、$total：行数
batch-summary = 完成：封装 { $wrapped } 行，跳过 { $skipped } 行，失败 { $failed } 行，共 { $total } 行。
# $left：未运行的行数
batch-cancelled = 已取消：{ $left } 行未运行；再次运行计划即可完成它们。
batch-col-name = 名称
batch-col-cloud = 云
batch-col-spec = 密钥规格
batch-col-algorithm = 算法
batch-col-material = 密钥材料
batch-col-expires = 令牌到期
batch-col-status = 状态
batch-material-generated = 本机生成
batch-material-given = 已提供
# $time：UTC 时间；$hours、$minutes：剩余时间
batch-expires = { $time }（剩余 { $hours } 小时 { $minutes } 分）
batch-expires-none = 未注明
batch-status-ready = 就绪
batch-status-complete = 已完成（将跳过）
batch-status-refused = 已拒绝
batch-status-running = 处理中…
batch-status-wrapped = 已封装
batch-status-skipped = 已跳过
batch-status-failed = 失败
role-batch-plan = 批量计划
role-batch-folder = 批量文件夹
dialog-batch-plan = 选择批量计划（CSV 或 JSON）
dialog-batch-folder = 选择存放批量文件包的文件夹
