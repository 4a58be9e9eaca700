// Demo people for `meadow seed demo`: a small bilingual community of
// everyday people, creators, a brand and the instance's official account,
// following one another. Running it twice adds nothing new.

import type { DemoSeedContext } from '../plugins/define.ts';
import type { Role } from '../graphql/context.ts';
import { storeOf } from './store.ts';

/** Every demo account signs in with this password (shown by the CLI). */
export const DEMO_PASSWORD = 'meadow-demo-2025!';

interface DemoPerson {
  handle: string;
  displayName: string;
  bio: string;
  role: Role;
  locale: 'zh-CN' | 'en';
  links?: { label: string; url: string }[];
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { handle: 'meadow_official', displayName: 'Meadow 官方', bio: '社区公告、新功能和活动都在这里。Announcements, new features and events.', role: 'official', locale: 'zh-CN' },
  { handle: 'lin_xiaoyu', displayName: '林小雨', bio: '上海｜咖啡探店 ☕️ 周末城市漫步，只分享自己真的喜欢的店。', role: 'creator', locale: 'zh-CN', links: [{ label: '小站', url: 'https://example.com/xiaoyu' }] },
  { handle: 'chen_hiking', displayName: '陈大山', bio: '杭州徒步领队，十年户外经验。路线、装备、避坑都写在笔记里。', role: 'creator', locale: 'zh-CN' },
  { handle: 'zhou_cooks', displayName: '周周的厨房', bio: '上班族快手菜 🍳 十五分钟一顿饭，附详细步骤。', role: 'person', locale: 'zh-CN' },
  { handle: 'wang_skincare', displayName: '王敏 Min', bio: '敏感肌十年 | 成分党 | 不接广告，合作一律标注。', role: 'creator', locale: 'zh-CN' },
  { handle: 'emma_travels', displayName: 'Emma Clarke', bio: 'Londoner in Chengdu. Slow travel, tea houses and spicy food diaries.', role: 'creator', locale: 'en', links: [{ label: 'Blog', url: 'https://example.org/emma' }] },
  { handle: 'sam_runs', displayName: 'Sam Okafor', bio: 'Marathon beginner, learning in public. Shoes, plans and honest race reports.', role: 'person', locale: 'en' },
  { handle: 'lucy_liu_design', displayName: 'Lucy 刘', bio: 'Interior designer · 小户型改造 · Small flats, big ideas. 中英双语分享。', role: 'person', locale: 'en' },
  { handle: 'greenleaf_tea', displayName: '青叶茶事 Greenleaf Tea', bio: '品牌官方账号：明前龙井、白茶与冷泡茶。Official brand account.', role: 'brand', locale: 'zh-CN', links: [{ label: 'Shop', url: 'https://example.com/greenleaf' }] },
  { handle: 'zhao_pets', displayName: '赵小猫和它的猫', bio: '两只橘猫的日常 🐱 养猫新手问题欢迎留言。', role: 'person', locale: 'zh-CN' },
  { handle: 'noah_film', displayName: 'Noah Becker', bio: 'Film photographer. Shanghai streets on Portra 400.', role: 'person', locale: 'en' },
];

/** Who follows whom: each pair [follower, followee]. */
const DEMO_FOLLOWS: [string, string][] = [
  ...DEMO_PEOPLE.filter((p) => p.handle !== 'meadow_official').map((p) => [p.handle, 'meadow_official'] as [string, string]),
  ['lin_xiaoyu', 'noah_film'], ['lin_xiaoyu', 'greenleaf_tea'], ['lin_xiaoyu', 'zhou_cooks'],
  ['chen_hiking', 'sam_runs'], ['chen_hiking', 'emma_travels'],
  ['zhou_cooks', 'lin_xiaoyu'], ['zhou_cooks', 'zhao_pets'],
  ['wang_skincare', 'lin_xiaoyu'], ['wang_skincare', 'lucy_liu_design'],
  ['emma_travels', 'chen_hiking'], ['emma_travels', 'greenleaf_tea'], ['emma_travels', 'noah_film'], ['emma_travels', 'lin_xiaoyu'],
  ['sam_runs', 'chen_hiking'], ['sam_runs', 'emma_travels'],
  ['lucy_liu_design', 'wang_skincare'], ['lucy_liu_design', 'noah_film'],
  ['greenleaf_tea', 'lin_xiaoyu'], ['greenleaf_tea', 'emma_travels'],
  ['zhao_pets', 'zhou_cooks'], ['zhao_pets', 'wang_skincare'],
  ['noah_film', 'lin_xiaoyu'], ['noah_film', 'emma_travels'], ['noah_film', 'lucy_liu_design'],
];

export async function seedDemoAccounts({ ctx, progress }: DemoSeedContext): Promise<void> {
  const store = storeOf(ctx);
  const ids = new Map<string, number>();
  const total = DEMO_PEOPLE.length + DEMO_FOLLOWS.length;
  let done = 0;
  for (const person of DEMO_PEOPLE) {
    const existing = await store.getByHandle(person.handle);
    const account = existing ?? (await store.createAccount({ ...person, password: DEMO_PASSWORD }));
    if (!existing && person.links) await store.updateProfile(account.id, { links: person.links });
    // Demo people joined months ago (they are not new accounts under new-account limits).
    if (!existing) await store.backdate(account.id, new Date(Date.now() - 120 * 86_400_000));
    ids.set(person.handle, account.id);
    progress(++done, total, `people: @${person.handle}`);
  }
  for (const [from, to] of DEMO_FOLLOWS) {
    await store.follow(ids.get(from)!, ids.get(to)!);
    progress(++done, total, `follows: @${from} → @${to}`);
  }
}
