import type { LocalizedMessage } from '@yishi/errors';

/** What staff read when sign-in or staff management refuses them. */
export const messages = {
  badCredentials: { zh: '账号或密码不正确', en: 'Wrong login or password' },
  locked: {
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins; wait and try again',
  },
  disabled: {
    zh: '该账号已停用，请联系管理员',
    en: 'This account is disabled; ask an administrator',
  },
  sessionEnded: { zh: '登录已失效，请重新登录', en: 'Your session has ended; sign in again' },
  staffNotFound: { zh: '未找到该工作人员', en: 'No such staff account' },
  communityNotFound: { zh: '未找到该小区', en: 'No such community' },
  loginTaken: { zh: '该登录名已被使用', en: 'This login is already taken' },
  notCommitteeAdmin: {
    zh: '只有本小区的业委会管理员可以管理其工作人员',
    en: 'Only a committee admin of this community can manage its staff',
  },
  platformAdminOnly: {
    zh: '只有平台管理员可以执行此操作',
    en: 'Only a platform admin can do this',
  },
  notOwnAccount: {
    zh: '不能停用自己的账号或取消自己的平台管理员身份',
    en: 'You cannot disable your own account or drop your own platform admin flag',
  },
  noRole: {
    zh: '请至少为该账号指定一个小区角色',
    en: 'Give the account at least one role in a community',
  },
  passwordRules: {
    zh: '密码至少 10 个字符，且不能与登录名相同',
    en: 'The password needs at least 10 characters and must differ from the login',
  },
  currentPasswordWrong: { zh: '当前密码不正确', en: 'The current password is wrong' },
  preferredWithoutAddress: {
    zh: '首选渠道需要填写对应的手机号、邮箱或微信 openid',
    en: 'The preferred channel needs its phone number, e-mail or WeChat openid',
  },
} satisfies Record<string, LocalizedMessage>;
