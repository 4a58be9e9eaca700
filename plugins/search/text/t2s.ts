// A compact traditional → simplified Chinese table: frequent characters of
// lifestyle writing (places, food, travel, beauty, family), so 露營/露营 and
// 咖啡館/咖啡馆 meet in the index. Not a full converter: characters missing
// here stay as written. Pairs are listed as two parallel strings.

const TRADITIONAL =
  '國們來個說時會對為與這們開關門問間聽學寫讀書東車長見現電話語請讓還過進運動場氣愛親嗎兒麼從後點樣邊區' +
  '發經無實體當處買賣貴價錢銀張馬魚鳥龍鳳雞鴨麵飯館餐飲燒醬湯飽餅糧鹹甜熱涼凍溫濕雲雨風陽陰霧雪節' +
  '園廣場廳樓層廁醫藥療護膚霜臉頰髮鬚膠潔淨濃淡輕鬆緊藍綠紅黃紫綿織縫線網紙筆畫圖寫樂聲響戲劇影視' +
  '攝頭臉優質產農業條約傳統舊新舉辦應該準備認識讓設計計劃劃衛環境靜鬧僅雖雜難歡喜戀夥伴婦媽爺奶孫孩' +
  '遊覽觀參團隊導飛機場機鐵路線乘驛橋灣島嶼湖濱岸澤灘漁獵營帳篷燈爐罐壺碗盤筷勺錶鍋廚烤蝦蟹貝鴿鵝' +
  '週歲齡壽賽獎勵贈禮貨幣幾萬億億兩雙對單號碼數據標準類別種種籤簽讚評論藝術館員際屬於級積極聯絡' +
  '體驗試穿搭鞋襪褲裙襯衫帶飾鑽戒鏈環錦縣鎮鄉莊舖鋪店攤販購運費郵寄遞貼紙護膚敏感潤澤滋養痘斑皺紋' +
  '腳腿臂滿減輸贏勝敗優惠劵盡興奮憂慮懶惰擔憂緒慣習練課訓輔導師隨機選擇擁擠鬧騰寵貓狗餵飼獸' +
  '歐亞蘇滬寧閩粵贛瀋陽臺灣廈門澳門嶺廣州濟陝韓碼頭漢漫畫壇竟鏡頭滑雪衝浪騎馬釣魚攀岩跑步瑜伽' +
  '麗豔燦爛壯闊峽穀嶺瀑佈泉礦廢墟遺蹟紀念館藏寶殿廟宮闕權勢錄聞蔣鄧劉陳楊趙吳鄭謝韓馮蕭';
const SIMPLIFIED =
  '国们来个说时会对为与这们开关门问间听学写读书东车长见现电话语请让还过进运动场气爱亲吗儿么从后点样边区' +
  '发经无实体当处买卖贵价钱银张马鱼鸟龙凤鸡鸭面饭馆餐饮烧酱汤饱饼粮咸甜热凉冻温湿云雨风阳阴雾雪节' +
  '园广场厅楼层厕医药疗护肤霜脸颊发须胶洁净浓淡轻松紧蓝绿红黄紫绵织缝线网纸笔画图写乐声响戏剧影视' +
  '摄头脸优质产农业条约传统旧新举办应该准备认识让设计计划划卫环境静闹仅虽杂难欢喜恋伙伴妇妈爷奶孙孩' +
  '游览观参团队导飞机场机铁路线乘驿桥湾岛屿湖滨岸泽滩渔猎营帐篷灯炉罐壶碗盘筷勺表锅厨烤虾蟹贝鸽鹅' +
  '周岁龄寿赛奖励赠礼货币几万亿亿两双对单号码数据标准类别种种签签赞评论艺术馆员际属于级积极联络' +
  '体验试穿搭鞋袜裤裙衬衫带饰钻戒链环锦县镇乡庄铺铺店摊贩购运费邮寄递贴纸护肤敏感润泽滋养痘斑皱纹' +
  '脚腿臂满减输赢胜败优惠券尽兴奋忧虑懒惰担忧绪惯习练课训辅导师随机选择拥挤闹腾宠猫狗喂饲兽' +
  '欧亚苏沪宁闽粤赣沈阳台湾厦门澳门岭广州济陕韩码头汉漫画坛竟镜头滑雪冲浪骑马钓鱼攀岩跑步瑜伽' +
  '丽艳灿烂壮阔峡谷岭瀑布泉矿废墟遗迹纪念馆藏宝殿庙宫阙权势录闻蒋邓刘陈杨赵吴郑谢韩冯萧';

const TABLE = new Map<string, string>();
{
  const from = Array.from(TRADITIONAL);
  const to = Array.from(SIMPLIFIED);
  if (from.length !== to.length) throw new Error(`t2s table misaligned: ${from.length} vs ${to.length}`);
  for (let i = 0; i < from.length; i++) if (from[i] !== to[i]) TABLE.set(from[i]!, to[i]!);
}

/** How many distinct traditional characters the table maps. */
export const T2S_SIZE = TABLE.size;

/** Maps traditional characters the table knows to simplified ones; others are kept. */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TABLE.get(ch) ?? ch;
  return out;
}
