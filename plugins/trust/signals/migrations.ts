// Tables of the automatic signals: the signals found (one row per target
// and kind, linked to the report the instance filed about it), and the
// index detectors look things up in — fingerprints of notes and comments,
// their MinHash band keys, and the keys they push (links, products, codes,
// brands). Targets are other plugins' ids, so there are no foreign keys.

import type { Migration } from '../../../core/index.ts';

export const signalMigrations: Migration[] = [
  {
    id: 'signals_0001_index',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('trust_signals'))
        // 'Note' | 'Comment'
        .addColumn('target_type', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('target_id', 'bigint', (c: any) => c.notNull())
        // The author of the target.
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        // 'near-duplicate' | 'coordinated-burst' | 'undisclosed-ad' | 'spam-links' | 'word-list'
        .addColumn('kind', 'varchar(30)', (c: any) => c.notNull())
        .addColumn('score', 'double precision', (c: any) => c.notNull())
        .addColumn('explanation', 'text', (c: any) => c.notNull())
        // Null when found on the target itself; "Note:12" when a finding on another post named it (the rest of a burst).
        .addColumn('origin', 'varchar(40)')
        // The report the instance filed for it (trust_reports, no reporter): the moderators' view of it.
        .addColumn('report_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_signals_target_idx').on('trust_signals').columns(['target_type', 'target_id', 'kind']).unique().execute();
      await db.schema.createIndex('trust_signals_report_idx').on('trust_signals').columns(['report_id']).execute();

      await types
        .id(db.schema.createTable('trust_fingerprints'))
        .addColumn('target_type', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('target_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_handle', 'varchar(300)', (c: any) => c.notNull())
        // When the author's account was made (null: unknown, e.g. another instance's).
        .addColumn('account_created_at', types.timestamp)
        .addColumn('posted_at', types.timestamp, (c: any) => c.notNull())
        // MinHash signature as hex; null for texts too short to compare.
        .addColumn('signature', 'varchar(600)')
        .execute();
      await db.schema.createIndex('trust_fingerprints_target_idx').on('trust_fingerprints').columns(['target_type', 'target_id']).unique().execute();

      // LSH band keys: a lookup reads the few fingerprints sharing a band, not all of them.
      await db.schema
        .createTable('trust_fingerprint_bands')
        .addColumn('band_key', 'bigint', (c: any) => c.notNull())
        .addColumn('fingerprint_id', 'bigint', (c: any) => c.notNull())
        .addColumn('posted_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_fingerprint_bands_key_idx').on('trust_fingerprint_bands').columns(['band_key', 'posted_at']).execute();
      await db.schema.createIndex('trust_fingerprint_bands_fp_idx').on('trust_fingerprint_bands').columns(['fingerprint_id']).execute();

      // What a text pushes ("link:host/path", "product:…", "code:…", "brand:…"), for bursts and repeated links.
      await db.schema
        .createTable('trust_signal_keys')
        .addColumn('key', 'varchar(600)', (c: any) => c.notNull())
        .addColumn('fingerprint_id', 'bigint', (c: any) => c.notNull())
        .addColumn('posted_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_signal_keys_key_idx').on('trust_signal_keys').columns(['key', 'posted_at']).execute();
      await db.schema.createIndex('trust_signal_keys_fp_idx').on('trust_signal_keys').columns(['fingerprint_id']).execute();
    },
  },
];
