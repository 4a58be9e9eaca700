// The bilingual lifestyle lexicon shipped with the plugin. Each entry is a
// slot value: words that mean it in a query (triggers, Chinese and English)
// and terms to search in addition (expand). Admins add or override entries
// through the plugin settings (`lexicon`). Triggers and expansions are
// normalized and segmented like everything else, so 週末 and 周末 both work.

export type Slot = 'activity' | 'audience' | 'time' | 'place' | 'budget' | 'need';

export interface LexiconEntry {
  id: string;
  slot: Slot;
  label: string;
  triggers: string[];
  expand: string[];
  /** Section title for results grouped by this entry. */
  section?: string;
}

const e = (slot: Slot, id: string, label: string, triggers: string[], expand: string[], section?: string): LexiconEntry => ({ id, slot, label, triggers, expand, section });

export const LEXICON: LexiconEntry[] = [
  // ---- activities
  e('activity', 'outing', '出游 / outing', ['去哪儿玩', '去哪玩', '哪里玩', '去哪儿', '好去处', '出去玩', 'where to go', 'things to do', 'day trip', 'go out'],
    ['景点', '公园', '打卡', '好去处', '周边游', 'day trip', 'park', 'spot', 'outing', 'visit'], 'Places to go / 好去处'),
  e('activity', 'cafe', '咖啡馆 / cafés', ['咖啡', '咖啡馆', '咖啡店', 'cafe', 'café', 'coffee', 'coffee shop'],
    ['咖啡', '咖啡馆', '拿铁', '手冲', 'cafe', 'coffee', 'latte'], 'Cafés / 咖啡馆'),
  e('activity', 'hiking', '徒步 / hiking', ['徒步', '爬山', '登山', 'hike', 'hiking', 'trail', 'trek'],
    ['徒步', '爬山', '登山', '步道', 'hike', 'trail', 'mountain'], 'Hiking routes / 徒步路线'),
  e('activity', 'camping', '露营 / camping', ['露营', '野营', '营地', 'camping', 'camp', 'glamping'],
    ['露营', '营地', '帐篷', 'camping', 'campsite', 'tent', '#露营'], 'Camping / 露营'),
  e('activity', 'food', '美食 / food', ['美食', '好吃', '吃什么', '餐厅', '探店', 'food', 'restaurant', 'eat', 'where to eat', 'brunch'],
    ['美食', '餐厅', '探店', '好吃', 'restaurant', 'food', 'dish', 'brunch'], 'Food / 美食'),
  e('activity', 'museum', '展览 / museums', ['博物馆', '美术馆', '展览', '看展', 'museum', 'gallery', 'exhibition'],
    ['博物馆', '美术馆', '展览', 'museum', 'gallery', 'exhibition'], 'Museums and shows / 看展'),
  e('activity', 'skincare', '护肤 / skincare', ['护肤', '面霜', '精华', '乳液', '敏感肌', '干皮', '油皮', 'skincare', 'skin care', 'moisturizer', 'cream', 'serum', 'sensitive skin'],
    ['护肤', '面霜', '保湿', '修护', '敏感肌', 'skincare', 'moisturizer', 'cream', 'serum', 'sensitive'], 'Skincare / 护肤'),
  e('activity', 'outfit', '穿搭 / outfits', ['穿搭', 'ootd', '搭配', '衣服', 'outfit', 'what to wear', 'style'],
    ['穿搭', '搭配', 'ootd', '#ootd', 'outfit', 'look'], 'Outfits / 穿搭'),
  e('activity', 'photo', '拍照 / photo spots', ['拍照', '出片', '打卡', '好看', 'photo', 'instagrammable', 'photogenic', 'photo spot'],
    ['拍照', '出片', '打卡', '机位', 'photo', 'photogenic', 'view'], 'Photo-friendly spots / 出片地'),
  e('activity', 'indoor', '室内 / indoor', ['室内', '下雨', '雨天', 'indoor', 'indoors', 'rainy', 'rain', 'rainy day'],
    ['室内', '雨天', '商场', '博物馆', '室内乐园', 'indoor', 'mall', 'museum', 'rainy'], 'Indoor ideas / 雨天室内'),
  e('activity', 'cooking', '做饭 / cooking', ['做饭', '菜谱', '食谱', '烘焙', 'recipe', 'cook', 'cooking', 'bake', 'baking'],
    ['菜谱', '做法', '烘焙', '家常菜', 'recipe', 'cook', 'bake'], 'Recipes / 菜谱'),
  // ---- audiences
  e('audience', 'kids', '遛娃 / kids', ['遛娃', '带娃', '带孩子', '亲子', '孩子', '宝宝', '儿童', '小朋友', 'kids', 'kid', 'children', 'child', 'family', 'toddler', 'with kids'],
    ['遛娃', '带娃', '亲子', '儿童', '孩子', '宝宝', 'kids', 'family', 'children', 'toddler', 'kid-friendly'], 'Kid-friendly / 适合遛娃'),
  e('audience', 'couples', '情侣 / couples', ['情侣', '约会', '男朋友', '女朋友', '对象', 'couple', 'couples', 'date', 'date night', 'romantic'],
    ['情侣', '约会', '浪漫', 'couple', 'date', 'romantic'], 'For couples / 约会'),
  e('audience', 'pets', '宠物 / pets', ['宠物', '带狗', '狗狗', '猫咪', '遛狗', 'pet', 'pets', 'dog', 'dogs', 'cat', 'pet-friendly'],
    ['宠物', '狗狗', '宠物友好', '遛狗', 'pet', 'dog', 'pet-friendly'], 'Pet-friendly / 宠物友好'),
  e('audience', 'solo', '一个人 / solo', ['一个人', '独自', 'solo', 'alone', 'by myself'], ['一个人', '独处', 'solo', 'quiet'], 'On your own / 一个人'),
  e('audience', 'sensitive-skin', '敏感肌 / sensitive skin', ['敏感肌', '敏感', '泛红', 'sensitive skin', 'sensitive'],
    ['敏感肌', '温和', '修护', '无香', 'sensitive', 'gentle', 'fragrance-free'], 'For sensitive skin / 敏感肌适用'),
  // ---- time
  e('time', 'weekend', '周末 / weekend', ['周末', '星期六', '星期天', '周六', '周日', 'weekend', 'saturday', 'sunday'], ['周末', 'weekend'], undefined),
  e('time', 'tonight', '今晚 / tonight', ['今晚', '晚上', '夜里', 'tonight', 'evening', 'night'], ['夜景', '晚上', '夜市', 'night', 'evening'], 'Tonight / 今晚'),
  e('time', 'spring', '春天 / spring', ['春天', '春季', '赏花', 'spring'], ['春天', '赏花', '樱花', 'spring', 'blossom']),
  e('time', 'summer', '夏天 / summer', ['夏天', '夏季', '避暑', 'summer'], ['夏天', '避暑', '玩水', 'summer', 'beach']),
  e('time', 'autumn', '秋天 / autumn', ['秋天', '秋季', '赏枫', 'autumn', 'fall'], ['秋天', '红叶', '银杏', 'autumn', 'foliage']),
  e('time', 'winter', '冬天 / winter', ['冬天', '冬季', '滑雪', 'winter'], ['冬天', '滑雪', '温泉', 'winter', 'ski']),
  // ---- places
  e('place', 'near-me', '附近 / near me', ['附近', '周边', '离我近', 'near me', 'nearby', 'around here'], ['附近', '周边', 'nearby'], 'Nearby / 附近'),
  e('place', 'shanghai', '上海 / Shanghai', ['上海', 'shanghai', '沪'], ['上海', 'shanghai']),
  e('place', 'beijing', '北京 / Beijing', ['北京', 'beijing', 'peking'], ['北京', 'beijing']),
  e('place', 'hangzhou', '杭州 / Hangzhou', ['杭州', 'hangzhou', '西湖'], ['杭州', 'hangzhou']),
  e('place', 'chengdu', '成都 / Chengdu', ['成都', 'chengdu'], ['成都', 'chengdu']),
  e('place', 'shenzhen', '深圳 / Shenzhen', ['深圳', 'shenzhen'], ['深圳', 'shenzhen']),
  e('place', 'guangzhou', '广州 / Guangzhou', ['广州', 'guangzhou', 'canton'], ['广州', 'guangzhou']),
  // ---- budget
  e('budget', 'cheap', '平价 / budget', ['平价', '便宜', '省钱', '学生党', '免费', 'cheap', 'budget', 'affordable', 'free', 'inexpensive'],
    ['平价', '便宜', '性价比', '免费', 'cheap', 'budget', 'affordable', 'free'], 'On a budget / 平价'),
  e('budget', 'premium', '高端 / premium', ['高端', '贵妇', '奢华', 'luxury', 'premium', 'high-end'], ['高端', '贵妇', 'luxury', 'premium']),
  // ---- needs
  e('need', 'recommendation', '推荐 / recommendations', ['推荐', '求推荐', '哪个好', '好用', 'recommend', 'recommendation', 'recommendations', 'best', 'suggest'],
    ['推荐', '好用', '回购', 'recommend', 'favorite', 'best']),
  e('need', 'tutorial', '教程 / how-to', ['教程', '怎么', '如何', '攻略', '步骤', 'tutorial', 'how to', 'guide', 'step by step'],
    ['教程', '攻略', '步骤', 'tutorial', 'guide', 'step'], 'How-to guides / 教程攻略'),
  e('need', 'pitfalls', '避坑 / pitfalls', ['避坑', '踩雷', '踩坑', '别买', '坑', 'pitfall', 'pitfalls', 'avoid', 'mistakes', 'warning'],
    ['避坑', '踩雷', '踩坑', '注意', 'pitfall', 'avoid', 'mistake'], 'Pitfalls to avoid / 避坑指南'),
];
