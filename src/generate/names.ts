/** Reference data for the synthetic extract: real area codes, province/city names and plausible postcodes. */
export interface City {
  code: string; // GB/T 2260 district code
  province: string;
  city: string;
  district: string;
  postcode: string; // the district's main postcode
}

export const CITIES: readonly City[] = [
  { code: '110105', province: '北京市', city: '北京市', district: '朝阳区', postcode: '100020' },
  { code: '110108', province: '北京市', city: '北京市', district: '海淀区', postcode: '100080' },
  { code: '120101', province: '天津市', city: '天津市', district: '和平区', postcode: '300041' },
  { code: '310104', province: '上海市', city: '上海市', district: '徐汇区', postcode: '200030' },
  { code: '310115', province: '上海市', city: '上海市', district: '浦东新区', postcode: '200120' },
  { code: '500103', province: '重庆市', city: '重庆市', district: '渝中区', postcode: '400010' },
  { code: '360102', province: '江西省', city: '南昌市', district: '东湖区', postcode: '330006' },
  { code: '210102', province: '辽宁省', city: '沈阳市', district: '和平区', postcode: '110001' },
  { code: '230103', province: '黑龙江省', city: '哈尔滨市', district: '南岗区', postcode: '150001' },
  { code: '320102', province: '江苏省', city: '南京市', district: '玄武区', postcode: '210018' },
  { code: '320508', province: '江苏省', city: '苏州市', district: '姑苏区', postcode: '215008' },
  { code: '330106', province: '浙江省', city: '杭州市', district: '西湖区', postcode: '310012' },
  { code: '340104', province: '安徽省', city: '合肥市', district: '蜀山区', postcode: '230031' },
  { code: '350203', province: '福建省', city: '厦门市', district: '思明区', postcode: '361001' },
  { code: '370102', province: '山东省', city: '济南市', district: '历下区', postcode: '250011' },
  { code: '370202', province: '山东省', city: '青岛市', district: '市南区', postcode: '266001' },
  { code: '410105', province: '河南省', city: '郑州市', district: '金水区', postcode: '450003' },
  { code: '420106', province: '湖北省', city: '武汉市', district: '武昌区', postcode: '430061' },
  { code: '430104', province: '湖南省', city: '长沙市', district: '岳麓区', postcode: '410006' },
  { code: '440106', province: '广东省', city: '广州市', district: '天河区', postcode: '510630' },
  { code: '440305', province: '广东省', city: '深圳市', district: '南山区', postcode: '518052' },
  { code: '450103', province: '广西壮族自治区', city: '南宁市', district: '青秀区', postcode: '530022' },
  { code: '510107', province: '四川省', city: '成都市', district: '武侯区', postcode: '610041' },
  { code: '530102', province: '云南省', city: '昆明市', district: '五华区', postcode: '650031' },
  { code: '610113', province: '陕西省', city: '西安市', district: '雁塔区', postcode: '710061' },
  { code: '620102', province: '甘肃省', city: '兰州市', district: '城关区', postcode: '730030' },
];

/** The other provinces (issue 17): with CITIES every province, each with its own postcodes — those starting with 0 too. */
export const MORE_CITIES: readonly City[] = [
  { code: '150102', province: '内蒙古自治区', city: '呼和浩特市', district: '新城区', postcode: '010010' },
  { code: '140105', province: '山西省', city: '太原市', district: '小店区', postcode: '030032' },
  { code: '130102', province: '河北省', city: '石家庄市', district: '长安区', postcode: '050011' },
  { code: '130203', province: '河北省', city: '唐山市', district: '路北区', postcode: '063000' },
  { code: '220104', province: '吉林省', city: '长春市', district: '朝阳区', postcode: '130012' },
  { code: '460108', province: '海南省', city: '海口市', district: '美兰区', postcode: '570203' },
  { code: '520102', province: '贵州省', city: '贵阳市', district: '南明区', postcode: '550001' },
  { code: '640104', province: '宁夏回族自治区', city: '银川市', district: '兴庆区', postcode: '750001' },
  { code: '630102', province: '青海省', city: '西宁市', district: '城东区', postcode: '810007' },
  { code: '650102', province: '新疆维吾尔自治区', city: '乌鲁木齐市', district: '天山区', postcode: '830002' },
  { code: '540102', province: '西藏自治区', city: '拉萨市', district: '城关区', postcode: '850000' },
];

export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  '欧阳', '上官', '司马', '诸葛',
];
export const GIVEN_MALE = [...'伟强磊军洋勇杰涛明超鹏华飞刚平辉建国志文斌波宇浩凯健俊帆峰鑫博晨阳子轩睿皓然宸成栋'];
export const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞秀玲桂英婷雪慧琳颖倩欣怡萱涵悦佳雨梓诗梦思晓萍红燕兰月'];
/** Rarer characters that good CJK fonts still have (some only in Ext. A/B or the 2013 general list). */
export const RARE_CHARS = ['珺', '喆', '堃', '燚', '龑', '䶮', '𬱖'];
/** U+201D4: in no configured font, so the renderer must hold it (UNPRINTABLE_CHARACTER). */
export const UNPRINTABLE_CHAR = '𠇔';

export const STREETS = [...'建国路 人民路 解放路 中山路 和平路 新华路 长江路 黄河路 文化路 胜利路 光明路 幸福路 学院路 工业路 朝阳路 滨江路 青年路 东风路 南京路 北京路'.split(' ')];
export const FIRM_WORDS = '恒信 华瑞 新泰 东方 宏达 永盛 金石 博远 天成 瑞丰 中恒 诚信 鑫源 安泰 嘉禾'.split(' ');
export const INDUSTRIES = '科技 贸易 建设工程 物流 餐饮管理 电子 机械制造 医药 信息技术 文化传媒 环保 食品'.split(' ');
export const RELATIONS_OTHER = ['祖母', '祖父', '外祖母', '外祖父'];
