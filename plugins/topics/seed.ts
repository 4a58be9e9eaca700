// Demo topics and communities for `meadow seed demo`, in Chinese and
// English, on top of the notes the notes seed wrote (it runs first, since
// topics depends on notes). Running it twice adds nothing new.

import { AccountsServiceRef, type DemoSeedContext, type PluginContext } from '../../core/index.ts';
import { NotesServiceRef } from '../notes/contracts.ts';
import { communitiesOf } from './communities.ts';
import { storeOf } from './store.ts';

const DEMO_TOPICS: { name: string; description: string; featured?: boolean }[] = [
  { name: 'OOTD', description: '每日穿搭 · Outfit of the day: what people actually wear.', featured: true },
  { name: '露营', description: '露营装备、营地和避坑 · Camping gear, sites and lessons learned.', featured: true },
  { name: 'Plog', description: '用照片记录生活 · Photo logs of ordinary days.', featured: true },
  { name: '咖啡探店', description: '城市里的好咖啡 · Cafés worth the detour.', featured: true },
  { name: '徒步', description: '路线、装备和安全 · Hiking routes, kit and safety.' },
  { name: 'hiking', description: 'Trails and trip reports in English.' },
  { name: 'coffee', description: 'Beans, brewing and cafés.' },
  { name: '穿搭', description: '穿搭灵感 · Style ideas.' },
  { name: '每日穿搭', description: '' },
];

/** Synonyms merged into a canonical tag: [synonym, canonical]. */
const DEMO_MERGES: [string, string][] = [['每日穿搭', 'OOTD']];

const DEMO_COMMUNITIES = [
  {
    slug: 'camping-hiking',
    name: '露营与徒步 Camping & Hiking',
    description: '周末去山里：营地推荐、路线分享、装备清单。Weekend trips to the hills: campsites, routes and kit lists.',
    rules: ['只分享自己去过的地方 · Share places you have been to yourself.', '不留痕迹 · Leave no trace.', '合作内容请标注 · Label sponsored content.'],
    topics: ['露营', '徒步', 'hiking'],
    moderators: ['chen_hiking'],
    members: ['chen_hiking', 'sam_runs', 'emma_travels', 'lin_xiaoyu'],
  },
  {
    slug: 'coffee-map',
    name: '咖啡地图 Coffee Map',
    description: '一杯一杯喝出来的城市咖啡地图。A city coffee map, one cup at a time.',
    rules: ['写清楚地址和人均 · Give the address and price per person.', '不接受探店软广 · No undisclosed paid reviews.'],
    topics: ['咖啡探店', 'coffee'],
    moderators: ['lin_xiaoyu'],
    members: ['lin_xiaoyu', 'noah_film', 'greenleaf_tea', 'emma_travels'],
  },
  {
    slug: 'ootd',
    name: '每日穿搭 OOTD',
    description: '真实身材、真实穿搭。Real bodies, real outfits.',
    rules: ['友善评论 · Be kind in comments.'],
    topics: ['OOTD', '穿搭', 'Plog'],
    moderators: ['lucy_liu_design'],
    members: ['lucy_liu_design', 'wang_skincare', 'noah_film'],
  },
];

const DEMO_FOLLOWS: [string, string][] = [
  ['sam_runs', '露营'], ['sam_runs', 'hiking'], ['emma_travels', '咖啡探店'], ['emma_travels', 'Plog'],
  ['lin_xiaoyu', 'OOTD'], ['noah_film', 'Plog'], ['zhou_cooks', '咖啡探店'], ['wang_skincare', 'OOTD'],
];

/**
 * Links every published note to its tags by reading notes through the notes
 * service (their events may still be in flight, or were missed). Note ids
 * grow from 1; a run of empty batches ends the scan.
 */
export async function reindexNotes(ctx: PluginContext, progress?: (done: number, label: string) => void): Promise<number> {
  const notes = ctx.services.get(NotesServiceRef);
  const store = storeOf(ctx);
  const batch = 100;
  let indexed = 0;
  let emptyRuns = 0;
  for (let start = 1; emptyRuns < 3; start += batch) {
    const found = (await notes.getByIds(Array.from({ length: batch }, (_, i) => start + i))).filter((n) => n !== null);
    emptyRuns = found.length === 0 ? emptyRuns + 1 : 0;
    for (const note of found) {
      await store.syncNote(note, notes.plainText(note));
      indexed++;
    }
    progress?.(indexed, 'notes linked to their tags');
  }
  return indexed;
}

export async function seedDemoTopics({ ctx, progress }: DemoSeedContext): Promise<void> {
  const store = storeOf(ctx);
  const communities = communitiesOf(ctx);
  const accounts = ctx.services.get(AccountsServiceRef);
  const steps = 4;

  await reindexNotes(ctx);
  progress(1, steps, 'notes linked to their tags');

  for (const t of DEMO_TOPICS) {
    const topic = await store.ensureTopicByName(t.name);
    if (t.description && !topic.description) {
      await store.db.updateTable('topics_topics').set({ description: t.description }).where('id', '=', topic.id).execute();
    }
    if (t.featured) await store.setFlag(topic.id, 'featured', true);
  }
  for (const [synonym, canonical] of DEMO_MERGES) {
    const into = await store.findByName(canonical);
    const from = await store.findByName(synonym);
    if (into && from && from.id !== into.id) await store.merge(synonym, into);
  }
  progress(2, steps, 'topics, featured tags and synonyms');

  const idOf = async (handle: string) => (await accounts.getByHandle(handle))?.id ?? null;
  const official = (await idOf('meadow_official')) ?? 1;
  for (const c of DEMO_COMMUNITIES) {
    const community = (await communities.getBySlug(c.slug)) ?? (await communities.create(c, official));
    for (const handle of c.members) {
      const id = await idOf(handle);
      if (id) await communities.join(community.id, id);
    }
    for (const handle of c.moderators) {
      const id = await idOf(handle);
      if (id) await communities.setModerator(community.id, id, true);
    }
  }
  progress(3, steps, 'communities');

  for (const [handle, name] of DEMO_FOLLOWS) {
    const id = await idOf(handle);
    const topic = await store.findByName(name);
    if (id && topic) await store.follow(id, topic.id);
  }
  progress(4, steps, 'topic follows');
}
