// Demo notes for `meadow seed demo`: every structured kind, boards and
// comments, in Chinese and English, by the accounts the accounts module
// seeds (two are created if none exist). Images are made here: soft colour
// gradients, uploaded through MediaService like any upload.

import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, type AccountRecord, type DemoSeedContext, type Viewer } from '../../core/index.ts';
import type { NoteBlock } from './contracts.ts';
import { notesOf } from './service/index.ts';

interface DemoNote {
  author: string;
  title: string;
  body: string;
  language: string;
  colours: string[];
  blocks?: NoteBlock[];
  visibility?: 'public' | 'followers';
}

const DEMO_NOTES: DemoNote[] = [
  {
    author: 'lin_xiaoyu', language: 'zh-CN', colours: ['#c8a27a', '#6f4e37', '#f3e5d0'],
    title: '在家手冲咖啡，新手三步就够了',
    body: '周末在家也能喝到店里的味道 ☕️ #手冲咖啡 #咖啡\n\n器具都不贵，**关键是水温和研磨度**。有问题评论区问我～',
    blocks: [{ kind: 'tutorial', title: '手冲步骤', steps: [
      { text: '豆子 15g，中细研磨（像细砂糖）', mediaIds: [] },
      { text: '92°C 热水先闷蒸 30 秒，注水 30g', mediaIds: [] },
      { text: '分三段注水到 240g，总时间 2 分半', mediaIds: [], productRef: 'demo:kettle' },
    ] }],
  },
  {
    author: 'chen_hiking', language: 'zh-CN', colours: ['#4a7c59', '#9bc1a2', '#2f4f4f', '#dfe8d8'],
    title: '第一次露营，装备清单照着带就行',
    body: '带新手去了三次 #露营，总结出这份清单。#户外 #装备清单\n\n- 夜里山上会降到 10°C 以下\n- 营地尽量选有水源的',
    blocks: [
      { kind: 'checklist', title: '必带装备', items: [
        { name: '帐篷', note: '三季帐足够，注意防水指数' },
        { name: '睡袋', note: '舒适温度比预报低 5°C' },
        { name: '头灯', note: '带备用电池', link: 'https://example.com/headlamp' },
        { name: '防潮垫' },
      ] },
      { kind: 'pitfalls', title: '避坑', entries: [
        { warning: '别在河滩扎营', reason: '上游下雨时夜里可能涨水' },
        { warning: '不要只带棉衣', reason: '棉吸汗后不保暖，选抓绒或羽绒' },
      ] },
    ],
  },
  {
    author: 'wang_skincare', language: 'zh-CN', colours: ['#f7d6d0', '#e8a798', '#fff5f0'],
    title: '敏感肌换季护肤避坑指南',
    body: '十年敏感肌的血泪经验，**不接广告**，只说自己用过的。#敏感肌 #护肤',
    blocks: [{ kind: 'pitfalls', entries: [
      { warning: '换季不要同时上新品', reason: '一次只换一样，才知道是谁惹的祸' },
      { warning: '别迷信"纯天然"', reason: '植物精油反而是常见致敏源' },
      { warning: '防晒不能省', reason: '紫外线会让屏障更脆弱' },
    ] }],
  },
  {
    author: 'zhou_cooks', language: 'zh-CN', colours: ['#e4572e', '#f3a712', '#fff3e0'],
    title: '15 分钟番茄炒蛋，上班族救星',
    body: '下班回家最快的一道菜 🍅 #快手菜 #家常菜',
    blocks: [{ kind: 'tutorial', steps: [
      { text: '番茄切块，鸡蛋加少许盐打散', mediaIds: [] },
      { text: '热油炒蛋到七成熟盛出', mediaIds: [] },
      { text: '番茄炒出汁，加糖和盐，倒回鸡蛋翻匀', mediaIds: [] },
    ] }],
  },
  {
    author: 'emma_travels', language: 'en', colours: ['#7a9e7e', '#d9c5a0', '#3b5249'],
    title: 'Chengdu tea houses I keep going back to',
    body: 'Slow afternoons with jasmine tea and ear cleaners 🍵 #Chengdu #TeaHouse #SlowTravel\n\nAsk @lin_xiaoyu for the coffee version of this list!',
    blocks: [{ kind: 'checklist', title: 'My list', items: [
      { name: 'Heming Teahouse', note: 'People’s Park, go on a weekday morning' },
      { name: 'Guanyinge Old Teahouse', note: 'Pengzhen, worth the early train' },
      { name: 'Wenshu Monastery tea garden', note: 'Quiet, cheap, lovely trees' },
    ] }],
  },
  {
    author: 'sam_runs', language: 'en', colours: ['#1d3557', '#457b9d', '#f1faee'],
    title: 'First marathon: what I got wrong',
    body: 'Finished in 4:41 and learned a lot. #Running #Marathon',
    blocks: [
      { kind: 'pitfalls', title: 'Pitfalls', entries: [
        { warning: 'New shoes on race day', reason: 'Blisters at km 18. Break them in for 50 km first.' },
        { warning: 'Starting too fast', reason: 'The crowd pulls you; I paid for it after km 30.' },
      ] },
      { kind: 'tutorial', title: 'My taper week', steps: [
        { text: 'Cut volume by half, keep two short tempo runs', mediaIds: [] },
        { text: 'Carb-load the last two days', mediaIds: [] },
      ] },
    ],
  },
  {
    author: 'noah_film', language: 'en', colours: ['#b56576', '#eaac8b', '#355070', '#6d597a'],
    title: 'Shanghai streets on Portra 400',
    body: 'A roll from the French Concession on a rainy Sunday. #FilmPhotography #Shanghai',
  },
  {
    author: 'lucy_liu_design', language: 'zh-CN', colours: ['#e9d8a6', '#94d2bd', '#ee9b00'],
    title: '30㎡ 小户型收纳改造 | Small flat storage',
    body: '中英双语分享 #小户型 #收纳 #HomeDecor',
    visibility: 'followers',
    blocks: [{ kind: 'checklist', items: [
      { name: '床下抽屉 Under-bed drawers', note: '换季衣物全放这里' },
      { name: '洞洞板 Pegboard', note: '厨房墙面利用率翻倍' },
    ] }],
  },
];

const BOARDS = [
  { owner: 'emma_travels', name: '周末去哪儿 Weekend ideas', visibility: 'public' as const, notes: ['第一次露营，装备清单照着带就行', 'Shanghai streets on Portra 400'] },
  { owner: 'lin_xiaoyu', name: '想做的菜', visibility: 'private' as const, notes: ['15 分钟番茄炒蛋，上班族救星'] },
  { owner: 'sam_runs', name: 'Gear & tips', visibility: 'public' as const, notes: ['第一次露营，装备清单照着带就行', 'First marathon: what I got wrong'] },
];

const COMMENTS = [
  { on: '第一次露营，装备清单照着带就行', by: 'emma_travels', body: 'Saving this for my first camping trip! 🏕️', replies: [{ by: 'chen_hiking', body: '欢迎来杭州，带你走一次 @emma_travels' }] },
  { on: '在家手冲咖啡，新手三步就够了', by: 'zhou_cooks', body: '水温真的很关键，之前一直用开水 😂', replies: [{ by: 'lin_xiaoyu', body: '开水会苦，降一降就好～' }] },
  { on: 'First marathon: what I got wrong', by: 'chen_hiking', body: '新鞋上赛道太真实了 #跑步' },
];

function gradient(colours: string[], seed: number): Promise<Buffer> {
  const [a, b] = [colours[seed % colours.length]!, colours[(seed + 1) % colours.length]!];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs><rect width="900" height="1200" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const viewerOf = (a: AccountRecord): Viewer => ({ accountId: a.id, handle: a.handle, role: a.role, sessionId: null });

export async function seedDemoNotes({ ctx, progress }: DemoSeedContext): Promise<void> {
  const accounts = ctx.services.get(AccountsServiceRef);
  const media = ctx.services.get(MediaServiceRef);
  const notes = notesOf(ctx);
  const people = new Map<string, AccountRecord>();
  for (const handle of new Set(DEMO_NOTES.map((n) => n.author))) {
    const found = await accounts.getByHandle(handle);
    if (found) people.set(handle, found);
  }
  if (people.size === 0) {
    // No demo accounts: make two, so the notes have authors.
    for (const handle of ['lin_xiaoyu', 'emma_travels']) {
      people.set(handle, await accounts.createAccount({ handle, password: `demo-${handle}-${Date.now()}-pass`, displayName: handle }));
    }
  }
  const byTitle = new Map<string, number>();
  const total = DEMO_NOTES.length + BOARDS.length + COMMENTS.length;
  let done = 0;
  for (const [i, demo] of DEMO_NOTES.entries()) {
    const author = people.get(demo.author) ?? [...people.values()][i % people.size]!;
    const existing = (await notes.feeds.byAuthor(author.id, author.id, 100, null)).notes.find((n) => n.title === demo.title);
    if (existing) {
      byTitle.set(demo.title, existing.id);
    } else {
      const images: { mediaId: number; alt: string | null }[] = [];
      for (let k = 0; k < Math.min(demo.colours.length, 3); k++) {
        const m = await media.upload(author.id, await gradient(demo.colours, k), { alt: `${demo.title} (${k + 1})` });
        images.push({ mediaId: m.id, alt: null });
      }
      const blocks = (demo.blocks ?? []).map((b) => (b.kind === 'tutorial' ? { ...b, steps: b.steps.map((s, k) => ({ ...s, mediaIds: k === 0 ? [images[0]!.mediaId] : [] })) } : b));
      const note = await notes.writer.create(viewerOf(author), { title: demo.title, body: demo.body, language: demo.language, images, blocks, visibility: demo.visibility ?? 'public' });
      byTitle.set(demo.title, note.id);
    }
    progress(++done, total, `notes: ${demo.title}`);
  }
  for (const board of BOARDS) {
    const owner = people.get(board.owner);
    if (owner) {
      const boards = await notes.boards.listOf(owner.id, owner.id);
      const b = boards.find((x) => x.name === board.name) ?? (await notes.boards.create(viewerOf(owner), { name: board.name, visibility: board.visibility }));
      for (const title of board.notes) {
        const id = byTitle.get(title);
        if (id && (await notes.reader.canRead(id, owner.id))) await notes.boards.collect(viewerOf(owner), id, b.id);
      }
    }
    progress(++done, total, `boards: ${board.name}`);
  }
  for (const c of COMMENTS) {
    const noteId = byTitle.get(c.on);
    const by = people.get(c.by);
    if (noteId && by) {
      const existing = await notes.comments.page(noteId, null, null, 100, null);
      if (!existing.some((x) => x.body === c.body)) {
        const top = await notes.comments.create(viewerOf(by), noteId, c.body, null);
        for (const r of c.replies ?? []) {
          const replier = people.get(r.by);
          if (replier) await notes.comments.create(viewerOf(replier), noteId, r.body, top.id);
        }
        await notes.engagement.like(viewerOf(by), noteId);
      }
    }
    progress(++done, total, 'comments');
  }
}
