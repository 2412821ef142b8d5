/** What people see when the roster refuses something, in zh-CN and en. */
export const messages = {
  communityNotFound: { zh: '未找到该小区', en: 'No such community' },
  buildingNotFound: { zh: '未找到该楼栋', en: 'No such building' },
  unitNotFound: { zh: '未找到该房屋', en: 'No such unit' },
  importNotFound: { zh: '未找到该导入记录', en: 'No such roster import' },
  gridNotFound: { zh: '未找到该网格', en: 'No such grid' },
  gridNameTaken: { zh: '本小区已有同名网格', en: 'This community already has a grid of that name' },
  notGridWorker: {
    zh: '只能把本小区的网格员分配到网格',
    en: 'Only grid workers of this community can be assigned to a grid',
  },
  platformAdminOnly: {
    zh: '只有平台管理员可以登记小区',
    en: 'Only platform admins can register communities',
  },
  committeeAdminOnly: {
    zh: '只有本小区的业委会管理员可以这样做',
    en: "Only this community's committee admins can do this",
  },
  committeeOnly: {
    zh: '只有本小区的业委会成员可以管理业主名册',
    en: "Only this community's committee can manage the owner roster",
  },
  accountDisabled: { zh: '账号已停用，请重新登录', en: 'The account is disabled; sign in again' },
  noFile: {
    zh: '请上传业主名册文件（表单字段 file，或请求体加 ?fileName=）',
    en: 'Upload the roster file (form field "file", or the request body with ?fileName=)',
  },
  emptyFile: { zh: '上传的文件是空的', en: 'The uploaded file is empty' },
  unknownFormat: {
    zh: '无法识别文件格式：请上传 .xlsx 或 .csv 文件（旧的 .xls 请在 Excel 中另存为 .xlsx）',
    en: 'Unknown file format: upload an .xlsx or .csv file (save an old .xls as .xlsx in Excel)',
  },
  fileTooLarge: (mb: number) => ({
    zh: `文件超过 ${mb} MB，请拆分后分批导入`,
    en: `The file is larger than ${mb} MB; split it and import the parts`,
  }),
  notReady: {
    checking: {
      zh: '文件仍在检查中，请等检查完成后再导入',
      en: 'The file is still being checked; apply it once the check is done',
    },
    invalid: {
      zh: '文件有错误行，不能导入；请修改后重新上传',
      en: 'The file has bad rows and cannot be applied; fix them and upload it again',
    },
    applying: { zh: '该文件正在导入', en: 'This file is already being applied' },
    applied: { zh: '该文件已经导入过了', en: 'This file has already been applied' },
    failed: {
      zh: '该导入已失败，请重新上传文件',
      en: 'This import failed; upload the file again',
    },
  },
  failure: {
    interrupted: {
      zh: '导入过程被中断（服务重启），名册没有任何改动；请重新上传',
      en: 'The import was interrupted (the service restarted) and nothing was changed; upload the file again',
    },
    stale: {
      zh: '检查之后名册已有变动（可能已导入了另一个文件），本次没有任何改动；请重新上传以生成新的预览',
      en: 'The roster changed after the check (another file may have been applied) and nothing was changed; upload the file again for a fresh preview',
    },
    error: {
      zh: '导入时出错，名册没有任何改动；请稍后重试',
      en: 'The import failed and nothing was changed; try again later',
    },
  },
} as const;

export type FailureCode = keyof typeof messages.failure;
