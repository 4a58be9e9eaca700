// GraphQL for media: the Media type, lookups, alt/focal-point edits, and the
// avatar on accounts' Account type (a link resolved through this module's loader).

import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { requireViewer } from '../graphql/context.ts';
import { localId, toGlobalId } from '../graphql/relay.ts';
import { MeadowError, badInput, notFound } from '../errors/errors.ts';
import { AccountsServiceRef } from '../accounts/contracts.ts';
import type { MediaRecord, MediaVariantName } from './contracts.ts';
import type { MediaServiceImpl } from './service.ts';

export const mediaTypeDefs = /* GraphQL */ `
  "Sizes an image is stored in: the re-encoded original (JPEG, or PNG with transparency, at most 2048 px on the long edge) and WebP by width."
  enum MediaVariantName {
    original
    "WebP, 2048 px wide"
    large
    "WebP, 1080 px wide"
    medium
    "WebP, 400 px wide"
    small
  }

  "Where the eye should rest when an image is cropped: x and y from -1 to 1, (0,0) the centre (Mastodon's convention)."
  type FocalPoint {
    x: Float!
    y: Float!
  }

  type MediaVariant {
    name: MediaVariantName!
    width: Int!
    height: Int!
    mimeType: String!
    url: String!
  }

  enum MediaKind {
    "Checked and re-encoded (JPEG or PNG original and WebP sizes)."
    image
    "Kept as uploaded (MP4, QuickTime or WebM); not transcoded."
    video
  }

  "An uploaded image (checked and re-encoded, without its original metadata) or video (kept as uploaded)."
  type Media implements Node {
    id: ID!
    kind: MediaKind!
    "URL of a variant; the original when that size was not made (a smaller source). A video has only its original."
    url(variant: MediaVariantName = original): String!
    "Display size in pixels; null for a video whose size the server could not read."
    width: Int
    height: Int
    "A video's length in milliseconds; null for images and when unknown."
    durationMs: Int
    "A video's poster frame (an image); null for images and for a video without one."
    poster: Media
    "null for a video without a poster."
    blurhash: String
    focalPoint: FocalPoint!
    alt: String!
    mimeType: String!
    variants: [MediaVariant!]!
    createdAt: DateTime!
  }

  extend type Account {
    avatar: Media
  }

  extend type Query {
    media(id: ID!): Media
  }

  extend type Mutation {
    "Owner only: change an image's or video's alt text (at most 1500 characters) or focal point."
    updateMedia(id: ID!, alt: String, focusX: Float, focusY: Float): Media!
    "Set your avatar to one of your own uploads, or clear it with null."
    setAvatar(mediaId: ID): Account!
  }
`;

export function mediaResolvers(service: () => MediaServiceImpl) {
  return (ctx: PluginContext): Resolvers => ({
    Media: {
      id: (m: MediaRecord) => toGlobalId('Media', m.id),
      url: (m: MediaRecord, args: { variant?: MediaVariantName }) => service().urlOf(m, args.variant ?? 'original'),
      blurhash: (m: MediaRecord) => m.blurhash || null,
      poster: (m: MediaRecord, _: unknown, gctx) => (m.posterMediaId ? service().loader(gctx).load(m.posterMediaId) : null),
      // A video stored without ffprobe has no known size: it lists no variant (its url is still there).
      variants: (m: MediaRecord) =>
        m.variants.filter((v) => v.width > 0 && v.height > 0).map(({ name, width, height, mimeType, url }) => ({ name, width, height, mimeType, url })),
    },
    Account: {
      avatar: (account: { avatarMediaId?: number | null }, _: unknown, gctx) =>
        account.avatarMediaId ? service().loader(gctx).load(Number(account.avatarMediaId)) : null,
    },
    Query: {
      media: (_: unknown, args: { id: string }, gctx) => service().loader(gctx).load(localId(args.id, 'Media')),
    },
    Mutation: {
      updateMedia: async (_: unknown, args: { id: string; alt?: string | null; focusX?: number | null; focusY?: number | null }, gctx) => {
        const viewer = requireViewer(gctx);
        const id = localId(args.id, 'Media');
        const media = await service().getById(id);
        if (!media) throw notFound(`Media ${args.id}`);
        if (media.ownerId !== viewer.accountId) throw new MeadowError('FORBIDDEN', 'Only the account that uploaded this image can change it', { mediaId: args.id });
        return service().update(id, args);
      },
      setAvatar: async (_: unknown, args: { mediaId?: string | null }, gctx) => {
        const viewer = requireViewer(gctx);
        const accounts = ctx.services.get(AccountsServiceRef);
        const mediaId = args.mediaId == null ? null : localId(args.mediaId, 'Media');
        if (mediaId != null) {
          const [media] = await service().assertOwnedBy([mediaId], viewer.accountId);
          if (media!.kind !== 'image') throw badInput('An avatar must be an image, not a video', { mediaId: args.mediaId });
        }
        await accounts.setAvatar(viewer.accountId, mediaId);
        const account = await accounts.getById(viewer.accountId);
        if (!account) throw notFound('Your account');
        return account;
      },
    },
  });
}
