import type { ErrorCode } from '@xinfang/contract';

/** Error code → what a clerk reads. The server's own Chinese message is shown when it is more precise. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查标红的字段',
  BAD_REQUEST: '请求无效，请检查填写的内容',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  PASSWORD_CHANGE_REQUIRED: '首次登录须修改密码',
  SECOND_FACTOR_REQUIRED: '请输入手机验证器显示的6位动态验证码',
  SECOND_FACTOR_ENROLMENT_REQUIRED: '请先绑定手机验证器（动态验证码）',
  FORBIDDEN: '您没有执行该操作的权限',
  CSRF_FAILED: '页面已过期，请刷新后重试',
  NOT_FOUND: '不存在或无权访问',
  STATE_CONFLICT: '当前状态不允许该操作，请刷新后查看可办理的操作',
  VERSION_CONFLICT: '已被他人修改，请重新加载后再办理',
  DUPLICATE: '该记录已存在',
  CONFIDENTIALITY_CONFLICT: '保密要求不允许该操作',
  WINDOW_CLOSED: '已超过可办理的期限',
  PAYLOAD_TOO_LARGE: '文件过大，超过上传限制',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件类型',
  ACCOUNT_LOCKED: '用户名或密码错误',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  INTERNAL: '服务器内部错误，请联系管理员',
  REVIEW_ORGAN_CONFLICT: '复查、复核机关不符合规定',
  ALREADY_DELIVERED: '该文书已登记送达',
  RECUSED: '您已回避此信访事项，不能办理',
};

/** Codes whose generic text is the message (the server's text could reveal too much or be technical). */
const GENERIC_ONLY = new Set<ErrorCode>(['INTERNAL', 'CSRF_FAILED', 'NOT_FOUND']);

export function messageFor(code: ErrorCode, serverMessage?: string): string {
  if (!GENERIC_ONLY.has(code) && serverMessage && /[\u4e00-\u9fa5]/.test(serverMessage)) return serverMessage;
  return ERROR_MESSAGES[code] ?? '操作失败，请重试';
}
