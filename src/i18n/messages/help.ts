/**
 * `--help` in Chinese: each command's and option's English text is in its definition (src/cli/*.ts);
 * its Chinese is here, by command path and flag ("run", "run --extract", "status <runDirOrId>").
 * test/cli/help.test.ts fails on a command, argument or option without one.
 */
const runDir = '批次目录 DIR/<批次号>';
const operator = '审计日志中的操作员工号（默认 $USER）';
const sftp = {
  '--to': 'sftp://用户@主机[:端口]/路径（默认：任务单的 printHouse.sftp.url）',
  '--identity': '登录用的私钥（只用密钥认证；加密私钥的口令放在 $SIPRINT_SFTP_PASSPHRASE）',
  '--known-hosts': '存有主机密钥的 known-hosts 文件（默认：printHouse.sftp.knownHostsFile，否则 ~/.ssh/known_hosts）',
  '--operator': operator,
};
const prefixed = (cmd: string, o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${cmd} ${k}`, v]));

export const helpZh: Record<string, string> = {
  '': '社会保险个人权益记录单年度打印：检查、生成、封装、寄送。',
  '--version': '显示版本号',
  '--lang': 'siprint 输出所用的语言：zh-CN 或 en（默认：$SIPRINT_LANG，否则按系统区域设置）',
  '--help': '显示命令帮助',

  run: '年度（或分险种）批次：读取、生成、封装、收尾——在本进程中运行，或用 --redis 交给 BullMQ 工作进程',
  'run --extract': '年终数据文件（.jsonl、.csv，可为 .gz）',
  'run --year': '业务年度',
  'run --out': '批次目录所在的目录（DIR/<批次号>/）',
  'run --run-id': '批次号（默认 <年度>-<模式>-<UTC 时间戳>）',
  'run --ticket': '任务单（jobs/*.json）；命令行选项优先于任务单',
  'run --encoding': 'utf8 或 gb18030',
  'run --concurrency': '生成线程数（默认：每个 CPU 核一个）',
  'run --resume': '继续被中断的批次（给出其目录，或 --out 加 --run-id）；已完成的分卷不重做',
  'run --redis': '在 BullMQ 工作进程上运行（默认：$REDIS_URL；都没有则在本进程中运行）',
  'run --ingest-ranges': '把读入切分成 N 个字节区段，分给各线程（或各 BullMQ 工作进程）处理（默认：任务单中的 "ingestRanges"，否则每 48 MB 一个区段，本进程内 4 MB 起每个线程至少一个区段）；只用于新批次',
  'run --postage-permit': '每个信封上 邮资已付 之后印的邮资许可证号（默认：任务单中的 "postagePermit"；二者必须有其一）',
  'run --operator': '批次发起人（默认 $USER）；任务单设 requireApproval 时，`siprint release` 须由另一名操作员执行',
  'run --deceased': '已故人员名单（CSV：ssn 或 ssnHash，diedOn）：死亡日期早于打印日期者不寄送（DECEASED）',
  'run --returned': '上年的 returns/returned-addresses.jsonl：仍在被退回地址的人暂缓为 ADDRESS_RETURNED；地址已更正的照常打印',
  'run --prefix': 'BullMQ 键前缀（与 --redis 一起用）；批次与工作进程须一致（默认 "siprint"）',

  check: '只检查年终数据、不生成：各类别数量、未成年人、不寄送，以及每条暂缓（留存）记录及其原因',
  'check --extract': '年终数据文件（.jsonl 或 .csv，可为 .gz）',
  'check --year': '业务年度（未成年人：该年 12 月 31 日未满 18 周岁）',
  'check --encoding': '年终数据的文本编码（UTF-8 BOM 总会识别）',
  'check --format': '年终数据格式（默认：按文件名）',
  'check --out': '把 exceptions.jsonl（暂缓（留存）与不寄送记录，社会保障号码已遮蔽）写入此目录',
  'check --ticket': '该批次的任务单：按 run 的方式取其 printDate、verificationKey、rates 与 interestRate',
  'check --print-date': '判断 --deceased 名单中死亡日期所依据的打印日期（默认：任务单的，否则今天）',
  'check --deceased': '已故人员名单（CSV：ssn 或 ssnHash，diedOn）：死亡日期早于打印日期者不寄送（DECEASED）',
  'check --distribution': '与本次作业单一致：职工记录单寄往本人住址（home）或经单位转交（employer；有单位地址的职工可无本人地址）',
  'check --returned': '上年的 returns/returned-addresses.jsonl：仍在被退回地址的人暂缓为 ADDRESS_RETURNED（需设 SIPRINT_VERIFY_KEY，即生成清单时的密钥）',
  'check --compare': '上月 check 的 --out 目录：按暂缓原因与提示代码比对本月与上月，并列出本月新增失败的记录（compare.json 与 compare.html 写入 --out）',

  worker: '处理队列中的批次（所有阶段），直到 SIGTERM/SIGINT；多台机器上的多个工作进程分担工作',
  'worker --redis': 'Redis 地址（默认：$REDIS_URL，否则 redis://127.0.0.1:6379）',
  'worker --concurrency': '同时处理的任务数，每个在自己的线程上（默认：CPU 核数）',
  'worker --prefix': 'BullMQ 键前缀；批次与工作进程须一致',
  'worker --stages': '导出各阶段函数的模块',

  status: '批次进展：各阶段数量、至今暂缓（留存）与不寄送的记录、期限与剩余天数',
  'status <runDirOrId>': '批次目录（或与 --out、--redis 一起用的批次号）',
  'status --out': '给出批次号时，存放批次目录的目录',
  'status --redis': '同时显示该批次在此 Redis（BullMQ）上的任务',
  'status --prefix': 'BullMQ 键前缀（与 --redis 一起用；默认 "siprint"）',
  'status --json': '以 JSON 输出批次目录的状态',

  verify: '复核已完成的批次：印制包 SHA-256 与 manifest.json、每个印制包的邮件与页数、收支平衡、审计链',
  'verify <RUN_DIR>': runDir,

  release: '放行待审批的批次（任务单 requireApproval）：已封装的印制包由待审批变为已放行；须由发起人以外的操作员执行',
  'release <RUN_DIR>': runDir,
  'release --approved-by': '审批的操作员（不能是批次发起人）',

  proof: '生成样张 PDF：选取少量邮件，覆盖年终数据的各种版式与极端情况（每个类别、寄监护人的信封、最长的权益记录单、姓名与地址、待遇、生僻字）',
  'proof --extract': '年终数据文件（.jsonl、.csv，可为 .gz）',
  'proof --year': '业务年度',
  'proof --out': 'proof-<年终数据>-<年度>.pdf（及其 .json 清单）的存放目录',
  'proof --ticket': '即将运行的批次的任务单（模式、险种、版式、打印日期、邮资许可）',
  'proof --encoding': 'utf8 或 gb18030',
  'proof --postage-permit': '信封上 邮资已付 之后印的邮资许可证号（默认：任务单中的 "postagePermit"）',

  dashboard: '提供 BullMQ 队列页面（bull-board，/queues）和每个批次的进度与期限倒计时页面；默认只绑定 127.0.0.1，用 --host 时须设 SIPRINT_DASHBOARD_USER/PASSWORD（基本认证）',
  'dashboard --redis': '工作进程所用的 Redis（默认：$REDIS_URL）',
  'dashboard --port': '端口',
  'dashboard --host': '绑定的地址（回环地址以外须设 SIPRINT_DASHBOARD_USER 和 SIPRINT_DASHBOARD_PASSWORD）',
  'dashboard --prefix': '批次与工作进程的 BullMQ 键前缀（默认 "siprint"）',

  'verify-code': '在批次的校验码索引中查找一个校验码：属于谁的权益记录单（已遮蔽），以及其 HMAC 在 SIPRINT_VERIFY_KEY 下是否相符',
  'verify-code <code>': '印在权益记录单上的 16 位校验码，如 ABCD-EFGH-IJKL-MNOP',
  'verify-code --run': '一个批次目录（DIR/<批次号>）',
  'verify-code --runs': '存放批次目录的目录（各年度的）：在其中全部查找',

  index: '用已完成批次的归档建立其校验码索引（index/）：用于 siprint 尚未生成索引时完成的批次（收尾时会生成）',
  'index <RUN_DIR>': runDir,

  serve: '提供二维码背后的校验服务（GET /v/<code>、/api/v1/verify/<code>、/healthz），数据来自各批次的校验码索引；默认只绑定 127.0.0.1，用 --host 时须设 SIPRINT_SERVE_USER/PASSWORD（/admin 用基本认证）',
  'serve --runs': '存放批次目录的目录（即 siprint run --out 的目录）：各年度的',
  'serve --port': '端口',
  'serve --host': '绑定的地址（回环地址以外须设 SIPRINT_SERVE_USER 和 SIPRINT_SERVE_PASSWORD）',
  'serve --rate-limit': '每个客户端每分钟的查询次数',
  'serve --trust-proxy': '前置反向代理的层数（其 X-Forwarded-For 给出客户端地址）',

  generate: '生成一份逼真的合成年终数据（同一种子 → 同一文件），用于演示、测试和基准测试',
  'generate --count': '记录条数',
  'generate --year': '业务年度',
  'generate --seed': '生成器的种子（任意文本）',
  'generate --out': '输出文件（文件名以 .gz 结尾则压缩）',
  'generate --format': 'jsonl 或 csv（默认：按 --out，否则 jsonl）',
  'generate --encoding': '文本编码',
  'generate --faults': '各违反一条规则的记录所占比例（0–1），依次覆盖每个原因代码',
  'generate --deceased-out': '与 --faults 同用：列出其中部分人员的死亡名单（默认：--out 旁的 <名称>.deceased.csv）',

  reprint: '把已完成批次中已打印的权益记录单重新生成（补打）为印制包；非本人申请须另一名操作员审批；每次申请都记入审计',
  'reprint --run': '已完成的批次目录（DIR/<批次号>）',
  'reprint --out': '补打印制包的存放目录',
  'reprint --ssn': '参保人的社会保障号码',
  'reprint --reason': '原因（如 遗失、地址变更）',
  'reprint --requested-by': '登记申请的操作员工号',
  'reprint --relation': '申请人：self（本人）、guardian（监护人）、agent（代理人）、employer（单位）',
  'reprint --approved-by': '审批的第二名操作员（--relation self 以外必填）',
  'reprint --address-json': '信封寄往此地址：{"postcode","province","city"?,"district"?,"line"}',
  'reprint --list': '申请清单 CSV：ssn,reason,requestedBy,relation,approvedBy[,postcode,province,city,district,line]',
  'reprint --date': '补打标记中印的日期（默认：今天，北京时间）',

  purge: '保存期满后：清除已完成批次中的个人信息（归档、分卷、印制包），保留清单、对账、暂缓（留存）记录与审计日志',
  'purge <RUN_DIR>': runDir,
  'purge --keep-audit': '必填：确认保留 manifest.json 和 audit.jsonl（它们始终保留）',
  'purge --older-than': '批次完成不满此天数则拒绝执行',
  'purge --operator': operator,

  deliver: '通过 SFTP 把批次已放行的印制包及其 P.manifest.json 附件交付印刷厂（.part 加改名，核对大小）；重新执行只发送缺少的部分',
  'deliver <RUN_DIR>': runDir,
  ...prefixed('deliver', sftp),
  'deliver --again': '重新发送这些被退回的印制包（在 `siprint acks` 报告之后）',

  acks: '读取印刷厂对已交付印制包的确认（P.ack：ACCEPTED，或 REJECTED 及原因；可附 SHA-256）；报告被退回、不符和逾期的印制包（有则退出码 1）',
  'acks <RUN_DIR>': runDir,
  ...prefixed('acks', sftp),

  results: '读入印刷厂的制作结果（CSV piece,status[,time,station]）：数量、重复、未知与未报告的邮件（有邮件失败或重复报告 ok 时退出码 1）',
  'results <RUN_DIR>': runDir,
  'results --file': '结果文件（piece 为二维码内容，可带或不带 ]d2 前缀，或仅为邮件编号）',
  'results --operator': '读入该文件的操作员（默认 $USER）',

  makeup: '制作补制包 print/<runId>-MU-<k>.zip：最近结果不是 ok 的邮件，原样重印记录单和信封（二维码带 |MU<k>）；超过 makeupApprovalPercent 须 --approved-by 审批',
  'makeup <RUN_DIR>': runDir,
  'makeup --approved-by': '审批大批量补制的第二名操作员',
  'makeup --operator': '制作补制包的操作员（默认 $USER）',

  dispatch: '读入邮局交寄回执（CSV unit,dispatchedOn[,receipt]：印制包文件名即交寄清单，或挂号邮件的邮件编号）；列出在 deadline − printHouse.transitDays 前未交寄的邮件（有风险时退出码 1）',
  'dispatch <RUN_DIR>': runDir,
  'dispatch --file': '交寄回执文件',
  'dispatch --operator': '读入该文件的操作员（默认 $USER）',

  returns: '读入退信（每行一封：扫描的二维码内容[,原因[,退回日期]]；原因 UNKNOWN_ADDRESSEE 查无此人、INSUFFICIENT_ADDRESS 地址不详、MOVED 迁移新址不明、REFUSED 拒收、OTHER）；写出供核心系统的 returns/returned.csv（无姓名、社会保障号码、地址）和供明年 --returned 的 returns/returned-addresses.jsonl',
  'returns <RUN_DIR>': runDir,
  'returns --file': '退信扫描文件',
  'returns --operator': '读入该文件的操作员（默认 $USER）',
};

/** commander's own words around the texts. */
export const helpFrameZh: [RegExp, string][] = [
  [/^Usage: /gm, '用法：'],
  [/^Options:$/gm, '选项：'],
  [/^Arguments:$/gm, '参数：'],
  [/^Commands:$/gm, '命令：'],
  [/\(default: ([^()]*)\)/g, '（默认：$1）'],
  [/\(choices: ([^()]*)\)/g, '（可选：$1）'],
  [/display help for command/g, '显示命令帮助'],
  [/^ {2}help \[command\]( +)display help for command/gm, '  help [command]$1显示命令帮助'],
];

/** commander's own error lines (the rest of a line, names and values, stays as typed). */
export const commanderErrorsZh: [RegExp, string][] = [
  [/^error: unknown option '([^']*)'/m, "错误：未知选项 '$1'"],
  [/^error: unknown command '([^']*)'/m, "错误：未知命令 '$1'"],
  [/^error: required option '([^']*)' not specified/m, "错误：缺少必填选项 '$1'"],
  [/^error: missing required argument '([^']*)'/m, "错误：缺少必填参数 '$1'"],
  [/^error: too many arguments( for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./m, '错误：参数过多（应为 $3 个，实为 $4 个）。'],
  [/^error: option '([^']*)' argument missing/m, "错误：选项 '$1' 缺少取值"],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are ([^\n]*)\./m, "错误：选项 '$1' 的取值 '$2' 无效，可选：$3。"],
  [/\(Did you mean ([^?]*)\?\)/m, '（是否想用 $1？）'],
];
