// Word pools of the generated trust corpus (corpus.ts): honest lifestyle
// notes in Chinese and English built from slot templates (so no two honest
// notes share whole sentences by accident), brands, products and the
// wording of promotions, spam and listed words.

export interface TopicWords {
  tags: string[];
  things: string[];
  good: string[];
  details: string[];
}

export const ZH_TOPICS: Record<string, TopicWords> = {
  cafe: { tags: ['咖啡', '探店', '咖啡馆'], things: ['手冲', '燕麦拿铁', '冷萃', '肉桂卷', '巴斯克', '美式', '窗边的位置', '店里的歌单'], good: ['很顺口', '不酸不苦', '香气很足', '甜度刚好', '出乎意料地好', '一般般', '有点贵但值得', '适合慢慢喝'], details: ['店员会推荐豆子', '下午阳光照进来很舒服', '可以带狗狗', '插座很多适合办公', '周末要排队二十分钟', '杯子是手工陶瓷的', '甜品每天限量', '二楼有个小露台'] },
  hiking: { tags: ['徒步', '爬山', '户外'], things: ['这条线', '山顶的风景', '下山的台阶', '林间小路', '补给点', '溪边那段', '日出', '竹林'], good: ['难度适中', '风景超级好', '有点累但值得', '很适合新手', '人很少很安静', '比想象中陡', '一路都有树荫', '拍照很出片'], details: ['全程大概八公里', '记得带够水', '登山杖很有用', '地铁能直达起点', '下雨后路比较滑', '山顶有小卖部', '早上七点出发刚好', '路标很清楚不会迷路'] },
  camping: { tags: ['露营', '户外', '周末去哪儿'], things: ['营地', '帐篷', '天幕', '篝火', '湖边的草地', '星空', '烧烤架', '折叠椅'], good: ['环境很好', '晚上有点冷', '非常惬意', '孩子玩疯了', '比酒店还舒服', '设施齐全', '蚊子不多', '安静得能听见虫鸣'], details: ['营位要提前一周订', '厕所和淋浴都很干净', '可以租装备', '晚上记得带厚外套', '离市区一个半小时', '有电源可以煮咖啡', '早上起来雾很美', '垃圾要自己带走'] },
  food: { tags: ['美食', '探店', '吃货日常'], things: ['牛肉面', '小笼包', '火锅', '烤鱼', '酸菜鱼', '煲仔饭', '糖水', '生煎'], good: ['汤头很浓', '分量很足', '辣得过瘾', '很有家的味道', '咸了一点', '外脆里嫩', '性价比很高', '值得再来'], details: ['老板是本地人', '中午人特别多', '藏在小巷子里', '开了二十多年', '只收现金', '晚上九点就关门', '可以加面不加钱', '排队的都是附近居民'] },
  museum: { tags: ['看展', '博物馆', '艺术'], things: ['这个展', '青铜器展厅', '印象派的画', '二楼的装置', '讲解', '文创店', '特展', '建筑本身'], good: ['很震撼', '信息量很大', '适合慢慢看', '布展很用心', '有点挤', '讲得很清楚', '很有设计感', '看了三个小时还没看完'], details: ['周一闭馆', '需要提前预约', '学生票半价', '可以租语音导览', '不能带饮料进去', '周五晚上开到九点', '出口有个安静的咖啡角', '拍照不能开闪光灯'] },
  skincare: { tags: ['护肤', '护肤心得', '敏感肌'], things: ['这瓶面霜', '洗面奶', '防晒', '精华', '保湿喷雾', '卸妆油', '面膜', '身体乳'], good: ['很温和', '不闷痘', '吸收很快', '有点油', '保湿效果一般', '味道很淡', '用完不紧绷', '冬天刚好'], details: ['用了一个月', '敏感期也能用', '混油皮可以试试', '早晚各用一次', '搭配防晒效果更好', '空瓶第二支了', '换季的时候会泛红', '记得做好保湿'] },
  kids: { tags: ['遛娃', '亲子', '带娃日常'], things: ['室内乐园', '绘本馆', '沙池', '小火车', '蹦床', '动物园', '儿童剧', '手工课'], good: ['孩子很喜欢', '很安全', '适合三岁以上', '大人也能放松', '有点吵', '收费合理', '老师很耐心', '玩了一下午不肯走'], details: ['有母婴室', '推车可以进', '工作日人少', '记得带袜子', '停车很方便', '旁边有家不错的餐厅', '可以办年卡', '要提前在小程序预约'] },
  cooking: { tags: ['家常菜', '做饭', '一人食'], things: ['番茄炒蛋', '红烧肉', '葱油拌面', '可乐鸡翅', '蒸鱼', '排骨汤', '凉拌黄瓜', '蛋炒饭'], good: ['十分钟搞定', '下饭神器', '家里人都爱吃', '比外卖健康', '第一次就成功了', '火候很关键', '有点咸下次少放盐', '简单又好吃'], details: ['糖色要小火慢慢炒', '鱼要先用姜片腌一下', '隔夜饭炒出来更香', '醋最后再放', '汤要炖两个小时', '葱油要用小葱', '可以多做一点冷冻', '出锅前撒点胡椒'] },
  plants: { tags: ['养花', '绿植', '阳台花园'], things: ['龟背竹', '绿萝', '多肉', '月季', '薄荷', '琴叶榕', '吊兰', '番茄苗'], good: ['长得很快', '很好养', '叶子发黄了', '终于开花了', '差点养死', '特别耐阴', '新叶很精神', '夏天状态最好'], details: ['一周浇一次水', '放在东边窗户', '换了大一点的盆', '用了缓释肥', '冬天要搬进屋', '发现了小飞虫', '剪了枝插在水里', '土干透再浇'] },
  fitness: { tags: ['健身', '跑步', '自律'], things: ['晨跑', '瑜伽课', '跳绳', '力量训练', '游泳', '普拉提', '骑行', '拉伸'], good: ['坚持了一个月', '体能好多了', '膝盖有点疼', '睡眠变好了', '比想象中累', '很解压', '心情变好了', '体重没变但线条出来了'], details: ['每周三次', '早上空腹跑五公里', '跟着视频练', '办了游泳卡', '运动前要热身', '记得补充蛋白质', '周末和朋友一起骑', '下载了一个记录软件'] },
};

export const EN_TOPICS: Record<string, TopicWords> = {
  cafe: { tags: ['coffee', 'cafe', 'coffeetime'], things: ['the pour-over', 'the oat latte', 'the cold brew', 'the cinnamon roll', 'the window seat', 'the playlist', 'the cortado', 'the almond croissant'], good: ['was smooth', 'was not bitter at all', 'smelled amazing', 'was just sweet enough', 'surprised me', 'was fine, nothing special', 'was pricey but worth it', 'is made for slow mornings'], details: ['the barista explained the beans', 'the afternoon light is lovely', 'dogs are welcome', 'plenty of outlets for laptops', 'weekends mean a twenty minute queue', 'the cups are handmade', 'pastries sell out by noon', 'there is a tiny terrace upstairs'] },
  hiking: { tags: ['hiking', 'trail', 'outdoors'], things: ['this trail', 'the summit view', 'the descent', 'the forest path', 'the water stop', 'the creek section', 'the sunrise', 'the bamboo grove'], good: ['is moderate', 'is stunning', 'was tiring but worth it', 'suits beginners', 'was quiet and empty', 'was steeper than expected', 'has shade all the way', 'is great for photos'], details: ['about eight kilometres in total', 'bring enough water', 'poles really help', 'the metro goes to the trailhead', 'it gets slippery after rain', 'there is a snack stand at the top', 'leaving at seven was perfect', 'the signs are clear'] },
  camping: { tags: ['camping', 'outdoors', 'weekend'], things: ['the campsite', 'our tent', 'the tarp', 'the campfire', 'the lakeside meadow', 'the night sky', 'the grill', 'the folding chairs'], good: ['was lovely', 'got cold at night', 'felt so relaxing', 'made the kids go wild', 'beat any hotel', 'had everything we needed', 'had few mosquitoes', 'was so quiet we heard crickets'], details: ['book a pitch a week ahead', 'toilets and showers are clean', 'you can rent gear', 'pack a warm jacket', 'ninety minutes from the city', 'there is power for a kettle', 'morning fog was beautiful', 'take your rubbish home'] },
  food: { tags: ['foodie', 'eats', 'dinner'], things: ['the beef noodles', 'the soup dumplings', 'the hotpot', 'the grilled fish', 'the clay pot rice', 'the dessert soup', 'the pan-fried buns', 'the dan dan noodles'], good: ['had a rich broth', 'was a huge portion', 'was properly spicy', 'tasted like home', 'was a bit salty', 'was crisp outside and tender inside', 'was great value', 'is worth a second visit'], details: ['the owner is a local', 'lunch is packed', 'it hides in a back alley', 'open for twenty years', 'cash only', 'closes at nine', 'extra noodles are free', 'the queue is all neighbours'] },
  museum: { tags: ['museum', 'art', 'exhibition'], things: ['this show', 'the bronze gallery', 'the impressionist room', 'the installation upstairs', 'the guided tour', 'the gift shop', 'the special exhibition', 'the building itself'], good: ['was breathtaking', 'was dense with information', 'deserves a slow visit', 'was curated with care', 'was crowded', 'was explained clearly', 'felt very designed', 'took three hours and I still did not finish'], details: ['closed on Mondays', 'booking is required', 'students pay half', 'audio guides are available', 'no drinks inside', 'open late on Fridays', 'there is a quiet cafe by the exit', 'no flash photography'] },
  skincare: { tags: ['skincare', 'sensitiveskin', 'selfcare'], things: ['this moisturizer', 'the cleanser', 'the sunscreen', 'the serum', 'the face mist', 'the cleansing oil', 'the sheet mask', 'the body lotion'], good: ['is gentle', 'did not break me out', 'absorbs fast', 'feels a bit greasy', 'is only so-so for hydration', 'barely has a scent', 'leaves no tightness', 'is perfect for winter'], details: ['used it for a month', 'fine during flare-ups', 'try it if you have combination skin', 'morning and night', 'pair it with sunscreen', 'on my second bottle', 'my skin reddens when seasons change', 'moisturize well'] },
  kids: { tags: ['familytime', 'kids', 'parenting'], things: ['the indoor playground', 'the picture book library', 'the sandpit', 'the mini train', 'the trampolines', 'the zoo', "the children's theatre", 'the craft class'], good: ['was a hit with our son', 'felt safe', 'suits kids over three', 'let the adults relax too', 'was noisy', 'was fairly priced', 'had patient teachers', 'kept them busy all afternoon'], details: ['there is a nursing room', 'strollers are fine', 'weekdays are quiet', 'bring socks', 'parking is easy', 'a good restaurant is next door', 'annual passes exist', 'book ahead online'] },
  cooking: { tags: ['homecooking', 'recipe', 'dinnerideas'], things: ['tomato and egg', 'braised pork', 'scallion oil noodles', 'cola chicken wings', 'steamed fish', 'rib soup', 'smashed cucumber', 'egg fried rice'], good: ['takes ten minutes', 'goes great with rice', 'is a family favourite', 'beats takeaway', 'worked on my first try', 'is all about the heat', 'was a bit salty this time', 'is simple and tasty'], details: ['caramelize the sugar slowly', 'marinate the fish with ginger', 'day-old rice fries better', 'add vinegar last', 'simmer the soup for two hours', 'use spring onions for the oil', 'freeze extra portions', 'pepper right before serving'] },
  plants: { tags: ['plants', 'houseplants', 'balconygarden'], things: ['my monstera', 'the pothos', 'the succulents', 'the roses', 'the mint', 'the fiddle leaf fig', 'the spider plant', 'the tomato seedlings'], good: ['grows so fast', 'is easy to keep', 'has yellow leaves', 'finally bloomed', 'almost died', 'tolerates shade', 'has a healthy new leaf', 'loves the summer'], details: ['water once a week', 'it sits by the east window', 'repotted into a bigger pot', 'used slow release fertilizer', 'brings it inside in winter', 'found fungus gnats', 'cuttings are rooting in water', 'let the soil dry out first'] },
  fitness: { tags: ['fitness', 'running', 'workout'], things: ['morning runs', 'the yoga class', 'skipping rope', 'strength training', 'swimming', 'pilates', 'cycling', 'stretching'], good: ['stuck for a month now', 'improved my stamina', 'hurt my knee a little', 'helped my sleep', 'was harder than expected', 'is a great stress relief', 'lifted my mood', 'changed my shape if not my weight'], details: ['three times a week', 'five kilometres before breakfast', 'following videos at home', 'got a pool membership', 'warm up first', 'eat enough protein', 'riding with friends on Sundays', 'tracking it in an app'] },
};

export const ZH_OPENERS = ['周末和{who}去了{place}', '终于打卡了{place}', '上周{day}去了{place}', '记录一下在{place}的一天', '{who}推荐的{place}，今天去了', '第{n}次来{place}了', '下班顺路去了{place}', '趁着天气好去了{place}'];
export const ZH_SENTENCES = ['{thing}{good}', '{detail}', '觉得{thing}{good}，{detail}', '{thing}真的{good}', '说实话{thing}{good}', '{detail}，这点很加分', '唯一的缺点是{detail}', '印象最深的是{thing}，{good}'];
export const ZH_CLOSERS = ['下次还会再来', '整体很满意', '推荐给大家', '有点小遗憾但还是开心', '先记下来以后再去', '希望对你们有用', '你们去过吗', '就这样，碎碎念结束'];
export const ZH_WHO = ['朋友', '闺蜜', '老公', '老婆', '爸妈', '同事', '孩子', '室友', '自己一个人'];
export const ZH_PLACES = ['西湖边', '徐汇滨江', '望京', '春熙路', '南山', '鼓浪屿', '老城区', '大学城', '滨江公园', '植物园', '古镇', '新开的商场'];
export const ZH_DAYS = ['周六', '周日', '周五晚上', '国庆', '清明', '年假', '端午'];

export const EN_OPENERS = ['Went to {place} with {who} this weekend', 'Finally made it to {place}', 'Last {day} we tried {place}', 'A day at {place}', '{who} recommended {place}, so we went', 'Visit number {n} to {place}', 'Stopped by {place} after work', 'The weather was great so we headed to {place}'];
export const EN_SENTENCES = ['{thing} {good}', '{detail}', 'I think {thing} {good}, and {detail}', 'Honestly {thing} {good}', 'To be fair {thing} {good}', '{detail}, which was a plus', 'The only downside: {detail}', 'What stayed with me is that {thing} {good}'];
export const EN_CLOSERS = ['Will be back', 'Happy overall', 'Recommended', 'A small letdown but still fun', 'Saving this for later', 'Hope this helps someone', 'Have you been?', 'That is all for today'];
export const EN_WHO = ['friends', 'my sister', 'my partner', 'my parents', 'coworkers', 'the kids', 'my roommate', 'nobody but myself'];
export const EN_PLACES = ['the riverside', 'the old town', 'the botanical garden', 'the harbour', 'the east hills', 'the new mall', 'the university district', 'the lake park', 'downtown', 'the flower market', 'the night market', 'the coast'];
export const EN_DAYS = ['Saturday', 'Sunday', 'Friday night', 'holiday', 'long weekend', 'day off'];

/** Brands and products an admin lists (and the planted promotions push). */
export const BRANDS = [
  { brand: 'Lumiere', product: ['Lumiere 修护精华', 'the Lumiere repair serum'], tag: ['精华', 'serum'] },
  { brand: '花间集', product: ['花间集玫瑰面霜', 'the 花间集 rose cream'], tag: ['面霜', 'facecream'] },
  { brand: 'NordPeak', product: ['NordPeak 冲锋衣', 'the NordPeak shell jacket'], tag: ['冲锋衣', 'outdoorgear'] },
  { brand: '小鹿厨房', product: ['小鹿厨房空气炸锅', 'the 小鹿厨房 air fryer'], tag: ['空气炸锅', 'airfryer'] },
  { brand: 'PureLeaf', product: ['PureLeaf 抹茶粉', 'PureLeaf matcha powder'], tag: ['抹茶', 'matcha'] },
  { brand: '云朵', product: ['云朵儿童安全座椅', 'the 云朵 kids car seat'], tag: ['安全座椅', 'carseat'] },
  { brand: 'Velora', product: ['Velora 防晒喷雾', 'Velora sunscreen spray'], tag: ['防晒', 'sunscreen'] },
  { brand: 'Kestrel', product: ['Kestrel 跑鞋', 'Kestrel running shoes'], tag: ['跑鞋', 'runningshoes'] },
  { brand: '山茶集', product: ['山茶集洗发水', '山茶集 camellia shampoo'], tag: ['洗发水', 'haircare'] },
  { brand: 'Oakmoss', product: ['Oakmoss 香薰蜡烛', 'the Oakmoss scented candle'], tag: ['香薰', 'candles'] },
];

/** Claims a promotion makes, with variants (paraphrases share the product and some wording). */
export const ZH_CLAIMS = [
  ['用了一周皮肤明显变好', '才用七天就感觉皮肤状态变好了', '坚持用了一周，皮肤肉眼可见地好了'],
  ['质地很轻薄一点都不黏', '上脸轻薄不黏腻', '质地轻薄，完全不黏'],
  ['身边朋友都在问我用的什么', '朋友们都追着问我用了什么', '同事都问我最近用了啥'],
  ['真的是闭眼入不踩雷', '闭眼买都不会踩雷', '无脑入不会后悔'],
  ['这个价格真的太值了', '这个价位简直太划算', '这价格买到就是赚到'],
  ['已经回购三次了', '我已经回购了三次', '回购第三次了'],
  ['成分很安心孕妇也能用', '成分干净，孕期也能放心用', '成分安全，孕妇都可以用'],
];
export const EN_CLAIMS = [
  ['my skin changed completely in one week', 'one week in and my skin looks totally different', 'after just a week my skin is transformed'],
  ['the texture is light and never sticky', 'so lightweight, not sticky at all', 'light texture, zero stickiness'],
  ['all my friends keep asking what I use', 'everyone keeps asking me what I am using', 'my coworkers all ask what my secret is'],
  ['honestly a no-brainer buy', 'you cannot go wrong with this one', 'an instant buy, no regrets'],
  ['the price is an absolute steal', 'for this price it is a steal', 'this price is unbelievable value'],
  ['already on my third bottle', 'I have repurchased three times', 'bought it three times already'],
  ['clean ingredients, safe for everyone', 'the ingredients are clean and gentle', 'safe clean formula for the whole family'],
];

export const ZH_CTAS = ['优惠码 {code} 立减', '私信我拿专属优惠', '链接在主页，戳链接下单', '评论区扣1我发你链接', '粉丝福利，下单立减五十', '领券再用折扣码 {code} 更便宜', '到手价只要{price}元，拍下就发货'];
export const EN_CTAS = ['use my code {code} for 20% off', 'DM me for the discount code', 'link in bio, grab yours', 'shop now with promo code {code}', 'limited time offer, tap the link', 'comment "want" and I will DM you the link', 'buy now before it sells out'];

/** Honest mentions of a brand and a price (hard negatives for undisclosed ads). */
export const ZH_HONEST_BUYS = ['在{brand}的店里打折买的，{price}元，感觉还行', '{brand}这个我自己买的，原价有点贵，等了个活动', '之前用过{brand}，这次回购了，价格{price}元', '{brand}的东西质量一般，但这个还不错'];
export const EN_HONEST_BUYS = ['bought it from {brand} on sale for ${price}, it is fine', 'I paid full price for {brand}, a bit much honestly', 'this is my second {brand} one, around ${price}', '{brand} is hit or miss but this one is good'];

export const SHOP_LINKS = ['https://item.taobao.com/item.htm?id={n}', 'https://detail.tmall.com/item.htm?id={n}', 'https://item.jd.com/{n}.html', 'https://www.amazon.com/dp/B0{n}'];
export const SHORT_LINKS = ['https://t.cn/A6{s}', 'https://bit.ly/3{s}', 'https://dwz.cn/{s}', 'https://tinyurl.com/y{s}', 'https://m.tb.cn/h.{s}'];
export const HONEST_LINKS = ['https://www.google.com/maps/place/{s}', 'https://www.dianping.com/shop/{n}', 'https://en.wikipedia.org/wiki/{s}', 'https://www.xiachufang.com/recipe/{n}/', 'https://myblog.example.org/posts/{n}', 'https://www.gov.cn/zhengce/{n}.htm', 'https://www.bbc.com/news/{n}'];
export const BLOCKED_DOMAINS = ['fast-loans.example', 'royal-bets.example', 'cheap-pills.example'];
export const SPAM_ZH = ['免费领取iPhone，名额有限', '日赚五百不是梦，宝妈在家也能做', '低价出售各种会员账号', '点进来有惊喜，手慢无', '兼职日结，一单一结'];
export const SPAM_EN = ['Free iPhone giveaway, limited spots', 'Make $500 a day from home', 'Cheap accounts for sale', 'Click for a surprise, hurry', 'Easy money, paid per task'];

/** The admin's word lists in the evaluation; planted texts use variants (spacing, full width, case). */
export const WORD_LISTS = [
  { name: 'contact-diversion', terms: ['加微信', '加v', 'vx号', 'add me on wechat', '私聊领取'], score: 0.7 },
  { name: 'prohibited', terms: ['代开发票', '刷单', '赌场', 'casino', 'cialis', '裸聊'], score: 0.95 },
];
/** How listed words are disguised in planted texts. */
export const WORD_VARIANTS: Record<string, string[]> = {
  '加微信': ['加微信', '加 微 信', '加*微*信', '加·微·信'],
  '加v': ['加V', '加Ｖ', '加 v'],
  'vx号': ['VX号', 'ＶＸ号', 'vx 号'],
  'add me on wechat': ['add me on WeChat', 'ADD ME ON WECHAT', 'add  me on wechat'],
  '私聊领取': ['私聊领取', '私 聊 领 取'],
  '代开发票': ['代开发票', '代 开 发 票'],
  '刷单': ['刷单', '刷-单'],
  '赌场': ['赌场', '线上赌场'],
  'casino': ['casino', 'CASINO', 'ｃａｓｉｎｏ', 'Casino'],
  'cialis': ['cialis', 'Cialis'],
  '裸聊': ['裸聊', '裸 聊'],
};
/** Honest words that contain a listed Latin term as a substring (must not match). */
export const LOOKALIKE_WORDS = ['a skin specialist', 'the specialists at the clinic', 'my dermatologist is a specialist in eczema'];

/** Everyday asides that make each honest note its own (slots: {name} {n} {time} {weather} {feeling} {food}). */
export const ZH_ASIDES = [
  '路上遇到了{name}，聊了{n}分钟', '{time}的时候{weather}', '心情{feeling}', '回家路上买了{food}', '拍了{n}张照片只有两张能看', '{name}说下次一起来',
  '今天走了{n}千步', '{weather}，还好带了伞', '排队排了{n}分钟', '人均大概{n}十块', '{time}到的，停车位还剩几个', '顺便去{name}家坐了坐',
  '最近工作很忙，难得放松', '手机快没电了，差点找不到路', '{food}也顺便尝了，{feeling}', '发现{name}开了一家新店', '这周已经是第{n}次出门了', '地铁上人超级多',
];
export const EN_ASIDES = [
  'ran into {name} on the way and chatted for {n} minutes', 'by {time} {weather}', 'I felt {feeling}', 'grabbed {food} on the way home', 'took {n} photos and two are decent',
  '{name} wants to come along next time', 'walked {n} thousand steps today', '{weather}, glad I had an umbrella', 'queued for {n} minutes', 'spent about {n}0 each',
  'got there around {time} and parking was fine', 'stopped at {name}\'s place after', 'work has been busy so this was a treat', 'my phone nearly died and I got lost',
  'tried {food} too and felt {feeling}', 'noticed {name} opened a new shop', 'this is outing number {n} this week', 'the train was packed',
];
export const ZH_NAME_CHARS = [...'小明芳丽强军伟静婷磊洋勇艳杰娟涛超霞平刚桂英华玲波斌宇浩凯'];
export const ZH_TIMES = ['早上八点', '中午', '下午三点', '傍晚', '晚上七点', '半夜', '周末上午'];
export const ZH_WEATHER = ['下起了小雨', '太阳特别大', '起风了', '天阴阴的', '出了彩虹', '有点闷热'];
export const ZH_FEELINGS = ['很不错', '有点累', '超级开心', '平平淡淡', '挺治愈的', '有点失落'];
export const ZH_FOODS = ['烤红薯', '奶茶', '煎饼果子', '糖葫芦', '一袋橘子', '面包', '酸奶', '炸鸡'];
export const EN_NAME_PARTS = ['Ma', 'Li', 'Jo', 'Ka', 'Sa', 'Ro', 'Ne', 'Da', 'Vi', 'Te', 'Mi', 'Lu', 'An', 'El', 'Ti', 'Be'];
export const EN_TIMES = ['eight', 'noon', 'three', 'sunset', 'seven', 'midnight', 'mid-morning'];
export const EN_WEATHER = ['it started drizzling', 'the sun was harsh', 'the wind picked up', 'it was overcast', 'there was a rainbow', 'it got humid'];
export const EN_FEELINGS = ['great', 'a bit tired', 'really happy', 'pretty neutral', 'calm', 'slightly down'];
export const EN_FOODS = ['a roasted sweet potato', 'bubble tea', 'a crepe', 'candied fruit', 'a bag of oranges', 'bread', 'yoghurt', 'fried chicken'];
