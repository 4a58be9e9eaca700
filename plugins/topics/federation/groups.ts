// Topics and communities federating as Groups (FEP-1b12).
//
// - Outbound: when a public note is (or stops being) under a tag or in a
//   community, the Group sends Announce (or Undo(Announce)) to its remote
//   followers, once per note and Group (topics_fed_announces), never to the
//   note's own author.
// - Inbound Create addressed to a Group (its inbox, or its URI in to/cc/
//   audience): the note is imported through the notes importer, filed under
//   the topic (topics_fed_filed, kept by the link sync) or into the
//   community (its author becomes a member: in Meadow a community's notes
//   are its members' tagged notes), and announced. A community whose posting
//   is restricted to its moderators answers Reject.
// - Inbound Announce from a remote Group that local people follow: the note
//   is imported and remembered (topics_fed_group_notes) for the followers'
//   FOLLOWING feed. A Lemmy community announces its members' activities
//   (Announce(Create(Page))): the notes plugin handles the inner activity
//   as its actor's (plugins/notes/federation/inbound.ts); here the note of
//   an inner Create or Update is filed for the followers, after the same
//   origin checks.

import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Activity, Announce, Create, Reject, Undo, Update, PUBLIC_COLLECTION, type Object as APObject } from '@fedify/vocab';
import {
  AccountsServiceRef, FederationServiceRef, timestampValue, toDate,
  type FederationService, type InboxInfo, type PluginContext, type RemoteActorRecord,
} from '../../../core/index.ts';
import { NotesServiceRef, type FeedEntry, type FeedPosition, type NoteRecord } from '../../notes/contracts.ts';
import { communitiesOf } from '../communities.ts';
import { storeOf } from '../store.ts';
import { communityIdentifier, groupOf, topicIdentifier, type LocalGroup } from './actors.ts';
import { COMMUNITY_PREFIX, TOPIC_PREFIX } from './handles.ts';

const isGroupIdentifier = (identifier: string) => identifier.startsWith(TOPIC_PREFIX) || identifier.startsWith(COMMUNITY_PREFIX);

export class TopicGroups {
  private readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  /** Null when the federation module is off. */
  get federation(): FederationService | null {
    return this.ctx.services.maybe(FederationServiceRef) ?? null;
  }

  private get notes() {
    return this.ctx.services.get(NotesServiceRef);
  }

  /** The ActivityPub id of a note: its remote id, or /notes/{id} here. */
  noteUri(note: NoteRecord): string {
    const remote = (note as { remote?: { uri: string } | null }).remote;
    return remote?.uri ?? new URL(`/notes/${note.id}`, this.ctx.config.publicUrl).href;
  }

  // ---- outbound: Announce / Undo(Announce) ----------------------------------

  /** The Groups a note is in now: its visible topics and the communities its author is a member of. */
  async groupsOfNote(note: NoteRecord): Promise<string[]> {
    if (note.status !== 'published' || note.deletedAt || note.visibility !== 'public') return [];
    const topics = await this.db
      .selectFrom('topics_note_topics as l')
      .innerJoin('topics_topics as t', 't.id', 'l.topic_id')
      .select(['t.id', 't.key'])
      .where('l.note_id', '=', note.id)
      .where('t.hidden', '=', 0)
      .execute();
    if (topics.length === 0) return [];
    const communities = await this.db
      .selectFrom('topics_community_topics as ct')
      .innerJoin('topics_community_members as m', (j) => j.onRef('m.community_id', '=', 'ct.community_id').on('m.account_id', '=', note.authorId))
      .innerJoin('topics_communities as c', 'c.id', 'ct.community_id')
      .select('c.slug')
      .distinct()
      .where('ct.topic_id', 'in', topics.map((t) => Number(t.id)))
      .execute();
    return [...topics.map((t) => topicIdentifier({ key: t.key as string })), ...communities.map((c) => communityIdentifier({ slug: c.slug as string }))];
  }

  /**
   * Makes the Groups' announcements match the note as it is now: Announce
   * in the Groups it joined, Undo(Announce) in those it left. Idempotent.
   */
  async syncAnnouncements(noteId: number): Promise<void> {
    const fed = this.federation;
    if (!fed) return;
    const note = await this.notes.getById(noteId);
    const now = note ? new Set(await this.groupsOfNote(note)) : new Set<string>();
    const rows = await this.db.selectFrom('topics_fed_announces').select(['group_name', 'announce_uri', 'object_uri', 'undone']).where('note_id', '=', noteId).execute();
    const live = new Map(rows.filter((r) => !Number(r.undone)).map((r) => [r.group_name as string, r]));
    const done = new Set(rows.map((r) => r.group_name as string));
    for (const [group, row] of live) {
      if (!now.has(group)) await this.undoAnnounce(fed, noteId, group, row.announce_uri as string, row.object_uri as string);
    }
    if (!note) return;
    // Once per note and Group: a note that left a Group and came back is not announced again.
    for (const group of now) if (!done.has(group)) await this.announce(fed, note, group);
  }

  private async recipients(fed: FederationService, group: string, note: NoteRecord): Promise<RemoteActorRecord[]> {
    const author = await this.ctx.services.get(AccountsServiceRef).getById(note.authorId);
    const authorUri = author?.remote?.actorUri ?? null;
    return (await fed.actorFollowers(group)).filter((f) => f.uri !== authorUri);
  }

  private async announce(fed: FederationService, note: NoteRecord, group: string): Promise<void> {
    const groupUri = fed.actorUri(group);
    const id = new URL(`#announces/${randomUUID()}`, groupUri);
    const objectUri = this.noteUri(note);
    // Claim the row first: two deliveries of one event announce once.
    const claimed = await this.db
      .insertInto('topics_fed_announces')
      .values({ group_name: group, note_id: note.id, announce_uri: id.href, object_uri: objectUri, undone: 0, created_at: timestampValue(this.ctx.db.dialect, new Date()) })
      .onConflict((oc) => oc.columns(['group_name', 'note_id']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return;
    const to = await this.recipients(fed, group, note);
    if (to.length === 0) return;
    await fed.sendActivity({ identifier: group }, to, new Announce({
      id, actor: groupUri, object: new URL(objectUri),
      to: PUBLIC_COLLECTION, cc: fed.context().getFollowersUri(group),
    }));
  }

  private async undoAnnounce(fed: FederationService, noteId: number, group: string, announceUri: string, objectUri: string): Promise<void> {
    const updated = await this.db.updateTable('topics_fed_announces').set({ undone: 1 })
      .where('group_name', '=', group).where('note_id', '=', noteId).where('undone', '=', 0).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    const followers = await fed.actorFollowers(group);
    if (followers.length === 0 || !(await groupOf(this.ctx, group))) return;
    const groupUri = fed.actorUri(group);
    await fed.sendActivity({ identifier: group }, followers, new Undo({
      id: new URL(`#undo/${randomUUID()}`, groupUri), actor: groupUri,
      object: new Announce({ id: new URL(announceUri), actor: groupUri, object: new URL(objectUri) }),
      to: PUBLIC_COLLECTION, cc: fed.context().getFollowersUri(group),
    }));
  }

  // ---- inbound Create: a remote note addressed to a Group ------------------------

  /** Local Groups an activity is addressed to: the inbox it came to and to/cc/audience. */
  private async addressedGroups(create: Create, object: APObject, info: InboxInfo): Promise<LocalGroup[]> {
    const identifiers = new Set<string>();
    if (info.recipientHandle && isGroupIdentifier(info.recipientHandle)) identifiers.add(info.recipientHandle);
    const uris = [create.toIds, create.ccIds, create.audienceIds, object.toIds, object.ccIds, object.audienceIds].flat();
    for (const uri of uris) {
      const parsed = info.context.parseUri(uri);
      if (parsed?.type === 'actor' && isGroupIdentifier(parsed.identifier)) identifiers.add(parsed.identifier);
    }
    const groups: LocalGroup[] = [];
    for (const identifier of identifiers) {
      const group = await groupOf(this.ctx, identifier);
      if (group && !groups.some((g) => g.identifier === group.identifier)) groups.push(group);
    }
    return groups;
  }

  async onCreate(create: Create, info: InboxInfo): Promise<void> {
    const fed = this.federation;
    if (!fed || !create.actorId || !create.objectId) return;
    const object = await create.getObject(info.context).catch(() => null);
    if (!object?.id) return;
    const groups = await this.addressedGroups(create, object, info);
    if (groups.length === 0) return;
    // Only the author may post their note into a Group.
    if (!object.attributionIds.some((a) => a.href === create.actorId!.href)) return;
    const author = await info.actorAccount();
    if (!author) return;

    const allowed: LocalGroup[] = [];
    for (const group of groups) {
      if (group.kind === 'community' && (await this.postingRestricted(group.community.id))
        && (await communitiesOf(this.ctx).roleOf(author.id, group.community.id)) !== 'moderator') {
        const groupUri = fed.actorUri(group.identifier);
        const actor = await fed.remoteActorOf(author);
        if (actor) {
          await fed.sendActivity({ identifier: group.identifier }, actor, new Reject({
            id: new URL(`#rejects/${randomUUID()}`, groupUri), actor: groupUri, object: create, to: create.actorId,
          }));
        }
        continue;
      }
      allowed.push(group);
    }
    if (allowed.length === 0) return;

    const imported = await fed.importObject(object);
    if (!imported || imported.type !== 'Note') return;
    const note = await this.notes.getById(imported.id);
    if (!note || note.authorId !== author.id) return;
    const store = storeOf(this.ctx);
    for (const group of allowed) {
      if (group.kind === 'topic') {
        await this.file(note.id, group.topic.id);
        continue;
      }
      // Posting into a community makes its author a member (its notes are its members' notes)…
      await communitiesOf(this.ctx).join(group.community.id, author.id);
      // …and files the note under the community's first tag unless it carries one.
      const [topicIds] = await communitiesOf(this.ctx).topicIdsOf([group.community.id]);
      const linked = await this.db.selectFrom('topics_note_topics').select('topic_id').where('note_id', '=', note.id).execute();
      if (topicIds!.length && !linked.some((l) => topicIds!.includes(Number(l.topic_id)))) await this.file(note.id, topicIds![0]!);
    }
    await store.syncNoteById(note.id);
    await this.syncAnnouncements(note.id);
  }

  private async file(noteId: number, topicId: number): Promise<void> {
    await this.db.insertInto('topics_fed_filed').values({ note_id: noteId, topic_id: topicId })
      .onConflict((oc) => oc.columns(['note_id', 'topic_id']).doNothing()).execute();
  }

  // ---- community settings ---------------------------------------------------------

  async postingRestricted(communityId: number): Promise<boolean> {
    const row = await this.db.selectFrom('topics_fed_community_settings').select('posting_restricted').where('community_id', '=', communityId).executeTakeFirst();
    return Boolean(Number(row?.posting_restricted ?? 0));
  }

  async setPostingRestricted(communityId: number, restricted: boolean): Promise<void> {
    await this.db.insertInto('topics_fed_community_settings').values({ community_id: communityId, posting_restricted: restricted ? 1 : 0 })
      .onConflict((oc) => oc.column('community_id').doUpdateSet({ posting_restricted: restricted ? 1 : 0 })).execute();
  }

  // ---- inbound Announce from a remote Group local people follow ----------------------

  async onAnnounce(announce: Announce, info: InboxInfo): Promise<void> {
    const fed = this.federation;
    if (!fed || !announce.actorId || !announce.objectId) return;
    const sender = await info.actorAccount();
    if (!sender?.remote || sender.followersCount === 0) return;
    const actor = await fed.remoteActorOf(sender);
    if (actor?.type !== 'Group') return;
    const noteId = await this.noteOfAnnounced(fed, announce, info);
    if (noteId == null) return;
    const note = await this.notes.getById(noteId);
    if (!note?.publishedAt || note.visibility !== 'public') return;
    await this.db.insertInto('topics_fed_group_notes')
      .values({ group_uri: actor.uri, note_id: note.id, object_uri: announce.objectId.href, published_at: timestampValue(this.ctx.db.dialect, note.publishedAt) })
      .onConflict((oc) => oc.columns(['group_uri', 'note_id']).doNothing()).execute();
    // Its tags file it under local topics too (and their Groups announce it on).
    await storeOf(this.ctx).syncNoteById(note.id);
    await this.syncAnnouncements(note.id);
  }

  /** Undo(Announce) from a remote Group: the note leaves the followers' feeds. */
  async onUndo(undo: Undo, info: InboxInfo): Promise<void> {
    if (!this.federation || !undo.actorId) return;
    const inner = await undo.getObject(info.context).catch(() => null);
    if (!(inner instanceof Announce) || !inner.objectId || inner.actorId?.href !== undo.actorId.href) return;
    await this.db.deleteFrom('topics_fed_group_notes').where('group_uri', '=', undo.actorId.href).where('object_uri', '=', inner.objectId.href).execute();
  }

  private localNoteId(uri: URL): number | null {
    if (uri.origin !== new URL(this.ctx.config.publicUrl).origin) return null;
    const match = /^\/notes\/(\d+)$/.exec(uri.pathname);
    return match ? Number(match[1]) : null;
  }

  private async noteOfAnnounced(fed: FederationService, announce: Announce, info: InboxInfo): Promise<number | null> {
    const local = this.localNoteId(announce.objectId!);
    if (local != null) return local;
    // getObject re-fetches an object embedded from another origin than the Announce.
    let object = await announce.getObject(info.context).catch(() => null);
    if (object instanceof Create || object instanceof Update) object = await this.objectOfRelayed(object, info);
    if (!object || object instanceof Activity) return null;
    const imported = await fed.importObject(object);
    return imported?.type === 'Note' ? imported.id : null;
  }

  /**
   * FEP-1b12: the object of a member's Create/Update that a Group relays,
   * when it is its actor's: the activity's id on the actor's origin and the
   * object by that actor (the importer checks the object's own origin).
   */
  private async objectOfRelayed(inner: Create | Update, info: InboxInfo): Promise<APObject | null> {
    const actor = inner.actorId;
    if (!actor || !inner.id || inner.id.origin !== actor.origin) return null;
    // Re-fetched by getObject when embedded from another origin than the inner activity.
    const object = await inner.getObject(info.context).catch(() => null);
    if (!object || !object.attributionIds.some((a) => a.href === actor.href)) return null;
    return object;
  }

  /** FOLLOWING feed source: notes announced by remote Groups the viewer follows. */
  async followedGroupsFeed(viewerId: number, after: FeedPosition | null, limit: number): Promise<FeedEntry[]> {
    const fed = this.federation;
    if (!fed) return [];
    const groups = (await fed.remoteFollowing(viewerId)).filter((f) => f.state === 'accepted' && f.actor.type === 'Group');
    if (groups.length === 0) return [];
    const handles = new Map(groups.map((g) => [g.actor.uri, g.actor.handle]));
    let q = this.db.selectFrom('topics_fed_group_notes')
      .select((eb) => ['note_id', 'published_at', eb.fn.min('group_uri').as('group_uri')])
      .where('group_uri', 'in', [...handles.keys()]);
    if (after) {
      const at = timestampValue(this.ctx.db.dialect, new Date(after.publishedAt));
      q = q.where((eb) => eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('note_id', '<', after.noteId)])]));
    }
    const rows = await q.groupBy(['note_id', 'published_at']).orderBy('published_at', 'desc').orderBy('note_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      noteId: Number(r.note_id),
      publishedAt: toDate(r.published_at)!.getTime(),
      reason: `group:${handles.get(r.group_uri as string) ?? ''}`,
    }));
  }

  /** How many notes a Group announced (for tests and admin views). */
  async announcedCount(group: string): Promise<number> {
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from topics_fed_announces where group_name = ${group} and undone = 0`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }
}

const instances = new WeakMap<PluginContext, TopicGroups>();

export function groupsOf(ctx: PluginContext): TopicGroups {
  let groups = instances.get(ctx);
  if (!groups) {
    groups = new TopicGroups(ctx);
    instances.set(ctx, groups);
  }
  return groups;
}
