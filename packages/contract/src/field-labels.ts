/**
 * Chinese names of request fields, so a validation error names the field as a clerk knows it
 * ("信访人姓名", not "petitioners.0.name"). The last named segment of a path decides the label;
 * a field missing here falls back to its path.
 */
export const FIELD_LABELS: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  id: '编号',
  attachmentId: '附件编号',
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  totp: '动态验证码',
  issueToken: '是否签发令牌',
  code: '查询码',
  secret: '查询密码',
  q: '检索词',
  page: '页码',
  pageSize: '每页条数',
  state: '状态',
  channel: '信访形式',
  purpose: '信访目的',
  regionCode: '行政区划代码',
  petitioners: '信访人',
  name: '名称',
  idNumber: '身份证号码',
  phone: '联系电话',
  address: '住址',
  content: '诉求内容',
  title: '标题',
  categoryId: '内容分类',
  confidential: '保密标记',
  accusedUnitId: '被反映单位',
  persons: '人数',
  registeredOn: '登记日期',
  isSkipLevel: '越级标记',
  repeatOfId: '重复信访关联',
  externalNo: '外部编号',
  source: '来源',
  sourceNote: '来源说明',
  sourceUnitId: '来源单位',
  leaderName: '接访领导',
  unitId: '单位',
  unit: '单位',
  parentId: '上级',
  kind: '类别',
  displayName: '姓名',
  roles: '角色',
  active: '启用状态',
  canViewPersonalData: '个人信息查看权限',
  sort: '排序',
  reason: '理由',
  reasons: '理由',
  comment: '意见',
  days: '天数',
  facts: '事实',
  basis: '依据',
  result: '结果',
  outcome: '结论',
  replyText: '答复内容',
  request: '请求事项',
  method: '方式',
  approverName: '批准人',
  legalChannel: '法定途径',
  format: '格式',
  period: '周期',
  from: '起始日期',
  to: '截止日期',
  file: '上传文件',
  filename: '文件名',
  version: '版本号',
  skipInvalid: '跳过无效行',
  regions: '行政区划',
};

/** Labels that depend on the enclosing field. */
const NESTED_LABELS: Record<string, string> = {
  'petitioners.name': '姓名',
};

/** "petitioners.0.name" → "信访人·第1项·姓名"; unknown segments are kept as they are. */
export function fieldLabel(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return FIELD_LABELS.body;
  const parts: string[] = [];
  let parent = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) {
      parts.push(`第${Number(segment) + 1}项`);
    } else {
      parts.push(NESTED_LABELS[`${parent}.${segment}`] ?? FIELD_LABELS[segment] ?? String(segment));
      parent = segment;
    }
  }
  return parts.join('·');
}
