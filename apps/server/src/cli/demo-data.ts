/** Illustrative Chinese content for the demo county (names and cases are invented). */
export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
export const GIVEN = [
  '秀兰',
  '建国',
  '桂英',
  '志强',
  '玉梅',
  '国庆',
  '红霞',
  '海军',
  '丽娟',
  '卫东',
  '春生',
  '淑珍',
  '金山',
  '小燕',
  '长青',
  '凤英',
  '德明',
  '翠花',
  '永福',
  '桂芳',
  '振华',
  '素梅',
  '宝山',
  '春燕',
];

export type CaseTemplate = {
  category: [string, string];
  purpose: 'solution' | 'appeal' | 'report' | 'suggestion';
  unit: string;
  texts: string[];
};

export const CASE_TEMPLATES: CaseTemplate[] = [
  {
    category: ['劳动和社会保障', '劳资纠纷'],
    purpose: 'solution',
    unit: '县人力资源和社会保障局',
    texts: [
      '反映在{town}某安置房项目务工期间被拖欠工资{money}万元，包工头失联，多次讨要未果，请求协调解决。',
      '反映所在服装加工厂停产后拖欠{n}名工人{month}个月工资，请求相关部门督促企业支付。',
      '反映在县城某物流公司工作三年未签劳动合同，被辞退后未获经济补偿，请求依法处理。',
    ],
  },
  {
    category: ['劳动和社会保障', '社会保险'],
    purpose: 'solution',
    unit: '县人力资源和社会保障局',
    texts: ['反映原单位未按规定为其缴纳{year}年至今的养老保险，导致无法办理退休手续，请求补缴。'],
  },
  {
    category: ['城乡建设', '房屋拆迁与补偿'],
    purpose: 'solution',
    unit: '县住房和城乡建设局',
    texts: [
      '反映{town}棚户区改造项目中其房屋面积认定有误，补偿款少算约{money}万元，请求重新核定。',
      '反映拆迁安置房至今未能交付，已超过约定期限{month}个月，过渡费也停发，请求尽快安置。',
    ],
  },
  {
    category: ['城乡建设', '物业管理'],
    purpose: 'suggestion',
    unit: '县住房和城乡建设局',
    texts: ['反映所住小区物业公司长期不履行维修义务，电梯多次故障，建议加强对物业企业的监管。'],
  },
  {
    category: ['国土资源', '土地征收'],
    purpose: 'solution',
    unit: '县自然资源局',
    texts: ['反映{town}某村土地被征收用于道路建设，征地补偿款至今未足额发放到户，请求核查。'],
  },
  {
    category: ['农村农业', '惠农补贴'],
    purpose: 'solution',
    unit: '县农业农村局',
    texts: ['反映{year}年耕地地力保护补贴未发放到其账户，村里称名单有误，请求核实补发。'],
  },
  {
    category: ['农村农业', '土地承包'],
    purpose: 'solution',
    unit: '{townGov}',
    texts: ['反映与邻居因承包地边界发生纠纷，村委会调解未果，请求乡镇协调处理。'],
  },
  {
    category: ['卫生计生', '医患纠纷'],
    purpose: 'appeal',
    unit: '县卫生健康委员会',
    texts: ['反映其母亲在县某医院手术后出现并发症，认为医院存在过错，对医院的答复不服，请求调查处理。'],
  },
  {
    category: ['环境保护', '环境污染'],
    purpose: 'suggestion',
    unit: '县生态环境局',
    texts: ['反映{town}某板材加工厂夜间生产噪声扰民、粉尘污染严重，请求依法查处。'],
  },
  {
    category: ['民政', '社会救助'],
    purpose: 'solution',
    unit: '县民政局',
    texts: ['反映家中因病致贫，申请最低生活保障未获批准，请求重新审核。'],
  },
  {
    category: ['教育文体', '教育管理'],
    purpose: 'suggestion',
    unit: '县教育体育局',
    texts: ['反映孩子入学划片不合理，离家较近的学校无法就读，建议优化学区划分。'],
  },
  {
    category: ['纪检监察', '违纪违法'],
    purpose: 'report',
    unit: '县纪委监委',
    texts: ['反映{town}某村干部在危房改造补助发放中优亲厚友、虚报冒领，请求调查。'],
  },
  {
    category: ['政法', '涉法涉诉'],
    purpose: 'appeal',
    unit: '县人民法院',
    texts: ['对民间借贷纠纷案件判决不服，认为执行不到位，请求督促执行。'],
  },
];

export const DEMO_DEPARTMENTS = [
  '县人力资源和社会保障局',
  '县住房和城乡建设局',
  '县自然资源局',
  '县农业农村局',
  '县卫生健康委员会',
  '县生态环境局',
  '县民政局',
  '县教育体育局',
];
